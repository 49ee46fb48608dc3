"""A report that fails each cross-check of rules.tables, on hand-made tables (no database)."""

import copy

from gongkai.reports.build import stored_json
from gongkai.reports.checks import run_checks
from gongkai.rules.tables import ReportTables


def base(fmt="2021") -> dict:
    tables = ReportTables.zeros(fmt, agency="某局", year=2025)
    tables.applications["new"] = [5, 1, 0, 0, 0, 0, 6]
    tables.applications["result.open"] = [4, 1, 0, 0, 0, 0, 5]
    tables.applications["result.total"] = [4, 1, 0, 0, 0, 0, 5]
    tables.applications["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    tables.review_litigation = [1, 0, 0, 0, 1] + [0] * 10
    return stored_json(tables)


def names(problems):
    return {p["check"] for p in problems if p["severity"] == "error"}


def test_consistent_tables_pass():
    assert run_checks(base()) == []
    assert run_checks(base("2019")) == []


def test_each_check_fails_on_its_own():
    t = copy.deepcopy(base())
    t["applications"]["new"][6] = 7  # (a) row total
    assert names(run_checks(t)) >= {"applications.row_total"}

    t = copy.deepcopy(base())
    t["applications"]["result.partial"] = [1, 0, 0, 0, 0, 0, 1]  # (b) 三 rows vs （七）总计
    assert "applications.result_total" in names(run_checks(t))

    t = copy.deepcopy(base())
    t["applications"]["carried_out"] = [2, 0, 0, 0, 0, 0, 2]  # (c) 一+二 = 三（七）+ 四
    problems = run_checks(t)
    assert names(problems) == {"applications.balance"}
    assert {p["column"] for p in problems} == {"自然人", "总计"}

    t = copy.deepcopy(base())
    t["review_litigation"][4] = 2  # (d) table 四 group total
    problems = run_checks(t)
    assert names(problems) == {"review_litigation.group_total"}
    assert problems[0]["column"] == "行政复议 总计"

    t = copy.deepcopy(base())
    t["proactive"]["行政处罚"] = [-1]  # (f) non-negative
    assert names(run_checks(t)) == {"values.non_negative"}

    t = copy.deepcopy(base())
    t["applications"]["new"][0] = None  # a blank cell is named, never read as 0
    assert "values.missing" in {p["check"] for p in run_checks(t)}

    t = copy.deepcopy(base("2019"))
    t["proactive"]["政府集中采购"] = [1, 12.5]
    t["proactive_units"] = {}  # (f) an amount carries its unit
    assert "values.unit" in {p["check"] for p in run_checks(t)}


def test_carry_over_against_the_previous_year():
    last = base()
    last["year"] = 2024
    this = copy.deepcopy(base())
    this["applications"]["carried_in"] = [0] * 7  # 1 was carried out of 2024
    problems = run_checks(this, previous=last)
    assert names(problems) == {"applications.carry_over"}
    ok = copy.deepcopy(base())
    ok["applications"]["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    ok["applications"]["carried_out"] = [2, 0, 0, 0, 0, 0, 2]
    assert run_checks(ok, previous=last) == []
