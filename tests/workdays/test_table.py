"""The holiday table: seeded from chinesecalendar, cached calendar(), imports overriding the package."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.rules.calendar_seed import package_calendar, package_rows, package_years
from gongkai.workdays import calendar
from gongkai.workdays.models import CalendarDay, CalendarYear, Source
from gongkai.workdays.schedule import ScheduleError, parse_csv, parse_yaml, read_schedule

from .conftest import EXAMPLE_2026

pytestmark = pytest.mark.django_db
D = datetime.date


def test_seeded_table_matches_the_package():
    rows = list(
        CalendarDay.objects.order_by("date").values_list("date", "is_workday", "reason", "source")
    )
    assert rows == [(r.date, r.is_workday, r.reason, "package") for r in package_rows()]
    years = list(CalendarYear.objects.order_by("year").values_list("year", "official", "source"))
    assert years == [(y, True, "package") for y in package_years()]
    assert years[0][0] == 2004 and 2026 in [y for y, _o, _s in years]
    assert CalendarYear.objects.get(year=2026).notice == "国办发明电〔2025〕7号"


def test_calendar_from_the_table_equals_the_package():
    db_cal, pkg = calendar(), package_calendar()
    assert db_cal.official_years == pkg.official_years
    day = D(2025, 1, 1)
    while day <= D(2026, 12, 31):
        assert (db_cal.is_workday(day), db_cal.reason(day)) == (
            pkg.is_workday(day),
            pkg.reason(day),
        ), day
        day += datetime.timedelta(days=1)
    assert db_cal.add_workdays(D(2026, 9, 28), 20) == D(2026, 10, 30)


def test_calendar_is_cached_until_the_table_changes():
    first = calendar()
    assert calendar() is first
    CalendarDay.objects.create(
        date=D(2026, 3, 9), is_workday=False, reason="测试假日", source=Source.MANUAL
    )
    second = calendar()
    assert second is not first
    assert not second.is_workday(D(2026, 3, 9)) and second.reason(D(2026, 3, 9)) == "测试假日"
    assert calendar() is second


def test_change_made_by_another_process_is_seen():
    """A write that sends no signal here (another process) is noticed through the table's signature."""
    before = calendar()
    assert not before.is_workday(D(2026, 10, 1))
    CalendarDay.objects.filter(date=D(2026, 10, 1)).update(
        is_workday=True, reason="国庆节调休上班", updated_at=timezone.now()
    )
    after = calendar()
    assert after is not before and after.is_workday(D(2026, 10, 1))
    CalendarDay.objects.filter(date=D(2026, 10, 2)).delete()  # a row removed: the count changes
    assert calendar().is_workday(D(2026, 10, 2))


def test_example_2026_file_matches_domain_rules_and_the_package(table_state):
    schedule = read_schedule(EXAMPLE_2026)
    assert schedule.year == 2026 and schedule.notice == "国办发明电〔2025〕7号"
    package_2026 = [(r.date, r.is_workday, r.reason) for r in package_rows() if r.date.year == 2026]
    assert schedule.rows() == package_2026
    out = call_command("calendar", "import", str(EXAMPLE_2026), stdout=__import__("io").StringIO())
    assert out is None
    rows = CalendarDay.objects.filter(date__year=2026)
    assert set(rows.values_list("source", flat=True)) == {"import"}
    assert sorted(rows.values_list("date", "is_workday", "reason")) == package_2026
    year = CalendarYear.objects.get(year=2026)
    assert (year.source, year.official, year.notice) == ("import", True, "国办发明电〔2025〕7号")
    assert year.imported_at is not None
    entry = AuditEntry.objects.filter(verb="calendar.import").latest("id")
    assert entry.changes["year"] == 2026 and "2026-02-14" in entry.changes["working_weekends"]


MODIFIED_2026 = """
year: 2026
notice: 国办发明电〔2025〕7号（测试修改）
holidays:
  - name: 春节
    rest: 2026-02-15..2026-02-23
    work: [2026-02-14, 2026-02-28]
  - name: 国庆节
    rest: [2026-10-01..2026-10-08]
    work: 2026-10-11
"""


def test_imported_yaml_year_overrides_the_package(write):
    cal = calendar()
    assert cal.is_workday(D(2026, 10, 8)) and cal.is_workday(D(2026, 10, 10))
    assert cal.add_workdays(D(2026, 9, 28), 20) == D(2026, 10, 30)
    call_command(
        "calendar",
        "import",
        str(write("2026.yaml", MODIFIED_2026)),
        stdout=__import__("io").StringIO(),
    )
    cal = calendar()
    assert not cal.is_workday(D(2026, 10, 8)) and cal.reason(D(2026, 10, 8)) == "国庆节"
    assert not cal.is_workday(D(2026, 10, 10))  # the package's 调休 Saturday is gone
    assert cal.is_workday(D(2026, 10, 11)) and cal.reason(D(2026, 10, 11)) == "调休上班（国庆节）"
    assert cal.is_workday(D(2026, 1, 2))  # 元旦 was not in the modified file: Mon-Fri again
    # 9-29, 9-30, 10-9, 10-11 (Sun, worked), 10-12..16, 19..23, 26..30, 11-2
    assert cal.add_workdays(D(2026, 9, 28), 20) == D(2026, 11, 2)
    assert cal.add_workdays(D(2026, 9, 28), 3) == D(2026, 10, 9)
    assert not CalendarDay.objects.filter(date__year=2026, source="package").exists()
    assert (
        CalendarDay.objects.filter(date__year=2025, source="package").count() > 30
    )  # other years kept


CSV_2027 = """year,notice,holiday,type,from,to
2027,国办发明电〔2026〕99号（测试）,元旦,rest,2027-01-01,2027-01-03
2027,国办发明电〔2026〕99号（测试）,春节,放假,2027-02-05,2027-02-12
2027,国办发明电〔2026〕99号（测试）,春节,上班,2027-02-14,
"""


def test_imported_csv_year_makes_it_official(write):
    assert calendar().add_workdays_detail(D(2026, 12, 20), 20).provisional
    call_command(
        "calendar", "import", str(write("2027.csv", CSV_2027)), stdout=__import__("io").StringIO()
    )
    cal = calendar()
    assert 2027 in cal.official_years
    result = cal.add_workdays_detail(D(2026, 12, 20), 20)
    assert not result.provisional
    assert result.date == D(2027, 1, 18)  # 2027-01-01 is now a holiday
    assert cal.reason(D(2027, 2, 8)) == "春节"
    assert cal.reason(D(2027, 2, 14)) == "调休上班（春节）"


BAD_FILES = [
    (
        "bad-date.yaml",
        "year: 2027\nnotice: X\nholidays:\n  - name: 春节\n    rest: 2027-02-30..2027-03-02\n",
        "不存在的日期",
    ),
    (
        "weekday-work.yaml",
        "year: 2027\nnotice: X\nholidays:\n  - name: 春节\n    rest: 2027-02-06\n    work: [2027-02-10]\n",
        "调休上班应为周六或周日",
    ),
    (
        "overlap.yaml",
        "year: 2027\nnotice: X\nholidays:\n  - name: 春节\n    rest: 2027-02-06..2027-02-08\n  - name: 元宵\n    rest: 2027-02-08\n",
        "重复出现",
    ),
    ("no-notice.yaml", "year: 2027\nholidays:\n  - name: 春节\n    rest: 2027-02-06\n", "通知文号"),
    (
        "wrong-year.yaml",
        "year: 2027\nnotice: X\nholidays:\n  - name: 国庆节\n    rest: 2026-10-01\n",
        "不在 2027 年内",
    ),
    (
        "reversed.yaml",
        "year: 2027\nnotice: X\nholidays:\n  - name: 春节\n    rest: 2027-02-10..2027-02-06\n",
        "早于开始日期",
    ),
    ("broken.yaml", "year: [2027\n", "YAML"),
    ("unknown.yaml", "year: 2027\nnotice: X\nholiday: []\n", "未知字段"),
    (
        "two-years.csv",
        "year,notice,holiday,type,from,to\n2027,X,元旦,rest,2027-01-01,\n2028,X,元旦,rest,2028-01-01,\n",
        "一个年度",
    ),
    ("bad-type.csv", "year,notice,holiday,type,from,to\n2027,X,元旦,off,2027-01-01,\n", "type"),
    ("no-columns.csv", "date,name\n2027-01-01,元旦\n", "缺少列"),
    ("holidays.txt", "year: 2027\n", "不支持的文件类型"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_rejected_with_nothing_changed(write, table_state, name, text, message):
    before = table_state()
    cal = calendar()
    with pytest.raises(CommandError, match=message) as error:
        call_command("calendar", "import", str(write(name, text)))
    assert error.value.returncode == 2
    assert "未做任何修改" in str(error.value) or "不支持" in str(error.value)
    assert table_state() == before
    assert calendar() is cal


def test_missing_file(table_state):
    before = table_state()
    with pytest.raises(CommandError, match="文件不存在") as error:
        call_command("calendar", "import", "/nonexistent/holidays.yaml")
    assert error.value.returncode == 2
    assert table_state() == before


def test_dry_run_changes_nothing(table_state):
    before = table_state()
    out = __import__("io").StringIO()
    call_command("calendar", "import", str(EXAMPLE_2026), "--dry-run", stdout=out)
    assert "校验通过" in out.getvalue()
    assert table_state() == before


def test_schedule_parsers_collect_every_problem():
    with pytest.raises(ScheduleError) as error:
        parse_yaml(
            "year: 2027\nholidays:\n  - name: 春节\n    rest: 2027-02-30\n    work: [2027-02-10]\n"
        )
    problems = "\n".join(error.value.problems)
    for expected in (
        "不存在的日期 2027-02-30",
        "缺少通知文号",
        "没有放假日期",
        "调休上班应为周六或周日",
    ):
        assert expected in problems
    schedule = parse_csv(CSV_2027)
    assert schedule.year == 2027 and [h.name for h in schedule.holidays] == ["元旦", "春节"]


def test_calendar_show(capsys):
    from io import StringIO

    out = StringIO()
    call_command("calendar", "show", "2026", stdout=out)
    text = out.getvalue()
    assert "国办发明电〔2025〕7号" in text
    assert "春节：2026-02-15 至 2026-02-23（9天）" in text
    assert "国庆节：2026-10-01 至 2026-10-07（7天）" in text
    assert "2026-02-14（星期六）春节调休上班" in text
    assert "放假（33天）" in text and "调休上班（6天）" in text
    out = StringIO()
    call_command("calendar", "show", "2027", stdout=out)
    text = out.getvalue()
    assert "尚无国务院节假日安排" in text and "暂定" in text
    # the statutory holidays and their 补假 (rules.holidays), listed like an official year's
    assert "春节：2027-02-05 至 2027-02-08（4天）" in text
    assert "春节补假：2027-02-09 至 2027-02-10（2天）" in text
    assert "元旦：2027-01-01（1天）" in text
    with pytest.raises(CommandError) as error:
        call_command("calendar", "show", "二〇二六")
    assert error.value.returncode == 2


def test_demo_loader_is_idempotent(table_state):
    from gongkai.demo import DemoContext
    from gongkai.workdays import demo

    before = table_state()
    demo.load(DemoContext(verbosity=0))
    assert table_state() == before
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).delete()
    demo.load(DemoContext(verbosity=0))
    demo.load(DemoContext(verbosity=0))
    assert CalendarDay.objects.filter(date__year=2026).count() == 39
    assert calendar().add_workdays(D(2026, 9, 28), 20) == D(2026, 10, 30)
