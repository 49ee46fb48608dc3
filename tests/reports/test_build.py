import datetime
import json

import pytest
from django.core.management import call_command

from gongkai.registers.models import Art20Count, ReviewCase
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import ReportError, annual_report_build
from gongkai.rules.formats import get_format

from .conftest import SEED_PROACTIVE

pytestmark = pytest.mark.django_db


def test_seed_tables_are_reproduced(tjj):
    report = annual_report_build(agency=tjj, year=2020)
    data = report.tables
    assert data["format"] == "2019"
    assert data["agency"] == "满洲里市统计局"
    assert data["proactive"] == SEED_PROACTIVE
    assert data["review_litigation"] == [0] * 15
    # PostgreSQL's jsonb does not keep key order: readers go by the format's row order.
    assert sorted(data["applications"]) == sorted(get_format("2019").application_keys)
    assert all(row == [0] * 7 for row in data["applications"].values())
    assert report.check_problems == []


def test_format_follows_the_year_unless_overridden(tjj):
    assert annual_report_build(agency=tjj, year=2025).report_format == "2021"
    report = annual_report_build(agency=tjj, year=2025, report_format="2019")
    assert report.report_format == "2019"
    assert "其他对外管理服务事项" in report.tables["proactive"]
    assert "result.other" in report.tables["applications"]


def test_2021_format_tables_from_registers(tjj):
    report = annual_report_build(agency=tjj, year=2025)
    assert report.tables["proactive"] == {
        "规章": [0, 0, 0],
        "行政规范性文件": [2, 1, 6],
        "行政许可": [0],
        "行政处罚": [4],
        "行政强制": [1],
        "行政事业性收费": [0],
    }
    assert "result.other.3" in report.tables["applications"]


def test_rebuild_gives_the_same_numbers_until_the_data_changes(tjj):
    first = annual_report_build(agency=tjj, year=2025).tables
    again = annual_report_build(agency=tjj, year=2025).tables
    assert first == again
    row = Art20Count.objects.get(agency=tjj, year=2025, item="penalty")
    row.decisions = 9
    row.save()
    assert annual_report_build(agency=tjj, year=2025).tables["proactive"]["行政处罚"] == [9]


def test_consolidated_report_sums_the_subtree(demo):
    city = demo.agencies["mzl"]
    report = annual_report_build(agency=city, year=2025, scope="consolidated")
    assert report.tables["proactive"]["行政许可"] == [5873 + 87]
    assert report.tables["proactive"]["行政事业性收费"] == [98.85]
    assert report.tables["proactive_units"] == {"行政事业性收费[0]": "万元"}
    # 复议 upheld + corrected (filed 2025), 复议后起诉 pending
    assert report.tables["review_litigation"] == [1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    own = annual_report_build(agency=city, year=2025)
    assert own.tables["proactive"]["行政许可"] == [0]


def test_lock_date_freezes_the_year_and_flags_later_changes(tjj):
    from django.db import transaction

    report = annual_report_build(agency=tjj, year=2025)
    report.lock_date = datetime.date(2026, 1, 15)
    report.save()
    locked = report.tables
    with transaction.atomic():
        ReviewCase.objects.create(
            agency=tjj,
            kind=ReviewCase.Kind.RECONSIDERATION,
            filed_date=datetime.date(2025, 11, 3),
        )
    report.refresh_from_db()
    # the signal handler runs on commit; in a test transaction call it as a rebuild would
    report = annual_report_build(agency=tjj, year=2025)
    assert report.tables == locked
    assert report.changed_after_lock
    cells = report.changes_after_lock["cells"]
    assert {"table": "review_litigation", "row": "", "column": 3, "old": 0, "new": 1} in cells
    html = report.published_html or ""
    from gongkai.reports.exports import export

    assert "数据已在锁定后变更" in export(report, "txt").decode()
    assert "数据已在锁定后变更" in export(report, "html").decode()
    del html


def test_change_after_lock_is_flagged_without_a_rebuild(tjj, django_capture_on_commit_callbacks):
    report = annual_report_build(agency=tjj, year=2025)
    report.lock_date = datetime.date(2026, 1, 15)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        row = Art20Count.objects.get(agency=tjj, year=2025, item="enforcement")
        row.decisions = 5
        row.save()
    report.refresh_from_db()
    assert report.changed_after_lock
    assert report.tables["proactive"]["行政强制"] == [1]


def test_imported_report_is_not_rebuilt(tjj):
    from gongkai.reports.services import annual_report_import

    report = AnnualReport.objects.get(agency=tjj, year=2020)
    report.delete()
    annual_report_import(
        agency=tjj,
        tables={"year": 2019, "format": "2019", "applications": {}, "proactive": {}},
    )
    with pytest.raises(ReportError):
        annual_report_build(agency=tjj, year=2019)


def test_build_command_writes_the_seed_json(tjj, tmp_path):
    out = tmp_path / "x.json"
    call_command("report", "build", "--agency", "mzl-tjj", "--year", "2020", "--out", str(out))
    data = json.loads(out.read_text())
    assert data["proactive"] == SEED_PROACTIVE
    assert data["review_litigation"] == [0] * 15
    assert data["year"] == 2020 and data["format"] == "2019"
    assert data["problems"] == []


def test_catalogue_counts_fill_in_for_agencies_without_register_rows(demo, monkeypatch):
    from gongkai.reports import sources

    calls = []

    def publication_counts(agency_ids, year):
        calls.append(sorted(agency_ids))
        n = len(agency_ids)
        return {"normative": {"规章": (1 * n, 0, 2 * n), "规范性文件": (2 * n, 1 * n, 5 * n)}}

    monkeypatch.setattr(sources, "publication_counts", lambda: publication_counts)
    city = demo.agencies["mzl"]
    report = annual_report_build(agency=city, year=2025, scope="consolidated")
    # 规章: only 统计局 entered a row (zeros): the five other agencies come from the catalogue
    assert report.tables["proactive"]["规章"] == [5, 0, 10]
    # 规范性文件: 统计局, 财政局 and 教育局 entered (10, 3, 54); three agencies from the catalogue
    assert report.tables["proactive"]["行政规范性文件"] == [10 + 6, 3 + 3, 54 + 15]
    # 统计局 alone entered everything: the catalogue is not asked
    calls.clear()
    annual_report_build(agency=demo.agencies["mzl-tjj"], year=2025)
    assert calls == []
