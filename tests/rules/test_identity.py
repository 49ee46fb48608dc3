"""GB 11643 resident ID and GB 32100 credit code validation (no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.rules.identity import (
    CREDIT_CODE_ALPHABET,
    check_credit_code,
    check_phone,
    check_resident_id,
    credit_code_check_char,
    mask_id,
    mask_phone,
    resident_id_check_char,
)


def test_known_valid_resident_ids():
    assert check_resident_id("11010519491231002X") is None
    assert check_resident_id("11010519491231002x") is None  # lower-case x accepted
    assert check_resident_id(" 110105 19491231002X ") is None  # blanks ignored


def test_resident_id_errors_are_chinese_and_specific():
    assert "校验位" in check_resident_id("110105194912310021")
    assert "18位" in check_resident_id("1101051949123100")
    assert "出生日期" in check_resident_id("110105194913310020")
    assert "数字" in check_resident_id("11010519491231A02X")
    assert "出生日期" in check_resident_id("110105209901010000", today=datetime.date(2026, 1, 1))


@given(
    st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2020, 12, 31)),
    st.from_regex(r"^[0-9]{6}$", fullmatch=True),
    st.from_regex(r"^[0-9]{3}$", fullmatch=True),
)
def test_resident_id_roundtrip_and_single_digit_errors(born, region, seq):
    first17 = f"{region}{born:%Y%m%d}{seq}"
    good = first17 + resident_id_check_char(first17)
    assert check_resident_id(good) is None
    # Any change of the check character is detected.
    for c in "0123456789X":
        if c != good[-1]:
            assert check_resident_id(first17 + c) is not None


def test_known_valid_credit_codes():
    for code in ("9144030071526726XG", "91330100799655058B", "91110000600037341L"):
        assert check_credit_code(code) is None, code


def test_credit_code_errors():
    assert "校验位" in check_credit_code("91330100799655058C")
    assert "18位" in check_credit_code("9133010079965505")
    assert "不允许的字符" in check_credit_code("9133010079965505OB")
    assert "登记管理部门" in check_credit_code("Z1330100799655058B".replace("Z", "W"))


@given(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=9, max_size=9))
def test_credit_code_roundtrip(body):
    first17 = "91330100" + body
    code = first17 + credit_code_check_char(first17)
    assert check_credit_code(code) is None
    wrong = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.index(code[-1]) + 1) % 31]
    assert check_credit_code(first17 + wrong) is not None


def test_masks():
    assert mask_id("11010519491231002X") == "1101**********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0470-6222586") == "047*****2586"
    assert mask_phone("123") == "***"


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "１３８１２３４５６７８",
        "0471-6221234",
        "(0471) 6221234",
        "（010）6522 1234",
        "010-65221234",
        "021 5888 1234",
        "0471-6221234转802",
    ],
)
def test_valid_phone_numbers(phone):
    assert check_phone(phone) is None


@pytest.mark.parametrize(
    ("phone", "words"),
    [
        ("abc", "只能包含数字"),
        ("", "请填写联系电话"),
        ("1381234567", "11位数字，当前为10位"),
        ("12812345678", "应以13至19开头"),
        ("6221234", "请加区号"),
        ("0471-122", "区号加7至8位号码"),
        ("138@1234", "只能包含数字"),
    ],
)
def test_invalid_phone_numbers_say_why(phone, words):
    assert words in check_phone(phone)
