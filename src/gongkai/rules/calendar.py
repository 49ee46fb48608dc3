"""The working-day calendar (工作日): Monday to Friday, minus dated rest days, plus dated 调休 working weekends.

Statutory deadlines of the 《政府信息公开条例》 are counted in working days
(Art. 30: 7 个工作日 for the 补正 notice; Art. 33: 20 个工作日 to reply, extendable
by at most 20; Art. 26: 20 个工作日 to publish). Which days are working days is
set each year by the State Council's notice (国办发明电《关于YYYY年部分节假日安排的
通知》): the dated rest days (法定节假日 and 调休 rest days) and the weekend days
worked instead (调休上班). ``WorkCalendar`` is built from such a table of dated
exceptions and answers, in microseconds, by ``bisect`` over precomputed ordinals.

Conventions (domain-rules §3.3):

* "the n-th working day after D" counts working days strictly after D (民法典
  Art. 201: 开始的当日不计入); ``add_workdays(d, 0)`` is ``d`` itself and a negative
  ``n`` counts backwards (the |n|-th working day strictly before ``d``).
* ``workdays_between(a, b)`` counts working days ``d`` with ``a < d <= b``.
* A year without an official schedule (no notice published yet, e.g. 2027 before
  the State Council's notice) is computed on the Monday-to-Friday rule minus the
  statutory holidays and their 补假 that 《全国年节及纪念日放假办法》 alone implies
  (``rules.holidays``; from 2025, the year its 2024 revision took effect); any
  answer touching such a year is flagged ``provisional``, because the 调休 of the
  State Council's notice cannot be known in advance. Nothing ever raises for a
  date outside the table.

This module imports nothing from Django: the database table lives in
``gongkai.workdays`` and ``gongkai.workdays.calendar()`` builds a
``WorkCalendar`` from it.
"""

from __future__ import annotations

import datetime
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.rules.holidays import ESTIMATE_NOTE

__all__ = [
    "WEEKEND",
    "ORDINARY_WORKDAY",
    "CalendarEntry",
    "DayExplanation",
    "WorkdayResult",
    "WorkCalendar",
    "adjusted_workday_label",
]

WEEKEND = "周末"
ORDINARY_WORKDAY = "工作日"
ADJUSTED_WORKDAY = "调休上班"
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_fromordinal = datetime.date.fromordinal

# How many years beyond the data the precomputed ordinals reach at first; the
# range grows on demand for dates further away.
_MARGIN_YEARS = 3
#: The first year the statutory holidays of an unscheduled year are computed for: the 2024
#: revision of 《全国年节及纪念日放假办法》 (国务院令第795号) took effect on 2025-01-01.
ESTIMATED_FROM_YEAR = 2025


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One dated exception to the Monday-to-Friday rule.

    ``reason`` is the holiday name for a rest day (春节, 国庆节, ...) and, for a
    working weekend, e.g. "春节调休上班" (or just the holiday name).
    """

    date: datetime.date
    is_workday: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class DayExplanation:
    """Why one day counts or not: ``reason`` is 工作日, 周末, a holiday name or 调休上班（春节）."""

    date: datetime.date
    counted: bool
    reason: str
    provisional: bool = False

    @property
    def weekday_name(self) -> str:
        return WEEKDAY_NAMES[self.date.weekday()]

    @property
    def adjusted(self) -> bool:
        """True for a dated exception: a holiday on a weekday or a 调休 working weekend."""
        return self.counted == (self.date.weekday() >= 5)

    def text(self) -> str:
        """One readable Chinese line, e.g. "2026-02-14（星期六）调休上班（春节），计入"."""
        verdict = "计入" if self.counted else "不计入"
        suffix = f"（暂定：{ESTIMATE_NOTE}）" if self.provisional else ""
        return f"{self.date.isoformat()}（{self.weekday_name}）{self.reason}，{verdict}{suffix}"


class WorkdayResult:
    """A date computed from the calendar and whether it rests on an unofficial year.

    A plain slotted class (cheaper to build than a dataclass or NamedTuple on the
    hot path); unpacks as ``date, provisional = result``.
    """

    __slots__ = ("date", "provisional")

    def __init__(self, date: datetime.date, provisional: bool):
        self.date = date
        self.provisional = provisional

    def __iter__(self):
        return iter((self.date, self.provisional))

    def __eq__(self, other):
        if isinstance(other, WorkdayResult):
            return (self.date, self.provisional) == (other.date, other.provisional)
        return NotImplemented

    def __hash__(self):
        return hash((self.date, self.provisional))

    def __repr__(self) -> str:
        return f"WorkdayResult(date={self.date!r}, provisional={self.provisional!r})"


def adjusted_workday_label(reason: str) -> str:
    """ "春节调休上班" or "春节" → "调休上班（春节）"; "" → "调休上班"."""
    name = reason.strip()
    for marker in ("调休上班", "上班", "调休"):
        name = name.replace(marker, "")
    name = name.strip(" （）()，,")
    return f"{ADJUSTED_WORKDAY}（{name}）" if name else ADJUSTED_WORKDAY


def _weekdays_in_year_ordinals(year: int) -> list[int]:
    start = datetime.date(year, 1, 1).toordinal()
    end = datetime.date(year, 12, 31).toordinal()
    # date.fromordinal(1) is a Monday: (ordinal - 1) % 7 is the weekday.
    return [o for o in range(start, end + 1) if (o - 1) % 7 < 5]


class WorkCalendar:
    """Working days from a table of dated exceptions (法定节假日, 调休 rest days, 调休上班).

    :param entries: the dated exceptions (``CalendarEntry`` or ``(date, is_workday, reason)``)
    :param official_years: years whose schedule was published by the State Council;
        any result touching another year is ``provisional``. Defaults to the years
        that have entries.
    :param estimate_holidays: for a year from 2025 on that is not official, also rest on
        the statutory holidays and their 补假 (``rules.holidays.statutory_rest_days``);
        dated entries of the table still win. Off, such a year is plain Monday to Friday.
    """

    def __init__(
        self,
        entries: Iterable[CalendarEntry | tuple] = (),
        official_years: Iterable[int] | None = None,
        *,
        estimate_holidays: bool = True,
    ):
        table: dict[int, CalendarEntry] = {}
        for entry in entries:
            if not isinstance(entry, CalendarEntry):
                entry = CalendarEntry(*entry)
            table[entry.date.toordinal()] = entry
        self._table = table
        years = {datetime.date.fromordinal(o).year for o in table}
        self.official_years: frozenset[int] = frozenset(
            years if official_years is None else official_years
        )
        self._official_ranges = self._merge_year_ranges(self.official_years)
        self.estimate_holidays = estimate_holidays
        self._estimated: dict[int, CalendarEntry] = {}
        self._estimated_years: set[int] = set()
        known = years | self.official_years
        if known:
            lo, hi = min(known) - _MARGIN_YEARS, max(known) + _MARGIN_YEARS
        else:
            this_year = datetime.date.today().year
            lo, hi = this_year - 10, this_year + 10
        self._lock = threading.Lock()
        self._build(max(lo, 1), min(hi, 9998))

    # --- construction --------------------------------------------------------------
    @staticmethod
    def _merge_year_ranges(years: frozenset[int]) -> tuple[tuple[int, int], ...]:
        """Runs of consecutive official years as inclusive ordinal ranges."""
        ranges: list[tuple[int, int]] = []
        for year in sorted(years):
            first = datetime.date(year, 1, 1).toordinal()
            last = datetime.date(year, 12, 31).toordinal()
            if ranges and ranges[-1][1] + 1 == first:
                ranges[-1] = (ranges[-1][0], last)
            else:
                ranges.append((first, last))
        return tuple(ranges)

    def _estimate_years(self, lo_year: int, hi_year: int) -> None:
        """Add the statutory rest days of every unscheduled year in range (never over the table)."""
        if not self.estimate_holidays:
            return
        from gongkai.rules.holidays import statutory_rest_days

        for year in range(max(lo_year, ESTIMATED_FROM_YEAR), hi_year + 1):
            if year in self.official_years or year in self._estimated_years:
                continue
            self._estimated_years.add(year)
            for day, reason in statutory_rest_days(year):
                ordinal = day.toordinal()
                # 补假 of December may reach into an official January: the notice decides there.
                if ordinal not in self._table and day.year not in self.official_years:
                    self._estimated[ordinal] = CalendarEntry(day, False, reason)

    def _build(self, lo_year: int, hi_year: int) -> None:
        """Precompute the sorted ordinals of every working day in ``lo_year..hi_year``."""
        self._estimate_years(lo_year, hi_year)
        days: set[int] = set()
        for year in range(lo_year, hi_year + 1):
            days.update(_weekdays_in_year_ordinals(year))
        lo = datetime.date(lo_year, 1, 1).toordinal()
        hi = datetime.date(hi_year, 12, 31).toordinal()
        for ordinal in self._estimated:
            if lo <= ordinal <= hi:
                days.discard(ordinal)
        for ordinal, entry in self._table.items():
            if lo <= ordinal <= hi:
                if entry.is_workday:
                    days.add(ordinal)
                else:
                    days.discard(ordinal)
        # One tuple swapped in at once, so readers in other threads never see a half state;
        # the fast path reads _lo then _wd, so _wd (a superset) is published first.
        wd = sorted(days)
        self._state = (lo_year, hi_year, lo, hi, wd)
        self._wd = wd
        self._lo = lo

    def _extend(self, ordinal: int, extra_days: int = 0) -> None:
        """Grow the precomputed range to cover ``ordinal`` plus ``extra_days`` either side."""
        with self._lock:
            lo_year, hi_year, _lo, _hi, _wd = self._state
            need_lo = datetime.date.fromordinal(max(ordinal - extra_days - 7, 1)).year
            need_hi = datetime.date.fromordinal(min(ordinal + extra_days + 7, 3652059)).year
            new_lo = max(min(lo_year, need_lo - 1), 1)
            new_hi = min(max(hi_year, need_hi + 1), 9998)
            if (new_lo, new_hi) != (lo_year, hi_year):
                self._build(new_lo, new_hi)

    # --- single days ---------------------------------------------------------------
    def _entry_or_estimate(self, d: datetime.date) -> CalendarEntry | None:
        ordinal = d.toordinal()
        entry = self._table.get(ordinal)
        if (
            entry is None
            and self.estimate_holidays
            and d.year >= ESTIMATED_FROM_YEAR
            and d.year not in self.official_years
        ):
            if d.year not in self._estimated_years:
                self._extend(ordinal)
            entry = self._estimated.get(ordinal)
        return entry

    def is_workday(self, d: datetime.date) -> bool:
        entry = self._entry_or_estimate(d)
        if entry is not None:
            return entry.is_workday
        return d.weekday() < 5

    def entry(self, d: datetime.date) -> CalendarEntry | None:
        """The dated exception for ``d``, if the table has one."""
        return self._table.get(d.toordinal())

    def estimated_entries(self, year: int) -> list[CalendarEntry]:
        """The rest days computed for ``year`` from the 放假办法 (empty for an official year)."""
        if year in self.official_years or not self.estimate_holidays:
            return []
        self._extend(datetime.date(year, 7, 1).toordinal(), 200)
        return [
            entry for ordinal, entry in sorted(self._estimated.items()) if entry.date.year == year
        ]

    def reason(self, d: datetime.date) -> str:
        """工作日, 周末, the holiday name of a rest day, or 调休上班（春节） for a working weekend."""
        entry = self._entry_or_estimate(d)
        if entry is not None:
            if entry.is_workday:
                if d.weekday() >= 5:
                    return adjusted_workday_label(entry.reason)
                return ORDINARY_WORKDAY
            return entry.reason or ("周末" if d.weekday() >= 5 else "休息日")
        return ORDINARY_WORKDAY if d.weekday() < 5 else WEEKEND

    def is_official_year(self, year: int) -> bool:
        return year in self.official_years

    def entries(self, start: datetime.date | None = None, end: datetime.date | None = None):
        """The dated exceptions between ``start`` and ``end`` (inclusive), in date order."""
        lo = start.toordinal() if start else 0
        hi = end.toordinal() if end else 10**9
        return [self._table[o] for o in sorted(self._table) if lo <= o <= hi]

    # --- provisional -----------------------------------------------------------------
    def provisional(self, a: datetime.date, b: datetime.date) -> bool:
        """Does the span of days ``d`` with ``a < d <= b`` touch a year with no official schedule?

        The span is taken in either direction; an empty span (``a == b``) is never provisional.
        """
        first, last = a.toordinal(), b.toordinal()
        if first == last:
            return False
        if last < first:
            first, last = last, first
        for lo, hi in self._official_ranges:
            if lo <= first + 1 and last <= hi:
                return False
        return True

    # --- counting ----------------------------------------------------------------------
    def _workdays(self, ordinal: int, span: int = 0) -> list[int]:
        _lo_year, _hi_year, lo, hi, wd = self._state
        if ordinal - span - 14 < lo or ordinal + span + 14 > hi:
            self._extend(ordinal, span)
            wd = self._state[4]
        return wd

    def add_workdays(self, d: datetime.date, n: int) -> datetime.date:
        """The n-th working day strictly after ``d`` (``n`` = 0: ``d``; ``n`` < 0: before ``d``).

        Art. 33: the reply is due on ``add_workdays(received, 20)``.
        """
        if n > 0:
            o = d.toordinal()
            lo = self._lo  # read before _wd: the range only ever grows (see _build)
            wd = self._wd
            if o >= lo:
                i = bisect_right(wd, o) + n - 1
                if i < len(wd):
                    return _fromordinal(wd[i])
            wd = self._workdays(o, 2 * n + 14)
            return _fromordinal(wd[bisect_right(wd, o) + n - 1])
        if n == 0:
            return d
        o = d.toordinal()
        wd = self._workdays(o, -2 * n + 14)
        return _fromordinal(wd[bisect_left(wd, o) + n])

    def add_workdays_detail(self, d: datetime.date, n: int) -> WorkdayResult:
        """``add_workdays`` plus whether the answer rests on a year with no official schedule."""
        result = self.add_workdays(d, n)
        if n == 0:
            return WorkdayResult(result, False)
        first, last = d.toordinal(), result.toordinal()
        if last < first:
            first, last = last, first
        for lo, hi in self._official_ranges:
            if lo <= first + 1 and last <= hi:
                return WorkdayResult(result, False)
        return WorkdayResult(result, True)

    def workdays_between(self, a: datetime.date, b: datetime.date) -> int:
        """The number of working days ``d`` with ``a < d <= b`` (negative when ``b < a``)."""
        if b < a:
            return -self.workdays_between(b, a)
        oa, ob = a.toordinal(), b.toordinal()
        _lo_year, _hi_year, lo, hi, wd = self._state
        if oa < lo or ob > hi:
            self._extend(oa)
            self._extend(ob)
            wd = self._state[4]
        return bisect_right(wd, ob) - bisect_right(wd, oa)

    def workdays_between_detail(self, a: datetime.date, b: datetime.date) -> tuple[int, bool]:
        """``(workdays_between(a, b), provisional(a, b))``."""
        return self.workdays_between(a, b), self.provisional(a, b)

    def next_workday(self, d: datetime.date) -> datetime.date:
        """``d`` if it is a working day, else the first working day after it."""
        return d if self.is_workday(d) else self.add_workdays(d, 1)

    # --- explaining --------------------------------------------------------------------------
    def explain_day(self, d: datetime.date) -> DayExplanation:
        return DayExplanation(
            date=d,
            counted=self.is_workday(d),
            reason=self.reason(d),
            provisional=d.year not in self.official_years,
        )

    def explain(self, a: datetime.date, b: datetime.date) -> list[DayExplanation]:
        """Every day ``d`` with ``a < d <= b``: counted or skipped, and why.

        Skipped days carry 周末 or the holiday name (春节, 国庆节, ...); a counted 调休
        weekend carries 调休上班（春节）; an ordinary working day 工作日. Days in a year
        with no official schedule are flagged ``provisional``.
        """
        out = []
        d = a + datetime.timedelta(days=1)
        one = datetime.timedelta(days=1)
        while d <= b:
            out.append(self.explain_day(d))
            d += one
        return out

    def explain_until(self, d: datetime.date, n: int) -> list[DayExplanation]:
        """``explain(d, add_workdays(d, n))``: the days up to the n-th working day after ``d``."""
        return self.explain(d, self.add_workdays(d, n))

    def __repr__(self) -> str:
        years = sorted(self.official_years)
        span = f"{years[0]}-{years[-1]}" if years else "none"
        return f"<WorkCalendar {len(self._table)} exceptions, official years {span}>"
