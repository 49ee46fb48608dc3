"""Zip bombs and oversized files in the staff import paths (#15, "Also close").

Every import is refused with a Chinese message before anything is written: the case
import (XLSX, in the console and on the command line), the report reader's uploads
(DOCX, PDF, text) and the text extraction of catalogue attachments (DOCX).
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.ops import uploads

pytestmark = pytest.mark.django_db

XLSX_MEMBERS = {
    "[Content_Types].xml": b"<Types/>",
    "xl/workbook.xml": b"<workbook/>",
}
DOCX_MEMBERS = {
    "[Content_Types].xml": b"<Types/>",
    "word/document.xml": b"<document/>",
}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb(members: dict[str, bytes]) -> bytes:
    """About 60 kB that expands to 60 MB: far beyond the allowed ratio."""
    return _zip({**members, "xl/sharedStrings.xml": b"\0" * 60_000_000})


def _many_members(members: dict[str, bytes]) -> bytes:
    return _zip({**members, **{f"junk/{i}.xml": b"" for i in range(uploads.MAX_ZIP_MEMBERS + 1)}})


def _pdf(pages: int) -> bytes:
    """A small valid PDF with ``pages`` empty pages (objects and cross-reference by hand)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * pages
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


# --- the case import (XLSX) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (_bomb(XLSX_MEMBERS), "压缩炸弹"),
        (_many_members(XLSX_MEMBERS), "压缩包内文件过多"),
        (b"PK\x03\x04 not a zip", "文件无法读取"),
    ],
    ids=["bomb", "members", "broken"],
)
def test_case_import_refuses_bombs_before_reading(client, lite_demo, content, message):
    from gongkai.applications.models import Application

    before = Application.objects.count()
    client.force_login(lite_demo.users["tjj-registrar"])
    response = client.post(
        "/admin/applications/import/",
        {
            "agency": lite_demo.agencies["mzl-tjj"].pk,
            "file": SimpleUploadedFile("cases.xlsx", content),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body and "未导入任何记录" in body
    assert Application.objects.count() == before


def test_case_import_refuses_oversized_files_and_too_many_rows(lite_demo, settings, monkeypatch):
    from openpyxl import Workbook

    from gongkai.applications import xlsx
    from gongkai.applications.models import Application

    tjj = lite_demo.agencies["mzl-tjj"]
    settings.GONGKAI = {**settings.GONGKAI, "UPLOAD_MAX_BYTES": 100}
    result = xlsx.import_file(io.BytesIO(xlsx.template_bytes()), agency=tjj)
    assert result.errors and "文件过大" in result.errors[0]["message"]

    settings.GONGKAI = {**settings.GONGKAI, "UPLOAD_MAX_BYTES": 10 * 1024 * 1024}
    monkeypatch.setattr(xlsx, "MAX_IMPORT_ROWS", 3)
    book = Workbook()
    sheet = book.active
    sheet.append(xlsx.HEADERS)
    for n in range(4):
        sheet.append([f"X-{n}"] + ["x"] * (len(xlsx.HEADERS) - 1))
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = xlsx.import_file(out, agency=tjj)
    assert result.errors and "一次最多导入3行" in result.errors[0]["message"]
    assert not Application.objects.filter(tracking_number__startswith="X-").exists()


def test_the_command_line_import_refuses_a_bomb_too(lite_demo, tmp_path):
    from django.core.management import call_command

    from gongkai.applications.models import Application

    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_bomb(XLSX_MEMBERS))
    before = Application.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "applications", "import", str(path), "--agency", "mzl-tjj", stdout=out, stderr=err
        )
    assert exit_info.value.code == 1
    assert "压缩炸弹" in err.getvalue() and "未导入任何记录" in err.getvalue()
    assert Application.objects.count() == before


# --- the report reader's uploads -------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("report.docx", _bomb(DOCX_MEMBERS), "压缩炸弹"),
        ("report.docx", _many_members(DOCX_MEMBERS), "压缩包内文件过多"),
        ("report.pdf", b"not a pdf at all", "不支持的文件类型"),
    ],
    ids=["docx-bomb", "docx-members", "fake-pdf"],
)
def test_report_import_refuses_bombs(client, lite_demo, name, content, message):
    from gongkai.reports.models import AnnualReport

    before = list(AnnualReport.objects.values_list("pk", "year", "tables"))
    client.force_login(lite_demo.users["tjj-admin"])
    response = client.post(
        "/admin/annual-reports/import/",
        {
            "agency": lite_demo.agencies["mzl-tjj"].pk,
            "year": 2019,
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(AnnualReport.objects.values_list("pk", "year", "tables")) == before


def test_report_import_refuses_oversized_text(client, lite_demo, settings):
    settings.GONGKAI = {**settings.GONGKAI, "UPLOAD_MAX_BYTES": 1000}
    client.force_login(lite_demo.users["tjj-admin"])
    response = client.post(
        "/admin/annual-reports/import/",
        {
            "agency": lite_demo.agencies["mzl-tjj"].pk,
            "file": SimpleUploadedFile("report.txt", "政府信息公开".encode() * 200),
        },
    )
    assert "文件过大" in response.content.decode()


def test_the_reader_refuses_a_pdf_of_too_many_pages(monkeypatch):
    from gongkai.rules.reader import ReaderError, read_report, sources

    monkeypatch.setattr(sources, "MAX_PDF_PAGES", 3)
    with pytest.raises(ReaderError, match="超过3页的上限"):
        read_report("many.pdf", _pdf(4))


def test_attachment_text_extraction_skips_a_bomb(db):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from gongkai.catalogue.search import extract_document_text

    document = get_document_model()(title="炸弹")
    document.file.save("bomb.docx", ContentFile(_bomb(DOCX_MEMBERS)), save=True)
    assert extract_document_text(document) == ""


def test_ordinary_files_pass(db):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["申请编号", "申请人"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    assert uploads.check_upload(out, allowed={"xlsx"}).kind == "xlsx"
