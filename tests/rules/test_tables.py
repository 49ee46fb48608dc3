"""Report tables as values and every cross-check (rules/tables.py)."""

import json
from decimal import Decimal

import pytest

from gongkai.rules.formats import get_format
from gongkai.rules.tables import (
    CHECKS,
    ERROR,
    Amount,
    Problem,
    ReportTables,
    check_carry_over,
    failed,
    run_checks,
)


def good(fmt="2021", year=2021):
    """A consistent report: 3 new + 1 carried in = 3 answered + 1 carried out."""
    t = ReportTables.zeros(fmt, agency="测试局", year=year)
    t.applications["new"] = [2, 1, 0, 0, 0, 0, 3]
    t.applications["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    t.applications["result.open"] = [1, 1, 0, 0, 0, 0, 2]
    t.applications["result.unable.1"] = [1, 0, 0, 0, 0, 0, 1]
    t.applications["result.total"] = [2, 1, 0, 0, 0, 0, 3]
    t.applications["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    t.review_litigation = [1, 0, 0, 1, 2] + [0] * 5 + [0, 0, 1, 0, 1]
    return t


def names(problems):
    return sorted({p.check for p in problems})


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_consistent_report_has_no_problems(fmt):
    assert run_checks(good(fmt, 2020 if fmt == "2019" else 2021)) == []


def test_every_check_is_registered():
    assert set(CHECKS) >= {
        "values.missing",
        "values.non_negative",
        "values.integer",
        "values.unit",
        "applications.row_total",
        "applications.result_total",
        "applications.balance",
        "review_litigation.group_total",
    }


def test_row_total():
    t = good()
    t.applications["result.open"][6] = 3
    problems = run_checks(t)
    assert "applications.row_total" in names(problems)
    p = next(p for p in problems if p.check == "applications.row_total")
    assert (p.row, p.column, p.numbers) == ("result.open", "总计", (2, 3))
    assert "（一）予以公开" in p.message and "（2）" in p.message and "（3）" in p.message


def test_result_total():
    t = good()
    t.applications["result.refuse.4"] = [1, 0, 0, 0, 0, 0, 1]
    problems = [p for p in run_checks(t) if p.check == "applications.result_total"]
    assert {p.column for p in problems} == {"自然人", "总计"}
    p = next(p for p in problems if p.column == "自然人")
    assert p.numbers == (3, 2)
    assert p.message == "第三项各办理结果之和（3）不等于第三项（七）总计（2），列：自然人"


def test_balance_message_as_in_the_contract():
    t = good()
    t.applications["carried_in"] = [0, 0, 0, 0, 0, 0, 0]
    t.applications["new"] = [3, 1, 0, 0, 0, 0, 4]
    t.applications["carried_out"] = [0, 0, 0, 0, 0, 0, 0]
    t.applications["result.total"] = [2, 1, 0, 0, 0, 0, 3]
    problems = [p for p in run_checks(t) if p.check == "applications.balance"]
    p = next(p for p in problems if p.column == "自然人")
    assert p.message == "第一项加第二项（3）不等于第三项（七）总计加第四项（2），列：自然人"
    assert p.severity == ERROR


def test_group_total():
    t = good()
    t.review_litigation[14] = 5
    problems = [p for p in run_checks(t) if p.check == "review_litigation.group_total"]
    assert len(problems) == 1
    assert problems[0].column == "复议后起诉 总计"
    assert problems[0].numbers == (1, 5)


def test_carry_over():
    last, this = good(year=2021), good(year=2022)
    assert check_carry_over(last, this) == []
    this.applications["carried_in"] = [0, 0, 0, 0, 0, 0, 0]
    problems = check_carry_over(last, this)
    assert {p.column for p in problems} == {"自然人", "总计"}
    assert problems[0].check == "applications.carry_over"
    assert (
        "2022年的二、上年结转（0）不等于2021年的四、结转下年度继续办理（1）" in problems[0].message
    )
    assert "applications.carry_over" in names(run_checks(this, previous=last))
    # not consecutive years: no comparison
    assert check_carry_over(good(year=2019), this) == []


def test_negative_and_non_integer_values():
    t = good()
    t.applications["result.partial"] = [-1, 0, 0, 0, 0, 0, -1]
    t.proactive["行政处罚"] = [Amount(Decimal("2.5"))]
    problems = run_checks(t)
    assert "values.non_negative" in names(problems)
    assert "values.integer" in names(problems)


def test_change_column_may_be_negative():
    t = good("2019", 2020)
    t.proactive["行政处罚"] = [18, -3, 0]
    assert run_checks(t) == []
    t.proactive["行政处罚"] = [-18, 0, 0]
    assert names(run_checks(t)) == ["values.non_negative"]


def test_amount_without_unit():
    t = good("2019", 2020)
    t.proactive["政府集中采购"] = [6, Amount(Decimal(251000))]
    assert names(run_checks(t)) == ["values.unit"]
    t.proactive["政府集中采购"] = [6, Amount(Decimal(251000), "元")]
    assert run_checks(t) == []


def test_blank_cells_are_reported_and_never_zero():
    t = good()
    t.applications["carried_in"][1] = None
    t.applications["result.open"][6] = None
    problems = run_checks(t)
    missing = [p for p in problems if p.check == "values.missing"]
    assert {(p.row, p.column) for p in missing} == {
        ("carried_in", "商业企业"),
        ("result.open", "总计"),
    }
    assert "不视为0" in missing[0].message
    # checks that need a blank cell skip it instead of reporting a wrong sum
    assert failed(problems) == []


def test_blank_cells_do_not_hide_other_failures():
    t = good()
    t.applications["carried_in"][1] = None
    t.applications["new"] = [2, 1, 0, 0, 0, 0, 4]  # 总计 wrong
    assert "applications.row_total" in names(run_checks(t))


def test_blank_tables():
    t = ReportTables.blank("2021")
    problems = run_checks(t)
    assert failed(problems) == []
    assert {p.row for p in problems} >= {"new", "result.total", "review_litigation"}


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_contract_json_round_trip(fmt):
    t = good(fmt, 2020 if fmt == "2019" else 2021)
    if fmt == "2021":
        t.proactive["行政事业性收费"] = [Amount(Decimal("24252.311082"), "万元")]
    else:
        t.proactive["政府集中采购"] = [135, Amount(Decimal("75394432.52"), "元")]
        t.proactive["行政许可"] = [396, None, 181]
    problems = [Problem("values.missing", "行政许可", "本年增/减", "x", severity="warning")]
    data = t.to_contract_json(problems, file="x.txt")
    text = json.dumps(data, ensure_ascii=False)
    back = ReportTables.from_contract_json(json.loads(text))
    assert back == t
    assert data["file"] == "x.txt"
    assert data["format"] == fmt
    assert list(data["applications"]) == list(get_format(fmt).application_keys)
    assert len(data["review_litigation"]) == 15
    assert data["problems"][0]["check"] == "values.missing"
    if fmt == "2021":
        assert data["proactive"]["行政事业性收费"] == [24252.311082]
        assert data["proactive_units"] == {"行政事业性收费[0]": "万元"}


def test_zeros_carry_units():
    t = ReportTables.zeros("2021")
    assert t.proactive["行政事业性收费"] == [Amount(Decimal(0), "万元")]
    assert str(Amount(Decimal("251000.00"), "元")) == "251000元"
