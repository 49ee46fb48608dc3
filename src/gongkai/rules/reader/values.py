"""Cell values: numbers as printed, blank markers, and run-together digit strings.

A cell is blank (``None``) when empty or a dash / slash; a number may carry a sign
(``+19``, ``-18``), thousands separators (``1,234``) and a unit (``元``, ``万元``, ``件``).

When a page's cells run together (``270020130`` for 27|0|0|2|0|1|30), :func:`splits`
enumerates every way to cut the digits into the row's cells (no leading zeros, spaces are
forced cuts, decimals only where an amount may be) that a constraint accepts; the caller
decides with the table's totals and reports several fitting readings as ambiguous.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

BLANKS = frozenset(
    {"", "-", "--", "—", "——", "–", "−", "/", "\\", "—/—", "-/-", "无", "空", "/ /", "_"}
)

NUMBER = re.compile(
    r"^(?P<sign>[+\-])?\s*(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?\s*"
    r"(?:\(?(?P<unit>万元|元)\)?|件|个|项|条|次|起|宗)?$"
)
#: The leading run of digits, spaces, signs, separators and units in a run-together piece.
VALUE_PREFIX = re.compile(r"^\s*((?:[+\-]?\d[\d,.]*\s*(?:万元|元)?\s*)+)")
_NUMBERING_TAIL = re.compile(r"[1-9]\s*[.、]\s*$")


@dataclass(frozen=True)
class Parsed:
    """A readable cell: ``value`` is an int or a Decimal; ``unit`` as printed."""

    value: int | Decimal
    unit: str | None = None
    text: str = ""

    @property
    def is_integer(self) -> bool:
        return isinstance(self.value, int)


@lru_cache(maxsize=8192)
def parse_number(text: str) -> Parsed | None:
    """A number as printed in one cell, or None if the cell is not a number."""
    s = text.strip()
    if s in ("〇", "零"):
        s = "0"
    m = NUMBER.match(s)
    if not m:
        return None
    digits = m.group("int").replace(",", "")
    if len(digits) > 1 and digits[0] == "0" and not m.group("frac") and "," not in m.group("int"):
        return None  # leading zeros: cells run together
    sign = -1 if m.group("sign") == "-" else 1
    if m.group("frac"):
        value: int | Decimal = Decimal(digits + m.group("frac")) * sign
    else:
        value = int(digits) * sign
    return Parsed(value, m.group("unit"), s)


@lru_cache(maxsize=4096)
def is_blank(text: str) -> bool:
    return text.strip() in BLANKS


def value_prefix(piece: str) -> tuple[str, str]:
    """Split a run-together piece into its leading numbers and the text after them."""
    m = VALUE_PREFIX.match(piece)
    if not m:
        return "", piece
    return m.group(1), piece[m.end() :]


def strip_numbering_tail(s: str) -> str:
    """Remove the next row's numbering (``3.``) glued to the end of a run of digits."""
    return _NUMBERING_TAIL.sub("", s)


# --- run-together digits -----------------------------------------------------------------

_MAX_CANDIDATES = 2000
_MAX_STEPS = 50_000


def _part_ok(p: str, decimal_ok: bool, signed_ok: bool = False) -> bool:
    if p[:1] in "+-":
        if not signed_ok:
            return False
        p = p[1:]
    if not p:
        return False
    if "." in p:
        if not decimal_ok:
            return False
        whole, _, frac = p.partition(".")
        if not whole or not frac or "." in frac:
            return False
        return not (len(whole) > 1 and whole[0] == "0")
    return not (len(p) > 1 and p[0] == "0")


def _to_value(p: str) -> int | Decimal:
    return Decimal(p) if "." in p else int(p)


def splits(
    pieces: Sequence[str],
    n: int,
    *,
    accept: Callable[[tuple[int | Decimal, ...]], bool] | None = None,
    partial: Callable[[tuple[int | Decimal, ...]], bool] | None = None,
    decimal_at: Callable[[int], bool] = lambda i: False,
    signed_at: Callable[[int], bool] = lambda i: False,
    max_len: int = 12,
    budget: list[int] | None = None,
) -> Iterator[tuple[int | Decimal, ...]]:
    """Every cut of ``pieces`` (digit strings; each boundary between pieces is a forced cut)
    into exactly ``n`` numbers that ``accept`` accepts.

    ``budget`` (a one-element list) bounds the work; when it runs out (``budget[0] <= 0``)
    the readings found are not all of them.

    ``partial`` may prune a prefix of values early; ``decimal_at(i)`` says whether value ``i``
    may carry a decimal point. Stops after a few thousand readings (the caller reports them
    as ambiguous anyway).
    """
    pieces = [p for p in pieces if p]
    text = "".join(pieces)
    forced: set[int] = set()
    pos = 0
    for p in pieces[:-1]:
        pos += len(p)
        forced.add(pos)
    total = len(text)
    count = 0
    values: list[int | Decimal] = []
    if budget is None:
        budget = [_MAX_STEPS]

    def rec(start: int) -> Iterator[tuple[int | Decimal, ...]]:
        nonlocal count
        budget[0] -= 1
        if budget[0] <= 0:
            return  # too many cuts to try: the caller reports the row as ambiguous
        k = len(values)
        if k == n:
            if start == total:
                t = tuple(values)
                if accept is None or accept(t):
                    count += 1
                    yield t
            return
        remaining = n - k
        if total - start < remaining:
            return
        # the next forced cut bounds this part
        limit = total
        for f in forced:
            if start < f < limit:
                limit = f
        for end in range(start + 1, min(limit, start + max_len) + 1):
            if total - end < remaining - 1:
                break
            if end != total and end < limit and remaining == 1:
                continue
            p = text[start:end]
            if p in "+-":
                continue
            if not _part_ok(p, decimal_at(k), signed_at(k)):
                if p.lstrip("+-")[:1] == "0" and "." not in p and len(p.lstrip("+-")) > 1:
                    break  # longer parts keep the leading zero
                if p[:1] in "+-" and not signed_at(k):
                    break
                continue
            # a part must end at a forced cut if the next character starts another piece
            values.append(_to_value(p))
            if partial is None or partial(tuple(values)):
                yield from rec(end)
            values.pop()
            if count >= _MAX_CANDIDATES:
                return

    yield from rec(0)


@lru_cache(maxsize=4096)
def digit_pieces(s: str) -> tuple[str, ...] | None:
    """The whitespace-separated digit runs of a run-together string, or None if it has
    anything but digits, decimal points and a trailing unit."""
    s = s.strip()
    unit = None
    for u in ("万元", "元"):
        if s.endswith(u):
            unit = u
            s = s[: -len(u)].strip()
            break
    del unit
    if not s or not re.fullmatch(r"(?:[+\-]?[\d.]+\s*)+", s):
        return None
    # a sign starts a new number: "182-4436" is 182 | -4436...
    return tuple(re.findall(r"[+\-]?[\d.]+", s))
