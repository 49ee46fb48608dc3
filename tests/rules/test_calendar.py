"""rules.calendar: the 2025 and 2026 schedules day by day, add/between/explain, unofficial years."""

import datetime
import random

import pytest

from gongkai.rules.calendar import CalendarEntry, WorkCalendar, adjusted_workday_label
from gongkai.rules.calendar_seed import package_calendar, package_rows, package_years

D = datetime.date

# domain-rules §3.1, copied from the gov.cn notices: (rest ranges with the holiday, weekend work days).
SCHEDULES = {
    2025: (
        [
            ("元旦", "2025-01-01", "2025-01-01"),
            ("春节", "2025-01-28", "2025-02-04"),
            ("清明节", "2025-04-04", "2025-04-06"),
            ("劳动节", "2025-05-01", "2025-05-05"),
            ("端午节", "2025-05-31", "2025-06-02"),
            ("国庆节、中秋节", "2025-10-01", "2025-10-08"),  # 10-6 is 中秋节 itself
        ],
        [
            ("春节", "2025-01-26"),
            ("春节", "2025-02-08"),
            ("劳动节", "2025-04-27"),
            ("国庆节", "2025-09-28"),
            ("国庆节", "2025-10-11"),
        ],
    ),
    2026: (
        [
            ("元旦", "2026-01-01", "2026-01-03"),
            ("春节", "2026-02-15", "2026-02-23"),
            ("清明节", "2026-04-04", "2026-04-06"),
            ("劳动节", "2026-05-01", "2026-05-05"),
            ("端午节", "2026-06-19", "2026-06-21"),
            ("中秋节", "2026-09-25", "2026-09-27"),
            ("国庆节", "2026-10-01", "2026-10-07"),
        ],
        [
            ("元旦", "2026-01-04"),
            ("春节", "2026-02-14"),
            ("春节", "2026-02-28"),
            ("劳动节", "2026-05-09"),
            ("国庆节", "2026-09-20"),
            ("国庆节", "2026-10-10"),
        ],
    ),
}


def _days(first: str, last: str):
    d, end = D.fromisoformat(first), D.fromisoformat(last)
    while d <= end:
        yield d
        d += datetime.timedelta(days=1)


def _expected(year):
    """{date: (is_workday, reason)} for every day of the year, from the notice alone."""
    rests, works = SCHEDULES[year]
    rest = {d: name for name, a, b in rests for d in _days(a, b)}
    work = {D.fromisoformat(d): name for name, d in works}
    out = {}
    for d in _days(f"{year}-01-01", f"{year}-12-31"):
        if d in rest:
            out[d] = (False, rest[d])
        elif d in work:
            out[d] = (True, f"调休上班（{work[d]}）")
        elif d.weekday() >= 5:
            out[d] = (False, "周末")
        else:
            out[d] = (True, "工作日")
    return out


def _reason_ok(actual: str, expected: str) -> bool:
    """The 2025 notice joins 国庆节、中秋节 in one span; the package names each day."""
    if actual == expected:
        return True
    names = expected.removeprefix("调休上班（").removesuffix("）").split("、")
    wrap = expected.startswith("调休上班（")
    return any(actual == (f"调休上班（{n}）" if wrap else n) for n in names)


def _notice_calendar() -> WorkCalendar:
    """A calendar built only from the §3.1 table (independent of the package)."""
    entries = []
    for rests, works in SCHEDULES.values():
        entries += [CalendarEntry(d, False, name) for name, a, b in rests for d in _days(a, b)]
        entries += [CalendarEntry(D.fromisoformat(d), True, f"{name}调休上班") for name, d in works]
    return WorkCalendar(entries, official_years=SCHEDULES)


@pytest.fixture(scope="module")
def cal():
    return package_calendar()


@pytest.mark.parametrize("year", [2025, 2026])
@pytest.mark.parametrize("source", ["package", "notice"])
def test_schedule_day_by_day(year, source, cal):
    calendar = cal if source == "package" else _notice_calendar()
    for d, (is_workday, reason) in _expected(year).items():
        assert calendar.is_workday(d) is is_workday, d
        assert _reason_ok(calendar.reason(d), reason), (d, calendar.reason(d), reason)
        explained = calendar.explain_day(d)
        assert explained.counted is is_workday and not explained.provisional
        assert explained.reason == calendar.reason(d)


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_rest_day_and_working_weekend_listed(year, cal):
    rests, works = SCHEDULES[year]
    for name, a, b in rests:
        for d in _days(a, b):
            assert not cal.is_workday(d)
            assert _reason_ok(cal.reason(d), name), d
    for name, d in works:
        day = D.fromisoformat(d)
        assert day.weekday() >= 5
        assert cal.is_workday(day)
        assert _reason_ok(cal.reason(day), f"调休上班（{name}）"), day
    # and nothing else in the year deviates from Monday-Friday
    listed = {d for _n, a, b in rests for d in _days(a, b)} | {
        D.fromisoformat(d) for _n, d in works
    }
    for d in _days(f"{year}-01-01", f"{year}-12-31"):
        if d not in listed:
            assert cal.is_workday(d) is (d.weekday() < 5), d


def test_working_day_totals(cal):
    # 2025: 261 weekdays - 18 holidays on weekdays + 5 working weekends
    assert cal.workdays_between(D(2024, 12, 31), D(2025, 12, 31)) == 248
    assert cal.workdays_between(D(2025, 12, 31), D(2026, 12, 31)) == 248
    for year in (2025, 2026):
        expected = sum(w for w, _r in _expected(year).values())
        assert cal.workdays_between(D(year - 1, 12, 31), D(year, 12, 31)) == expected


def test_add_workdays_strictly_after(cal):
    # 2026 National Day: 9-29, 9-30, (10-1..7 off), 10-8, 10-9, 10-10 (调休 Saturday) ...
    assert cal.add_workdays(D(2026, 9, 28), 1) == D(2026, 9, 29)
    assert cal.add_workdays(D(2026, 9, 28), 3) == D(2026, 10, 8)
    assert cal.add_workdays(D(2026, 9, 28), 5) == D(2026, 10, 10)
    assert cal.add_workdays(D(2026, 9, 28), 20) == D(2026, 10, 30)
    # Spring Festival 2026: 2-13 (Fri), 2-14 (调休 Sat), 2-15..23 off, 2-24
    assert cal.add_workdays(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert cal.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)
    # 2-14 (1), 2-24..28 (2-6), 3-2..6 (7-11), 3-9..13 (12-16), 3-16..19 (17-20)
    assert cal.add_workdays(D(2026, 2, 13), 20) == D(2026, 3, 19)
    # start on a holiday: day 1 is the first working day after it
    assert cal.add_workdays(D(2026, 10, 3), 1) == D(2026, 10, 8)
    # 2025 National Day (8 days) with 9-28 and 10-11 worked
    assert cal.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert cal.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert cal.add_workdays(D(2025, 9, 30), 3) == D(2025, 10, 11)


def test_add_zero_and_negative(cal):
    assert cal.add_workdays(D(2026, 10, 3), 0) == D(2026, 10, 3)
    assert cal.add_workdays(D(2026, 10, 8), -1) == D(2026, 9, 30)
    assert cal.add_workdays(D(2026, 2, 24), -1) == D(2026, 2, 14)
    assert cal.add_workdays(D(2026, 10, 30), -20) == D(2026, 9, 28)


def test_add_and_between_agree(cal):
    rng = random.Random(7)
    for _ in range(2000):
        d = D(2004, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 24))
        n = rng.randrange(1, 60)
        due = cal.add_workdays(d, n)
        assert cal.is_workday(due)
        assert cal.workdays_between(d, due) == n
        assert cal.workdays_between(d, due - datetime.timedelta(days=1)) == n - 1


def test_add_matches_day_by_day_loop(cal):
    rng = random.Random(11)
    for _ in range(300):
        d = D(2024, 1, 1) + datetime.timedelta(days=rng.randrange(730))
        count, day = 0, d
        while count < 20:
            day += datetime.timedelta(days=1)
            count += cal.is_workday(day)
        assert cal.add_workdays(d, 20) == day


def test_between(cal):
    assert cal.workdays_between(D(2026, 2, 13), D(2026, 2, 13)) == 0
    assert cal.workdays_between(D(2026, 2, 13), D(2026, 3, 2)) == 7  # 2-14, 24, 25, 26, 27, 28, 3-2
    assert cal.workdays_between(D(2026, 3, 2), D(2026, 2, 13)) == -7
    assert cal.workdays_between(D(2026, 9, 30), D(2026, 10, 7)) == 0


def test_explain_lists_skipped_days_and_working_weekends(cal):
    days = cal.explain(D(2026, 2, 13), D(2026, 3, 1))
    assert [d.date for d in days][0] == D(2026, 2, 14)
    assert days[-1].date == D(2026, 3, 1)
    by_date = {d.date: d for d in days}
    assert by_date[D(2026, 2, 14)].counted and by_date[D(2026, 2, 14)].reason == "调休上班（春节）"
    assert by_date[D(2026, 2, 28)].reason == "调休上班（春节）"
    for d in _days("2026-02-15", "2026-02-23"):
        assert not by_date[d].counted and by_date[d].reason == "春节"
    assert by_date[D(2026, 3, 1)].reason == "周末" and not by_date[D(2026, 3, 1)].counted
    assert by_date[D(2026, 2, 24)].reason == "工作日"
    assert by_date[D(2026, 2, 14)].text() == "2026-02-14（星期六）调休上班（春节），计入"
    assert "春节，不计入" in by_date[D(2026, 2, 16)].text()
    assert sum(d.counted for d in days) == cal.workdays_between(D(2026, 2, 13), D(2026, 3, 1))
    assert cal.explain(D(2026, 3, 1), D(2026, 3, 1)) == []


def test_year_without_schedule_is_provisional(cal):
    assert 2027 not in cal.official_years
    # 2027 has no State Council schedule: Monday to Friday minus the statutory holidays of
    # the 放假办法 (2027-01-01, a Friday, is 元旦), every answer flagged provisional
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.reason(D(2027, 1, 1)) == "元旦"
    assert not cal.is_workday(D(2027, 1, 2))
    assert cal.is_workday(D(2027, 1, 4))
    detail = cal.add_workdays_detail(D(2026, 12, 20), 20)
    # Dec 21-25, 28-31 (9), Jan 4-8 (14), 11-15 (19), 18 (20); 2027-01-01 skipped
    assert detail.date == D(2027, 1, 18) and detail.provisional
    inside = cal.add_workdays_detail(D(2026, 9, 28), 20)
    assert not inside.provisional
    assert not cal.provisional(D(2026, 1, 1), D(2026, 12, 31))
    assert cal.provisional(D(2026, 12, 30), D(2027, 1, 4))
    assert not cal.provisional(D(2026, 12, 31), D(2026, 12, 31))
    assert cal.workdays_between_detail(D(2027, 3, 1), D(2027, 3, 8)) == (5, True)
    days = cal.explain(D(2026, 12, 30), D(2027, 1, 3))
    assert [d.provisional for d in days] == [False, True, True, True]
    assert "按《全国年节及纪念日放假办法》推算" in days[-1].text()
    plain = WorkCalendar(cal.entries(), official_years=cal.official_years, estimate_holidays=False)
    assert plain.is_workday(D(2027, 1, 1))  # the bare Monday-to-Friday rule, when asked for


def test_far_dates_never_raise(cal):
    assert cal.add_workdays(D(2100, 1, 1), 20) == D(2100, 1, 29)
    assert cal.add_workdays(D(1990, 1, 1), 5) == D(1990, 1, 8)
    assert cal.workdays_between(D(1995, 1, 1), D(2105, 1, 1)) > 20000
    assert cal.add_workdays_detail(D(2100, 1, 1), 1).provisional
    assert cal.add_workdays(D(2026, 12, 31), -1) == D(2026, 12, 30)


def test_empty_calendar_is_monday_to_friday_and_provisional():
    cal = WorkCalendar(estimate_holidays=False)
    assert cal.add_workdays(D(2026, 10, 1), 1) == D(2026, 10, 2)
    assert cal.add_workdays_detail(D(2026, 10, 1), 1).provisional
    # with the statutory holidays (the default): 国庆节 1-3 October (Thursday to Saturday),
    # the Sunday, then Monday 5 October made up for the Saturday
    estimated = WorkCalendar()
    assert estimated.add_workdays(D(2026, 10, 1), 1) == D(2026, 10, 6)
    assert estimated.add_workdays_detail(D(2026, 10, 1), 1).provisional


def test_imported_override_takes_effect():
    cal = WorkCalendar(
        [
            CalendarEntry(D(2027, 2, 8), False, "春节"),
            CalendarEntry(D(2027, 2, 6), True, "春节调休上班"),
        ],
        official_years=[2027],
    )
    assert cal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 6)
    assert cal.add_workdays(D(2027, 2, 6), 1) == D(2027, 2, 9)
    assert not cal.add_workdays_detail(D(2027, 2, 5), 2).provisional


def test_adjusted_workday_label():
    assert adjusted_workday_label("春节调休上班") == "调休上班（春节）"
    assert adjusted_workday_label("国庆节") == "调休上班（国庆节）"
    assert adjusted_workday_label("") == "调休上班"


def test_package_seed():
    years = package_years()
    assert years[0] == 2004 and years[-1] >= 2026
    rows = package_rows()
    reasons = {r.reason for r in rows if not r.is_workday}
    assert {"元旦", "春节", "清明节", "劳动节", "端午节", "国庆节", "中秋节"} <= reasons
    assert all(r.reason.endswith("调休上班") for r in rows if r.is_workday)
    assert all(r.date.weekday() >= 5 for r in rows if r.is_workday)


def test_find_workday_pitfall_is_avoided(cal):
    """chinesecalendar's find_workday(n, d) differs from "n-th working day after d" on rest days."""
    import chinese_calendar

    start = D(2026, 10, 3)  # a holiday
    assert cal.add_workdays(start, 1) == D(2026, 10, 8)
    assert chinese_calendar.find_workday(1, start) != cal.add_workdays(start, 1)
