"""Importing a published report as an agency's past report; the carry-over check against it."""

import pytest
from django.core.management import call_command

from gongkai.reports.models import AnnualReport
from gongkai.reports.services import ReportError, annual_report_build, annual_report_import
from gongkai.rules.tables import ReportTables

from .conftest import SEED, SEED_PROACTIVE

pytestmark = pytest.mark.django_db


def published_text(agency_name: str, year: int, carried_out: int) -> bytes:
    """A published report in the seed's layout with ``carried_out`` applications left open."""
    from gongkai.reports.exports import text
    from gongkai.reports.exports.layout import document

    tables = ReportTables.zeros("2021", agency=agency_name, year=year)
    tables.applications["new"] = [carried_out + 3, 0, 0, 0, 0, 0, carried_out + 3]
    tables.applications["result.open"] = [3, 0, 0, 0, 0, 0, 3]
    tables.applications["result.total"] = [3, 0, 0, 0, 0, 0, 3]
    tables.applications["carried_out"] = [carried_out, 0, 0, 0, 0, 0, carried_out]

    class Fake:
        report_format = "2021"
        agency = type("A", (), {"name": agency_name})()
        overview_intro = overview_publication = overview_application = ""
        overview_management = overview_platform = overview_supervision = ""
        problems = other_matters = "无。"
        changed_after_lock = False

        def __str__(self):
            return f"{agency_name}{year}年政府信息公开工作年度报告"

    fake = Fake()
    fake.year = year
    fake.tables = tables.to_contract_json()
    return text.render(document(fake)).encode()


def test_import_command_stores_the_seed_as_a_past_report(demo, tmp_path):
    tjj = demo.agencies["mzl-tjj"]
    AnnualReport.objects.filter(agency=tjj, year=2020).delete()
    call_command("report", "import", SEED, "--agency", "mzl-tjj")
    report = AnnualReport.objects.get(agency=tjj, year=2020)
    assert report.source == AnnualReport.Source.IMPORTED
    assert report.state == AnnualReport.State.PUBLISHED
    assert report.report_format == "2019"
    assert report.tables["proactive"] == SEED_PROACTIVE
    assert report.imported_file.name.endswith(".txt")
    assert report.check_problems == []
    # exported again it reads back to the same numbers
    out = tmp_path / "again.json"
    call_command("report", "build", "--agency", "mzl-tjj", "--year", "2020", "--out", str(out))
    import json

    assert json.loads(out.read_text())["proactive"] == SEED_PROACTIVE


def test_import_does_not_replace_a_built_report_unless_asked(demo):
    tjj = demo.agencies["mzl-tjj"]
    annual_report_build(agency=tjj, year=2019)
    data = {"year": 2019, "format": "2019", "applications": {}, "proactive": {}}
    with pytest.raises(ReportError):
        annual_report_import(agency=tjj, tables=data)
    report = annual_report_import(agency=tjj, tables=data, replace=True)
    assert report.source == AnnualReport.Source.IMPORTED


def test_import_refuses_the_current_year(demo):
    from django.utils import timezone

    with pytest.raises(ReportError):
        annual_report_import(
            agency=demo.agencies["mzl-tjj"],
            tables={"year": timezone.localdate().year, "format": "2021"},
        )


def test_carry_over_check_against_an_imported_report(demo, tmp_path):
    tjj = demo.agencies["mzl-tjj"]
    path = tmp_path / "tjj-2024.txt"
    path.write_bytes(published_text("满洲里市统计局", 2024, carried_out=2))
    call_command("report", "import", str(path), "--agency", "mzl-tjj")
    imported = AnnualReport.objects.get(agency=tjj, year=2024)
    assert imported.tables["applications"]["carried_out"][6] == 2
    assert imported.check_problems == []
    report = annual_report_build(agency=tjj, year=2025)
    carry = [p for p in report.check_problems if p["check"] == "applications.carry_over"]
    # 2 carried out of 2024 (自然人 and 总计), none carried into 2025
    assert [(p["column"], p["numbers"]) for p in carry] == [("自然人", [0, 2]), ("总计", [0, 2])]


def test_importing_last_year_rechecks_this_year(demo, tmp_path):
    tjj = demo.agencies["mzl-tjj"]
    report = annual_report_build(agency=tjj, year=2025)
    assert not [p for p in report.check_problems if p["check"] == "applications.carry_over"]
    from gongkai.rules.reader import read_report

    data = read_report(published_text("满洲里市统计局", 2024, carried_out=1), "x.txt")
    annual_report_import(agency=tjj, tables=data.to_contract_json())
    report.refresh_from_db()
    assert [p["check"] for p in report.check_problems] == ["applications.carry_over"] * 2


def test_import_command_errors(demo, tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("这不是报告")
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", "import", str(bad), "--agency", "mzl-tjj")
    assert exit_info.value.code == 1


def test_admin_upload(demo, client, tmp_path):
    tjj = demo.agencies["mzl-tjj"]
    client.force_login(demo.users["tjj-admin"])
    assert client.get("/admin/annual-reports/import/").status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("tjj-2023.txt", published_text("满洲里市统计局", 2023, 0))
    response = client.post(
        "/admin/annual-reports/import/", {"agency": tjj.pk, "file": upload}, follow=True
    )
    assert response.status_code == 200
    report = AnnualReport.objects.get(agency=tjj, year=2023)
    assert report.source == "imported"
    client.force_login(demo.users["czj-registrar"])
    assert client.get("/admin/annual-reports/import/").status_code in (302, 403)  # denied


@pytest.mark.parametrize(
    ("heading", "wording"),
    [
        ("五、存在的主要问题及改进情况", "common"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "official"),
    ],
)
def test_an_imported_report_keeps_the_heading_wording_it_printed(demo, heading, wording):
    """#17.11: the reader accepts both wordings of section 五, and the stored report (and so
    its exports) words it the way the published file did."""
    from gongkai.reports.cli.import_ import read_published
    from gongkai.reports.exports import export

    tjj = demo.agencies["mzl-tjj"]
    AnnualReport.objects.filter(agency=tjj, year=2020).delete()
    text = open(SEED, encoding="utf-8").read().replace("五、存在的主要问题及改进情况", heading)
    data = read_published("seed.txt", text.encode())
    assert data["sections"]["五"] == heading.removeprefix("五、")
    report = annual_report_import(agency=tjj, tables=data)
    assert report.heading_wording == wording
    assert heading in export(report, "txt").decode()
