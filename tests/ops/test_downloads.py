"""Downloads carry their full Chinese names (RFC 5987 ``filename*``), never a cut storage name."""

import uuid
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from gongkai.ops.downloads import ascii_fallback, content_disposition, download_name

#: 55 characters: longer than what ``FileField(max_length=100)`` keeps under its upload path.
LONG = (
    "满洲里市统计局关于二〇二五年度全市规模以上工业企业主要经济指标、能源消费情况"
    "及固定资产投资完成情况的统计"
)


@pytest.mark.parametrize(
    ("name", "stored", "expected"),
    [
        ("答复书", "a/b/x.docx", "答复书.docx"),
        ("答复书.docx", "a/b/x.docx", "答复书.docx"),
        ("答复书.DOCX", "a/b/x.docx", "答复书.DOCX"),
        ("2025.1 统计", "a/b/x.pdf", "2025.1 统计.pdf"),
        ("../../etc/passwd", "", ".. .. etc passwd"),
        ("", "a/b/x.pdf", "文件.pdf"),
        ("a\r\nb", "", "a b"),
    ],
)
def test_download_name(name, stored, expected):
    assert download_name(name, stored) == expected


def test_content_disposition_keeps_the_whole_chinese_name():
    header = content_disposition(f"{LONG}.docx")
    assert f"filename*=utf-8''{quote(LONG + '.docx')}" in header
    assert header.startswith('attachment; filename="') and header.isascii()
    assert ascii_fallback(f"{LONG}.docx").endswith(".docx")
    assert content_disposition("report.pdf") == 'attachment; filename="report.pdf"'
    assert content_disposition("答复书.pdf", as_attachment=False).startswith("inline;")


@pytest.mark.django_db
def test_released_file_and_letter_download_under_full_names(client):
    from gongkai.agencies.models import Agency, Membership, Role
    from gongkai.applications import services as sv
    from gongkai.applications.models import ReleasedFile, State

    agency = Agency.add_root(slug="t-tjj", name="测试市统计局", short_name="统计局")
    person = {
        "applicant_type": "natural_person",
        "applicant_name": "王小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "wang@example.com",
        "address": "满洲里市一道街1号",
        "info_title": "统计公报",
        "description": "请提供全文",
        "provision_form": "electronic",
        "receipt_method": "email",
    }
    from django.contrib.auth import get_user_model

    registrar = get_user_model().objects.create_user(f"reg-{uuid.uuid4().hex[:6]}")
    Membership.objects.create(user=registrar, agency=agency, role=Role.REGISTRAR)
    reg = sv.application_register(agency=agency, data=person, channel="online")
    app = sv.application_confirm_receipt(application=reg.application, actor=registrar)
    released = ReleasedFile(application=app, name=LONG)
    released.file.save(f"{LONG}.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
    released.save()
    assert LONG not in released.file.name  # the storage name was cut to fit
    type(app).objects.filter(pk=app.pk).update(state=State.DELIVERED)

    r = client.post(
        reverse("applications:status"),
        {"tracking_number": app.tracking_number, "query_code": reg.query_code},
    )
    assert r.status_code == 302
    r = client.get(reverse("applications:released", args=[app.pk, released.pk]))
    assert r.status_code == 200
    assert f"filename*=utf-8''{quote(LONG + '.docx')}" in r["Content-Disposition"]
    receipt = app.letters.get(kind="receipt")
    r = client.get(reverse("applications:letter", args=[app.pk, receipt.pk, "docx"]))
    assert r.status_code == 200
    assert f"filename*=utf-8''{quote(receipt.title + '.docx')}" in r["Content-Disposition"]
