"""Every export reads back to the report's JSON: text, HTML, DOCX, PDF through rules.reader,
XLSX through openpyxl (formulas evaluated), DOCX and PDF also checked with python-docx / pdfplumber."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError

from gongkai.registers.models import Art20Count, ReviewCase
from gongkai.reports.exports import export, kind_for_path
from gongkai.reports.exports import xlsx as xlsx_export
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import annual_report_build
from gongkai.rules.reader import read_report

from .conftest import SEED_PROACTIVE

pytestmark = pytest.mark.django_db

KEYS = (
    "agency",
    "year",
    "format",
    "applications",
    "review_litigation",
    "proactive",
    "proactive_units",
)


def same(data: dict) -> dict:
    return {k: data.get(k) for k in KEYS}


@pytest.fixture
def busy_2019(demo):
    """A 2019-format report with amounts (采购 in 万元), a negative change and 复议/诉讼 cases."""
    czj = demo.agencies["mzl-czj"]
    Art20Count.objects.create(
        agency=czj, year=2019, item="procurement", projects=12, amount=Decimal("356.75")
    )
    Art20Count.objects.create(agency=czj, year=2019, item="fee", items_last_year=4, items_change=-1)
    Art20Count.objects.create(
        agency=czj, year=2019, item="licensing", items_last_year=30, items_change=2, decisions=512
    )
    for kind, result in (
        (ReviewCase.Kind.RECONSIDERATION, ReviewCase.Result.UPHELD),
        (ReviewCase.Kind.RECONSIDERATION, ReviewCase.Result.OTHER),
        (ReviewCase.Kind.LITIGATION_DIRECT, ReviewCase.Result.CORRECTED),
    ):
        ReviewCase.objects.create(
            agency=czj,
            kind=kind,
            filed_date=datetime.date(2019, 4, 1),
            decided_date=datetime.date(2019, 9, 1),
            result=result,
        )
    return annual_report_build(agency=czj, year=2019)


@pytest.fixture(params=["seed", "busy_2019", "city_2025"])
def report(request, demo):
    if request.param == "seed":
        return annual_report_build(agency=demo.agencies["mzl-tjj"], year=2020)
    if request.param == "busy_2019":
        return request.getfixturevalue("busy_2019")
    return annual_report_build(agency=demo.agencies["mzl"], year=2025, scope="consolidated")


def test_export_reads_back_to_the_same_json(report):
    for kind in ("txt", "html", "docx", "pdf"):
        result = read_report(export(report, kind), f"report.{kind}")
        assert same(result.to_contract_json()) == same(report.tables), kind
        assert result.failed == [], kind
    # JSON: the contract
    data = json.loads(export(report, "json"))
    assert same(data) == same(report.tables)
    assert data["problems"] == report.check_problems
    assert len(data["review_litigation"]) == 15
    assert all(len(row) == 7 for row in data["applications"].values())
    # XLSX: one sheet per table, totals as formulas, read back with the formulas evaluated
    from openpyxl import load_workbook

    content = export(report, "xlsx")
    wb = load_workbook(io.BytesIO(content))
    assert len(wb.worksheets) == 3
    formulas = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=SUM(")
    ]
    # 总计 column of every row but （七）总计, the seven cells of （七）总计, three group totals of 四
    rows = len(report.tables["applications"])
    assert len(formulas) == (rows - 1) + 7 + 3
    back = xlsx_export.read(content, report.report_format, report.tables["agency"], report.year)
    assert same(back.to_contract_json()) == same(report.tables)


def test_docx_has_the_seed_structure(demo):
    from docx import Document

    report = annual_report_build(agency=demo.agencies["mzl-tjj"], year=2020)
    from gongkai.reports.demo import SEED_2020

    for f, text in SEED_2020.items():
        setattr(report, f, text)
    doc = Document(io.BytesIO(export(report, "docx")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "满洲里市统计局2020年政府信息公开工作年度报告"
    headings = [t for t in texts if t[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}]
    assert [h[0] for h in headings] == list("一二三四五六")
    for part in (
        "（一）主动公开",
        "（二）依申请公开",
        "（三）政府信息管理",
        "（四）平台建设",
        "（五）监督保障",
    ):
        assert part in texts
    assert len(doc.tables) == 3
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    for label in (
        "第二十条第（九）项",
        "政府集中采购",
        "（六）其他处理",
        "四、结转下年度继续办理",
        "复议后起诉",
        "尚未审结",
    ):
        assert label in cells
    assert any("市长信箱" in t for t in texts)


def test_text_export_is_laid_out_like_the_seed(demo):
    from .conftest import SEED

    report = annual_report_build(agency=demo.agencies["mzl-tjj"], year=2020)
    text = export(report, "txt").decode()
    seed = open(SEED, encoding="utf-8").read()

    def table_lines(s, start, end):
        block = s[s.index(start) : s.index(end)]
        return [line.strip() for line in block.splitlines() if line.startswith("\t")]

    # Tables 三 and 四: one cell per line, tab-indented, the same cells in the same order
    # (cells covered by a merged cell as empty lines) as the seed.
    ours = table_lines(text, "（本列数据", "四、结转下年度")
    theirs = table_lines(seed, "（本列数据", "四、结转下年度")
    assert ours == theirs
    ours4 = table_lines(text, "\t行政复议", "五、")
    theirs4 = table_lines(seed, "\t行政复议", "五、")
    assert ours4 == theirs4


def test_pdf_text_layer_has_the_tables(demo):
    import pdfplumber

    report = annual_report_build(agency=demo.agencies["mzl-tjj"], year=2020)
    with pdfplumber.open(io.BytesIO(export(report, "pdf"))) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for label in (
        "一、总体情况",
        "第二十条第（六）项",
        "行政处罚",
        "（七）总计",
        "复议后起诉",
        "六、其他需要报告的事项",
    ):
        assert label in text.replace(" ", "")


def test_seed_file_reads_to_what_we_build(demo):
    from .conftest import SEED

    report = annual_report_build(agency=demo.agencies["mzl-tjj"], year=2020)
    seed = read_report(SEED).to_contract_json()
    assert same(seed) | {"proactive_units": {}} == same(report.tables) | {"proactive_units": {}}
    assert seed["proactive"] == SEED_PROACTIVE


def test_kind_follows_the_file_ending():
    assert kind_for_path("x.JSON") == "json"
    assert kind_for_path("a/b.docx") == "docx"
    with pytest.raises(ValueError):
        kind_for_path("x.doc")


def test_build_command_writes_every_format(demo, tmp_path):
    from django.core.management import call_command

    for ending in (".json", ".html", ".docx", ".pdf", ".xlsx", ".txt"):
        out = tmp_path / f"x{ending}"
        call_command("report", "build", "--agency", "mzl-tjj", "--year", "2020", "--out", str(out))
        assert out.stat().st_size > 0
        if ending in (".txt", ".html", ".docx", ".pdf"):
            data = read_report(out).to_contract_json()
            assert data["proactive"] == SEED_PROACTIVE, ending
            assert all(row == [0] * 7 for row in data["applications"].values()), ending
    with pytest.raises((CommandError, SystemExit)):
        call_command(
            "report",
            "build",
            "--agency",
            "mzl-tjj",
            "--year",
            "2020",
            "--out",
            str(tmp_path / "x.doc"),
        )
    with pytest.raises((CommandError, SystemExit)):
        call_command(
            "report",
            "build",
            "--agency",
            "nobody",
            "--year",
            "2020",
            "--out",
            str(tmp_path / "x.json"),
        )


def _section_headings(text: str) -> list[str]:
    """The headings 一 to 六 of a text report (table rows are tab-indented and skipped)."""
    import re

    return [
        line.strip()
        for line in text.splitlines()
        if not line.startswith("\t") and re.match(r"[一二三四五六]、", line.strip())
    ]


def test_seed_agency_report_prints_the_headings_as_the_seed_does(demo):
    """#17.11: 满洲里市统计局 words section 五 the common way (五、存在的主要问题及改进情况),
    not the 2019 format's 五、政府信息公开工作存在的主要问题及改进情况."""
    from .conftest import SEED

    seed = open(SEED, encoding="utf-8").read()
    report = AnnualReport.objects.get(agency__slug="mzl-tjj", year=2020, scope="agency")
    assert report.heading_wording == "common"
    report = annual_report_build(agency=demo.agencies["mzl-tjj"], year=2020)  # a rebuild keeps it
    text = export(report, "txt").decode()
    assert _section_headings(text) == _section_headings(seed)
    assert "五、存在的主要问题及改进情况" in _section_headings(text)
    assert "五、存在的主要问题及改进情况" in report.published_html
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(export(report, "docx"))).paragraphs]
    assert "五、存在的主要问题及改进情况" in paragraphs


def test_the_official_wording_is_the_default_and_the_choice_carries_over(demo):
    from gongkai.audit.models import AuditEntry
    from gongkai.reports.services import ReportError, annual_report_set_heading_wording

    tjj, admin = demo.agencies["mzl-tjj"], demo.users["tjj-admin"]
    AnnualReport.objects.filter(agency=tjj).delete()  # no earlier choice
    report = annual_report_build(agency=tjj, year=2020)
    assert report.heading_wording == "official"
    official = "五、政府信息公开工作存在的主要问题及改进情况"
    assert official in _section_headings(export(report, "txt").decode())
    annual_report_set_heading_wording(report=report, wording="common", actor=admin)
    report.refresh_from_db()
    assert "五、存在的主要问题及改进情况" in _section_headings(export(report, "txt").decode())
    entry = AuditEntry.objects.get(object_id=str(report.pk), verb="annual_report.heading_wording")
    assert entry.changes["heading_wording"] == ["official", "common"]
    # the agency's next report starts from its choice
    assert annual_report_build(agency=tjj, year=2019).heading_wording == "common"
    # the 2021 format has one wording: nothing to choose, and the refusal says so
    later = annual_report_build(agency=tjj, year=2024)
    with pytest.raises(ReportError, match="没有原文与通行用语之分"):
        annual_report_set_heading_wording(report=later, wording="official", actor=admin)
