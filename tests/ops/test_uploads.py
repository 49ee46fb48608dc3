"""Upload checks by content, size limit, random storage names, attachment-only serving."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.ops.uploads import (
    ContentValidator,
    UploadRejected,
    check_upload,
    store_upload,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("政府信息公开申请答复书")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "收到申请数"
    workbook.save(buffer)
    return buffer.getvalue()


OFD = _zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>"})


def _file(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("a.pdf", PDF, "pdf"),
        ("a.png", PNG, "png"),
        ("a.jpg", JPEG, "jpeg"),
        ("a.docx", _docx(), "docx"),
        ("a.xlsx", _xlsx(), "xlsx"),
        ("a.ofd", OFD, "ofd"),
        ("looks-like.docx", PDF, "pdf"),  # the content decides, not the name
    ],
)
def test_recognised_by_content(name, data, kind):
    checked = check_upload(_file(name, data))
    assert checked.kind == kind
    assert checked.size == len(data)
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 windows program", "不支持的文件类型"),
        ("page.pdf", b"<html><script>alert(1)</script>", "不支持的文件类型"),
        ("plain.zip", _zip({"a.txt": b"x"}), "不支持的文件类型"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "不支持的文件类型"),
        ("empty.pdf", b"", "文件是空的"),
        (
            "bomb.docx",
            _zip({"[Content_Types].xml": b"x", "word/document.xml": b"0" * 5_000_000}),
            "解压后体积异常",
        ),
    ],
)
def test_rejected(name, data, message):
    with pytest.raises(UploadRejected) as error:
        check_upload(_file(name, data))
    assert message in error.value.messages[0]


def test_size_limit_from_settings(settings):
    settings.GONGKAI = {**settings.GONGKAI, "UPLOAD_MAX_BYTES": 10}
    with pytest.raises(UploadRejected, match="文件过大"):
        check_upload(_file("a.pdf", PDF))


def test_allowed_kinds_restrict():
    with pytest.raises(UploadRejected, match="PDF"):
        check_upload(_file("a.png", PNG), allowed={"pdf"})
    with pytest.raises(ValueError):
        check_upload(_file("a.png", PNG), allowed={"exe"})


def test_validator_for_form_fields():
    validator = ContentValidator({"pdf"})
    validator(_file("a.pdf", PDF))
    with pytest.raises(UploadRejected):
        validator(_file("a.png", PNG))
    assert validator == ContentValidator({"pdf"})


@pytest.mark.django_db
def test_stored_under_a_random_name_and_served_as_attachment_to_the_right_staff(client, staff):
    from gongkai.agencies.models import Agency

    tjj = Agency.objects.get(slug="mzl-tjj")
    upload = store_upload(
        _file("../../申请人身份证.pdf", PDF), agency=tjj, user=staff["tjj-registrar"]
    )
    assert upload.original_name == "申请人身份证.pdf"
    assert "申请人" not in upload.file.name and ".." not in upload.file.name
    assert upload.file.name.startswith("uploads/") and upload.file.name.endswith(".pdf")
    url = f"/admin/ops/uploads/{upload.pk}/"

    client.force_login(staff["tjj-registrar"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF

    client.force_login(staff["czj-registrar"])  # another agency's staff
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
