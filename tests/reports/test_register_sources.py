"""#17.8-9: table 二 of a built report is counted from the register records, with hand
overrides listed as such; table 四 from the recorded 复议/诉讼 results."""

import datetime
from decimal import Decimal

import pytest

from gongkai.registers.models import Art20Count, Art20Item, Art20Record, ReviewCase
from gongkai.reports.services import annual_report_build

from .conftest import SEED_PROACTIVE

pytestmark = pytest.mark.django_db

D = datetime.date


def test_table_two_is_counted_from_the_records(tjj):
    # the demo's 2026 records: one 规范性文件 issued, one 处罚 decision, no override
    Art20Record.objects.create(
        agency=tjj, kind=Art20Item.PENALTY, title="某案", decided_on=D(2026, 8, 1)
    )
    Art20Record.objects.create(
        agency=tjj,
        kind=Art20Item.NORMATIVE_DOCUMENT,
        title="旧文件",
        issued_on=D(2018, 1, 1),
        repealed_on=D(2026, 6, 30),
    )
    Art20Record.objects.create(
        agency=tjj,
        kind=Art20Item.FEE,
        title="收费",
        decided_on=D(2026, 3, 3),
        amount=Decimal("3.5"),
    )
    report = annual_report_build(agency=tjj, year=2026)
    assert report.report_format == "2021"
    proactive = report.tables["proactive"]
    assert proactive["行政规范性文件"] == [1, 1, 1]
    assert proactive["行政处罚"] == [2]
    assert proactive["行政事业性收费"] == [3.5]
    assert "proactive_overrides" not in report.tables
    # a new record changes the rebuilt report
    Art20Record.objects.create(
        agency=tjj, kind=Art20Item.PENALTY, title="又一案", decided_on=D(2026, 9, 1)
    )
    assert annual_report_build(agency=tjj, year=2026).tables["proactive"]["行政处罚"] == [3]


def test_override_is_shown_as_such(tjj, client, demo):
    Art20Count.objects.create(
        agency=tjj, year=2026, item=Art20Item.PENALTY, decisions=7, reason="登记簿迁移未完成"
    )
    report = annual_report_build(agency=tjj, year=2026)
    assert report.tables["proactive"]["行政处罚"] == [7]  # not the record's 1
    assert report.tables["proactive_overrides"] == {
        "行政处罚": [["满洲里市统计局", "登记簿迁移未完成"]]
    }
    client.force_login(demo.users["tjj-admin"])
    body = client.get(f"/admin/annual-reports/{report.pk}/").content.decode()
    assert "表二中的手工覆盖数" in body
    assert "行政处罚：满洲里市统计局（手工覆盖：登记簿迁移未完成）" in body


def test_seed_report_is_rebuilt_exactly_and_says_its_figures_were_entered_by_hand(tjj):
    report = annual_report_build(agency=tjj, year=2020)
    assert report.tables["proactive"] == SEED_PROACTIVE
    assert report.check_problems == []
    overrides = report.tables["proactive_overrides"]
    assert set(overrides) == set(SEED_PROACTIVE)
    assert overrides["行政处罚"] == [["满洲里市统计局", "登记簿启用前的年度，按已发布年度报告填报"]]


def test_table_four_is_counted_from_the_recorded_results(tjj):
    def case(number, kind, **kw):
        ReviewCase.objects.create(agency=tjj, kind=kind, case_number=number, **kw)

    case(
        "a",
        ReviewCase.Kind.RECONSIDERATION,
        filed_date=D(2026, 2, 1),
        copy_received_on=D(2026, 2, 3),
        answered_on=D(2026, 2, 12),
        decided_date=D(2026, 4, 1),
        result=ReviewCase.Result.CORRECTED,
    )
    case(
        "b",
        ReviewCase.Kind.LITIGATION_DIRECT,
        filed_date=D(2026, 5, 1),
        copy_received_on=D(2026, 5, 6),
    )
    case(
        "c",
        ReviewCase.Kind.LITIGATION_AFTER,
        filed_date=D(2026, 6, 1),
        decided_date=D(2026, 10, 1),
        result=ReviewCase.Result.UPHELD,
    )
    report = annual_report_build(agency=tjj, year=2026)
    assert report.tables["review_litigation"] == [0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1]


def test_a_record_added_after_the_lock_flags_the_report(demo, django_capture_on_commit_callbacks):
    czj = demo.agencies["mzl-czj"]  # 2025 has no 行政许可 override for 财政局
    report = annual_report_build(agency=czj, year=2025)
    report.lock_date = D(2026, 1, 15)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        Art20Record.objects.create(
            agency=czj, kind=Art20Item.LICENSING, title="许可", decided_on=D(2025, 11, 3)
        )
    report.refresh_from_db()
    assert report.changed_after_lock
    assert report.tables["proactive"]["行政许可"] == [0]  # the locked numbers stay
    assert {c["row"] for c in report.changes_after_lock["cells"]} == {"行政许可"}
