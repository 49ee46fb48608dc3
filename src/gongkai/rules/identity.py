"""Identity numbers of applicants: 居民身份证号码 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015).

Plain Python, no Django import. Each ``check_*`` function returns ``None`` for a
valid number and otherwise a short Chinese message saying what is wrong, so
forms, the import and the command line report the same reason (``check_phone`` does the
same for contact phone numbers). ``mask_*``
helpers hide the middle of numbers in lists and exports.
"""

import datetime
import re

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

#: GB 32100 alphabet: digits and upper-case letters without I, O, Z, S, V.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CC_RE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")
# First character: registering authority (1 机构编制, 5 民政, 9 工商, Y 其他 ...).
_CC_AUTHORITIES = set("123456789ABCDEFGNY")


def normalise(value: str) -> str:
    """Strip blanks (including full-width) and upper-case; 'x' becomes 'X'."""
    return re.sub(r"[\s\u3000]+", "", value or "").upper()


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) for 17 leading digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_resident_id(value: str, *, today: datetime.date | None = None) -> str | None:
    """Validate an 18-character 居民身份证号码; ``None`` when valid, else the reason."""
    v = normalise(value)
    if len(v) != 18:
        return f"身份证号码应为18位，当前为{len(v)}位"
    if not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "身份证号码前17位应为数字，最后一位为数字或X"
    try:
        born = datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    today = today or datetime.date.today()
    if born > today or born.year < 1900:
        return "身份证号码中的出生日期无效"
    if resident_id_check_char(v[:17]) != v[17]:
        return "身份证号码校验位不正确，请核对"
    return None


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for 17 leading characters."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, _CC_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(value: str) -> str | None:
    """Validate an 18-character 统一社会信用代码; ``None`` when valid, else the reason."""
    v = normalise(value)
    if len(v) != 18:
        return f"统一社会信用代码应为18位，当前为{len(v)}位"
    if not _CC_RE.match(v):
        return "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）"
    if v[0] not in _CC_AUTHORITIES:
        return "统一社会信用代码第1位（登记管理部门代码）无效"
    if not v[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划代码"
    if credit_code_check_char(v[:17]) != v[17]:
        return "统一社会信用代码校验位不正确，请核对"
    return None


def is_valid_resident_id(value: str) -> bool:
    return check_resident_id(value) is None


def is_valid_credit_code(value: str) -> bool:
    return check_credit_code(value) is None


_MOBILE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
#: 区号 (010, 02X, or a four-digit 0XXX) then a 7- or 8-digit local number not starting 0/1,
#: optionally an extension (转 / - / ext) of 1-6 digits.
_LANDLINE_RE = re.compile(
    r"^(?:\+?86)?(?:010|02\d|0[3-9]\d{2})[2-9]\d{6,7}(?:(?:转|EXT|#)\d{1,6})?$"
)


def check_phone(value: str) -> str | None:
    """Validate a contact phone number: a mobile number (``1[3-9]`` and 9 digits) or a
    landline with its area code (``0471-6221234``, ``(010) 6522 1234``); spaces, dashes,
    brackets and full-width digits are allowed. ``None`` when valid, else the reason."""
    import unicodedata

    v = unicodedata.normalize("NFKC", value or "").upper()
    v = re.sub(r"[\s\-()（）.]+", "", v)
    if not v:
        return "请填写联系电话"
    if not re.fullmatch(r"[+\d转EXT#]+", v) or not any(c.isdigit() for c in v):
        return "联系电话只能包含数字、空格和连字符，如 13812345678 或 0471-6221234"
    if _MOBILE_RE.match(v) or _LANDLINE_RE.match(v):
        return None
    digits = v.lstrip("+")
    if digits.startswith("86"):
        digits = digits[2:]
    if digits.startswith("1") and len(digits) == 11 and digits.isdigit():
        return "手机号码应以13至19开头，请核对"
    if digits.startswith("1"):
        return f"手机号码应为以1开头的11位数字，当前为{len(digits)}位"
    if digits.startswith("0"):
        return "固定电话应为区号加7至8位号码，如 0471-6221234"
    return "固定电话请加区号，如 0471-6221234；手机号码为以1开头的11位数字"


def mask_id(value: str) -> str:
    """Keep the first 4 and last 4 characters: ``1507**********1234``."""
    v = normalise(value)
    if len(v) <= 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def mask_phone(value: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number: ``138****5678``."""
    v = re.sub(r"\s+", "", value or "")
    if len(v) <= 7:
        return "*" * len(v)
    return v[:3] + "*" * (len(v) - 7) + v[-4:]
