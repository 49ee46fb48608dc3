"""rules.holidays: the statutory holidays of an unscheduled year (《全国年节及纪念日放假办法》,
2024 revision) and their 补假, and the clock of cases filed into such a year."""

import datetime

import pytest

from gongkai.rules.calendar import WorkCalendar
from gongkai.rules.calendar_seed import package_calendar, package_years
from gongkai.rules.clock import ClockInput, compute
from gongkai.rules.holidays import statutory_holidays, statutory_rest_days

D = datetime.date


def _rest(year):
    return dict(statutory_rest_days(year))


def test_2027_counted_by_hand():
    # 2027: 元旦 Friday 1 January; 除夕 Friday 5 February (正月初一 is Saturday 6 February)
    festivals = {f.name: f.days for f in statutory_holidays(2027)}
    assert festivals["元旦"] == (D(2027, 1, 1),)
    assert festivals["春节"] == (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8))
    assert festivals["清明节"] == (D(2027, 4, 5),)
    assert festivals["劳动节"] == (D(2027, 5, 1), D(2027, 5, 2))
    assert festivals["端午节"] == (D(2027, 6, 9),)
    assert festivals["中秋节"] == (D(2027, 9, 15),)
    assert festivals["国庆节"] == (D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3))
    rest = _rest(2027)
    # 春节: 初一 and 初二 fall on Saturday and Sunday → made up on Tuesday 9 and Wednesday 10
    assert rest[D(2027, 2, 9)] == "春节补假" and rest[D(2027, 2, 10)] == "春节补假"
    assert D(2027, 2, 11) not in rest
    # 劳动节 1-2 May are Saturday and Sunday → Monday 3 and Tuesday 4 May
    assert rest[D(2027, 5, 3)] == "劳动节补假" and rest[D(2027, 5, 4)] == "劳动节补假"
    # 国庆节 2-3 October are Saturday and Sunday → Monday 4 and Tuesday 5 October
    assert [d for d, r in rest.items() if r == "国庆节补假"] == [D(2027, 10, 4), D(2027, 10, 5)]
    assert len(rest) == 1 + 4 + 2 + 1 + 2 + 2 + 1 + 1 + 3 + 2


def test_a_holiday_on_another_holiday_is_made_up_too():
    # 2028: 中秋节 is 3 October, a day of 国庆节 already: one more day of 补假 after it
    rest = _rest(2028)
    assert rest[D(2028, 10, 3)] == "国庆节"
    made_up = sorted(d for d, r in rest.items() if r.endswith("补假") and d.month == 10)
    # 国庆节 1 October is a Sunday → 4 October; 中秋节 on 3 October → 5 October
    assert made_up == [D(2028, 10, 4), D(2028, 10, 5)]


@pytest.mark.parametrize("year", sorted(y for y in package_years() if y >= 2025))
def test_every_statutory_holiday_is_a_rest_day_in_the_official_schedules(year):
    """The official notices (from 2025, the revised 放假办法) rest on every statutory day."""
    cal = package_calendar()
    for festival in statutory_holidays(year):
        for day in festival.days:
            assert not cal.is_workday(day), (year, festival.name, day)


def _due(received: datetime.date, cal: WorkCalendar):
    return compute(ClockInput(channel="in_person", submitted_on=received, as_of=received), cal)


def test_cases_filed_into_2027_without_its_schedule():
    cal = package_calendar()
    assert 2027 not in cal.official_years
    # Filed Monday 2026-12-28: Dec 29-31 (3); 2027-01-01 元旦, weekend; Jan 4-8 (8),
    # 11-15 (13), 18-22 (18), 25 (19), 26 (20).
    first = _due(D(2026, 12, 28), cal)
    assert first.reply_due == D(2027, 1, 26) and first.provisional
    # Filed Monday 2027-01-25: Jan 26-29 (4), Feb 1-4 (8); Feb 5 除夕, 6-8 春节, 9-10 补假;
    # Feb 11-12 (10), 15-19 (15), 22-26 (20).
    second = _due(D(2027, 1, 25), cal)
    assert second.reply_due == D(2027, 2, 26) and second.provisional
    skipped = {e.date: e.reason for e in second.explain if e.kind == "day" and not e.counted}
    assert skipped[D(2027, 2, 5)] == "春节" and skipped[D(2027, 2, 9)] == "春节补假"
    # Once the year's official schedule is known it decides (here: a made-up notice with a
    # 调休 working Sunday 7 February and 9-10 February worked): the due date follows it.
    official = WorkCalendar(
        [
            *cal.entries(),
            (D(2027, 1, 1), False, "元旦"),
            (D(2027, 2, 5), False, "春节"),
            (D(2027, 2, 8), False, "春节"),
            (D(2027, 2, 7), True, "春节调休上班"),
        ],
        official_years=[*cal.official_years, 2027],
    )
    after = _due(D(2027, 1, 25), official)
    # Feb 1-4 (8), Feb 7 Sunday worked (9), Feb 9-12 (13), 15-19 (18), 22-23 (20)
    assert after.reply_due == D(2027, 2, 23) and not after.provisional
