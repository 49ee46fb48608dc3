"""Tracking numbers (申请编号) as people type them.

The system prints a case's number from the agency's pattern (by default
``{short}〔{year}〕第{seq:04d}号``, e.g. ``市统计局〔2026〕第0008号``, or a letter code form such
as ``TJJ-2026-0008``). Citizens copy it from a receipt, an e-mail or a phone call and type
``(2026)8``, ``（2026）第8号``, ``[2026]0008``, ``2026-8`` or full-width digits.
:func:`parse_tracking_number` reads all of these into (prefix, year, sequence); the
applications app formats them back with the agency's pattern
(``applications.services.canonical_tracking_numbers``), so one place decides the printed form.

When the text cannot be read, :class:`TrackingNumberError` says which part is wrong (the
year, the sequence number, or extra characters), in Chinese, for forms and the API alike.

Plain Python, no Django import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The first year numbers can carry: the Regulations took effect on 2008-05-01.
FIRST_YEAR = 2008
LAST_YEAR = 2099

_OPEN = "([{〔【［（〈《"
_CLOSE = ")]}〕】］）〉》"
_SEPARATORS = "-_/.·—－–~、,， "

_YEAR_RE = re.compile(r"\d{4}")


class TrackingNumberError(ValueError):
    """A typed tracking number that cannot be read; ``part`` is ``"empty"``, ``"year"``,
    ``"seq"`` or ``"extra"``; the message (``str(err)``) says what is wrong, in Chinese."""

    def __init__(self, part: str, message: str):
        super().__init__(message)
        self.part = part
        self.message = message


@dataclass(frozen=True)
class TrackingNumber:
    """A tracking number read from text: the agency prefix as typed (``""`` when none,
    e.g. ``市统计局`` or ``TJJ``), the year and the sequence number."""

    prefix: str
    year: int
    seq: int


def _fold(text: str) -> str:
    """Full-width digits, letters and brackets to their half-width forms (NFKC), blanks out."""
    folded = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", folded)


def parse_tracking_number(text: str) -> TrackingNumber:
    """Read a typed tracking number; raise :class:`TrackingNumberError` naming the wrong part.

    Accepted: any of ``〔〕 () （） [] 【】`` or none around the year, a separator (``-``, ``/``,
    ``.``) or none after it, ``第`` and ``号`` optional, leading zeros optional, full-width
    digits, an agency prefix (short name or letter code) or none.
    """
    s = _fold(text)
    if not s:
        raise TrackingNumberError("empty", "请输入申请编号，如〔2026〕第0008号")
    match = _YEAR_RE.search(s)
    if match is None:
        raise TrackingNumberError(
            "year", "申请编号中没有四位数字的年份，请按“〔年份〕第流水号号”填写，如〔2026〕第0008号"
        )
    prefix, rest = s[: match.start()], s[match.end() :]
    year = int(match.group())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise TrackingNumberError(
            "year", f"申请编号中的年份“{year}”不正确，应为{FIRST_YEAR}年以后的四位年份"
        )
    prefix = prefix.rstrip(_OPEN + _SEPARATORS)
    if any(c in _OPEN + _CLOSE for c in prefix):
        raise TrackingNumberError("extra", f"申请编号年份前的“{prefix}”无法识别，请核对机关简称")
    rest = rest.lstrip(_CLOSE).lstrip(_SEPARATORS)
    if rest.startswith("第"):
        rest = rest[1:]
    if rest.endswith("号"):
        rest = rest[:-1]
    if not rest:
        raise TrackingNumberError("seq", "申请编号缺少年份后的流水号，如〔2026〕第0008号中的0008")
    if not rest.isdigit() or not rest.isascii():
        raise TrackingNumberError(
            "seq", f"申请编号年份后的“{rest}”不是流水号，流水号应为数字，如第0008号"
        )
    seq = int(rest)
    if seq == 0:
        raise TrackingNumberError("seq", "申请编号中的流水号不能为0")
    if len(rest.lstrip("0")) > 6:
        raise TrackingNumberError("seq", f"申请编号中的流水号“{rest}”过长，请核对")
    return TrackingNumber(prefix=prefix, year=year, seq=seq)


def prefix_matches(typed: str, *names: str) -> bool:
    """Whether a typed prefix names the agency: empty (any agency) or equal, ignoring case,
    blanks and full-width forms, to one of its ``names`` (short name, letter code)."""
    t = _fold(typed).upper()
    return not t or any(t == _fold(n).upper() for n in names if n)
