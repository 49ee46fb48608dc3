"""Seed rows for the holiday table, read from the ``chinesecalendar`` package (import ``chinese_calendar``).

The package transcribes each year's State Council notice (国办发明电《关于YYYY年
部分节假日安排的通知》) into three dicts: ``holidays`` (rest days, weekend days
inside a holiday span included), ``workdays`` (调休 working weekends) and
``in_lieu_days`` (调休 rest days). Its data covers 2004-2026 in version 1.11 and
its own functions raise ``NotImplementedError`` outside that range, and
``find_workday(n, d)`` is not "the n-th working day after d" (domain-rules §3.2),
so Gongkai only reads the dicts and counts with ``rules.calendar.WorkCalendar``.

No Django import here: the workdays data migration and the tests call these
functions directly.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from gongkai.rules.calendar import CalendarEntry, WorkCalendar

# The package's English holiday names → the names used in the State Council notice.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

# The notices we know by number; the others are cited by the package's notice URLs.
KNOWN_NOTICES = {
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}


@dataclass(frozen=True)
class SeedRow:
    """One row of the holiday table: a dated rest day or 调休 working weekend."""

    date: datetime.date
    is_workday: bool
    reason: str
    note: str = ""


def holiday_name(value: str) -> str:
    """The Chinese name for one of the package's holiday values (English names)."""
    if value in HOLIDAY_NAMES:
        return HOLIDAY_NAMES[value]
    try:
        from chinese_calendar.constants import Holiday

        return Holiday(value).chinese
    except Exception:  # an unknown future name: keep it as the package spells it
        return value


def package_version() -> str:
    try:
        from importlib.metadata import version

        return version("chinesecalendar")
    except Exception:
        return "unknown"


def package_rows() -> list[SeedRow]:
    """Every dated exception the package knows, in date order."""
    from chinese_calendar import constants

    in_lieu = set(getattr(constants, "in_lieu_days", {}))
    rows = []
    for day, value in constants.holidays.items():
        note = "调休休息日" if day in in_lieu else ""
        rows.append(SeedRow(day, False, holiday_name(value), note))
    for day, value in constants.workdays.items():
        rows.append(SeedRow(day, True, f"{holiday_name(value)}调休上班", ""))
    rows.sort(key=lambda row: row.date)
    return rows


def package_years() -> list[int]:
    """The years the package has a schedule for (2004-2026 in version 1.11)."""
    from chinese_calendar import constants

    years = {day.year for day in constants.holidays} | {day.year for day in constants.workdays}
    if not years:
        return []
    return list(range(min(years), max(years) + 1))


@functools.lru_cache(maxsize=1)
def package_calendar() -> WorkCalendar:
    """A ``WorkCalendar`` straight from the package (tests; fallback for an empty table). Built once."""
    return WorkCalendar(
        (CalendarEntry(r.date, r.is_workday, r.reason) for r in package_rows()),
        official_years=package_years(),
    )
