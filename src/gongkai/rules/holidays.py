"""The statutory public holidays of a year, for years the State Council has not scheduled yet.

《全国年节及纪念日放假办法》 (国务院令第270号, as revised by 国务院令第795号 of
2024-11-10, in force 2025-01-01), Art. 2, gives every citizen these days off:

* 元旦 (新年) 1 day: 1 January;
* 春节 4 days: 农历除夕 and 正月初一 to 初三;
* 清明节 1 day: the day of the 清明 solar term (农历清明当日);
* 劳动节 2 days: 1 and 2 May;
* 端午节 1 day: 农历五月初五;
* 中秋节 1 day: 农历八月十五;
* 国庆节 3 days: 1 to 3 October.

Art. 6: "全体公民放假的假日，如果适逢星期六、星期日，应当在工作日补假。" A holiday
day that falls on a Saturday or Sunday (or on another holiday's day, as 中秋 on
1 October in 2020) is made up on the first working days right after that
holiday (补假). The State Council's yearly notice (国办发明电《关于YYYY年部分节假日
安排的通知》) then also moves weekends around (调休), which cannot be known in
advance: a year computed here is still *provisional* and is replaced by the
official schedule once imported (``gongkai calendar import``).

Lunar dates and the 清明 solar term come from ``lunar-python`` (a maintained
lunar-calendar library, MIT). Pure Python, no Django.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

__all__ = ["EstimatedHoliday", "statutory_holidays", "statutory_rest_days", "ESTIMATE_NOTE"]

#: Shown wherever a day of an unscheduled year is explained.
ESTIMATE_NOTE = "按《全国年节及纪念日放假办法》推算，调休安排以国务院通知为准"

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class EstimatedHoliday:
    """One festival of the year: its name and its statutory days off, in date order."""

    name: str
    days: tuple[datetime.date, ...]


def _lunar_to_solar(year: int, month: int, day: int) -> datetime.date:
    from lunar_python import Lunar

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> datetime.date:
    from lunar_python import Solar

    term = Solar.fromYmd(year, 4, 15).getLunar().getJieQiTable()["清明"]
    return datetime.date(term.getYear(), term.getMonth(), term.getDay())


@functools.lru_cache(maxsize=256)
def statutory_holidays(year: int) -> tuple[EstimatedHoliday, ...]:
    """The festivals of ``year`` with their statutory days off (Art. 2 of the 放假办法)."""
    new_year = _lunar_to_solar(year, 1, 1)  # 正月初一
    eve = new_year - _ONE_DAY  # 农历除夕: the last day of the twelfth month, 29th or 30th
    festivals = [
        EstimatedHoliday("元旦", (datetime.date(year, 1, 1),)),
        EstimatedHoliday("春节", tuple(eve + i * _ONE_DAY for i in range(4))),
        EstimatedHoliday("清明节", (_qingming(year),)),
        EstimatedHoliday("劳动节", (datetime.date(year, 5, 1), datetime.date(year, 5, 2))),
        EstimatedHoliday("端午节", (_lunar_to_solar(year, 5, 5),)),
        EstimatedHoliday("中秋节", (_lunar_to_solar(year, 8, 15),)),
        EstimatedHoliday("国庆节", tuple(datetime.date(year, 10, d) for d in (1, 2, 3))),
    ]
    return tuple(sorted(festivals, key=lambda f: f.days[0]))


@functools.lru_cache(maxsize=256)
def statutory_rest_days(year: int) -> tuple[tuple[datetime.date, str], ...]:
    """Every rest day of ``year`` that the 放假办法 alone implies: the holidays and their 补假.

    Returns ``(date, reason)`` pairs in date order; ``reason`` is the festival's name for
    a holiday and e.g. "国庆节补假" for a make-up day. A holiday day on a weekend, or on a
    day another festival already takes, is made up on the first Monday-to-Friday days after
    that festival that are not rest days already (Art. 6). 补假 of the last festivals may
    reach into the next year's first days (a 元旦 on a weekend is made up in January).
    """
    rest: dict[datetime.date, str] = {}
    for festival in statutory_holidays(year):
        owed = 0
        for day in festival.days:
            if day.weekday() >= 5 or day in rest:
                owed += 1
            rest.setdefault(day, festival.name)
        day = festival.days[-1]
        while owed:
            day += _ONE_DAY
            if day.weekday() < 5 and day not in rest:
                rest[day] = f"{festival.name}补假"
                owed -= 1
    return tuple(sorted(rest.items()))
