"""Letter PDFs: markup in applicant text stays text, stale renderings are made again, and a
PDF that cannot carry its text shows the reason instead of a file (staff) or a 503 (public)."""

import io

import pdfplumber
from django.urls import reverse

from gongkai import pdf
from gongkai.applications.views_public import SESSION_CASES

from .conftest import PERSON


def _text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return "".join(page.extract_text() or "" for page in document.pages)


def test_applicant_name_with_markup_is_printed_as_text_in_the_letter(agency, staff, frozen):
    from gongkai.applications import services as sv
    from gongkai.applications.letters import ensure_pdf

    name = '王<img src="file:///etc/passwd">小明'
    app = sv.application_register(
        agency=agency,
        data={**PERSON, "applicant_name": name},
        actor=staff["registrar"],
        channel="in_person",
    ).application
    receipt = app.letters.get(kind="receipt")
    text = _text(ensure_pdf(receipt).pdf.open("rb").read())
    assert 'img src="file:///etc/passwd"' in text.replace("\n", "")


def test_a_stored_pdf_made_otherwise_is_made_again(agency, staff, frozen):
    """A letter first downloaded while the font was missing (boxes, no text) is not served
    again once PDFs can be made with their text: it is made again from its frozen text."""
    from django.core.files.base import ContentFile

    from gongkai.applications import services as sv
    from gongkai.applications.letters import ensure_pdf
    from gongkai.applications.models import Letter

    app = sv.application_register(
        agency=agency, data=dict(PERSON), actor=staff["registrar"], channel="in_person"
    ).application
    receipt = app.letters.get(kind="receipt")
    broken = pdf.render("<html><body><p>- 1 -</p></body></html>")  # what boxes leave behind
    name = receipt.pdf.storage.save("letters/broken.pdf", ContentFile(broken))
    Letter.objects.filter(pk=receipt.pk).update(pdf=name, pdf_made_with="")
    receipt.refresh_from_db()
    served = ensure_pdf(receipt)
    assert served.pdf.name != name and served.pdf_made_with == pdf.fingerprint()
    assert PERSON["applicant_name"] in _text(served.pdf.open("rb").read())
    assert not receipt.pdf.storage.exists(name)
    assert ensure_pdf(served).pdf.name == served.pdf.name  # then kept


def test_admin_and_public_show_the_reason_instead_of_a_broken_file(
    agency, staff, frozen, client, monkeypatch
):
    from gongkai.applications import services as sv
    from gongkai.applications.letters import render

    reg = sv.application_register(
        agency=agency, data=dict(PERSON), actor=staff["registrar"], channel="in_person"
    )
    receipt = reg.application.letters.get(kind="receipt")

    def no_font(letter):
        raise pdf.PdfTextMissing("生成的 PDF 缺少文字（测试）")

    monkeypatch.setattr(render, "render_pdf", no_font)
    client.force_login(staff["registrar"])
    case_url = reverse("applications_admin:case", args=[reg.application.pk])
    response = client.get(
        reverse("applications_admin:letter", args=[receipt.pk, "pdf"]),
        HTTP_REFERER=f"http://testserver{case_url}",
    )
    assert response.status_code == 302 and response["Location"].endswith(case_url)
    page = client.get(case_url)
    assert "未能生成 PDF" in page.content.decode() and "缺少文字" in page.content.decode()
    receipt.refresh_from_db()
    assert not receipt.pdf  # nothing stored

    client.logout()
    session = client.session
    session[SESSION_CASES] = [reg.application.pk]  # as after a successful status lookup
    session.save()
    response = client.get(
        reverse("applications:letter", args=[reg.application.pk, receipt.pk, "pdf"])
    )
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "暂时无法生成" in response.content.decode()
