"""Reading tracking numbers as people type them (``rules.tracking``)."""

import pytest

from gongkai.rules.tracking import (
    TrackingNumber,
    TrackingNumberError,
    parse_tracking_number,
    prefix_matches,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("〔2026〕第0008号", ("", 2026, 8)),
        ("统计局〔2026〕第0008号", ("统计局", 2026, 8)),
        ("(2026)8", ("", 2026, 8)),
        ("（2026）第8号", ("", 2026, 8)),
        ("[2026]0008", ("", 2026, 8)),
        ("【2026】8号", ("", 2026, 8)),
        ("〔2026〕8", ("", 2026, 8)),
        ("2026-8", ("", 2026, 8)),
        ("2026-0008", ("", 2026, 8)),
        ("2026/8", ("", 2026, 8)),
        ("２０２６－８", ("", 2026, 8)),
        ("（２０２６）第００８号", ("", 2026, 8)),
        ("  统计局 (2026) 第 8 号 ", ("统计局", 2026, 8)),
        ("TJJ-2026-0008", ("TJJ", 2026, 8)),
        ("tjj2026-8", ("tjj", 2026, 8)),
        ("2026第123号", ("", 2026, 123)),
    ],
)
def test_typed_forms_are_read(typed, expected):
    assert parse_tracking_number(typed) == TrackingNumber(*expected)


@pytest.mark.parametrize(
    ("typed", "part", "words"),
    [
        ("", "empty", "请输入申请编号"),
        ("   ", "empty", "请输入申请编号"),
        ("第8号", "year", "四位数字的年份"),
        ("(26)8", "year", "四位数字的年份"),
        ("(1999)8", "year", "“1999”不正确"),
        ("〔2026〕", "seq", "缺少年份后的流水号"),
        ("〔2026〕第号", "seq", "缺少年份后的流水号"),
        ("〔2026〕第8a号", "seq", "“8a”不是流水号"),
        ("〔2026〕第0号", "seq", "不能为0"),
        ("〔2026〕第12345678号", "seq", "过长"),
        ("统计局)〔2026〕8", "extra", "无法识别"),
    ],
)
def test_unreadable_forms_name_the_wrong_part(typed, part, words):
    with pytest.raises(TrackingNumberError) as err:
        parse_tracking_number(typed)
    assert err.value.part == part
    assert words in str(err.value)


@pytest.mark.parametrize(
    ("typed", "names", "matches"),
    [
        ("", ("统计局", "TJJ"), True),
        ("统计局", ("统计局", "TJJ"), True),
        ("tjj", ("统计局", "TJJ"), True),
        ("ＴＪＪ", ("统计局", "TJJ"), True),
        ("民政局", ("统计局", "TJJ"), False),
    ],
)
def test_prefix_matches(typed, names, matches):
    assert prefix_matches(typed, *names) is matches
