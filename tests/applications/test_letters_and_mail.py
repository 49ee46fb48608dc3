"""Letters read back (DOCX via python-docx, PDF text via pdfplumber) and e-mail over real SMTP."""

import datetime
import email
import io
import socket

import pdfplumber
import pytest
from docx import Document

from gongkai.applications import services as sv
from gongkai.applications.letters import ensure_pdf

from .conftest import PERSON, clear_secrecy

D = datetime.date


def _partial_reply(agency, staff):
    r, h = staff["registrar"], staff["handler"]
    app = sv.application_register(
        agency=agency, data=dict(PERSON), actor=r, channel="in_person"
    ).application
    app = sv.application_route(application=app, actor=r, unit=staff["units"]["核算科"])
    app = sv.application_claim(application=app, actor=h)
    app = sv.application_draft_reply(
        application=app,
        actor=h,
        outcome="result.partial",
        withheld=[{"part": "企业联系人电话", "reason": "属于个人隐私（第十五条）"}],
    )
    app = sv.application_review(application=app, actor=staff["reviewer"], approve=True)
    app = clear_secrecy(app, staff["secrecy"])
    return sv.application_sign_off(application=app, actor=staff["signer"])


def test_reply_docx_and_pdf_read_back(agency, staff, frozen):
    app = _partial_reply(agency, staff)
    letter = app.letters.get(kind="reply")
    doc = Document(letter.docx.open("rb"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert letter.title == "测试市统计局政府信息公开申请答复书"
    assert text.startswith("测试市统计局政府信息公开申请答复书\n统计局公复〔2026〕1号\n王小明：")
    assert "第三十七条" in text and "企业联系人电话：属于个人隐私" in text
    assert "六十日内向测试市人民政府申请行政复议" in text and "第二十三条" in text
    assert text.rstrip().endswith("测试市统计局\n2026年3月2日")
    ensure_pdf(letter)
    with pdfplumber.open(io.BytesIO(letter.pdf.open("rb").read())) as pdf:
        pdf_text = "".join(page.extract_text() or "" for page in pdf.pages)
        fonts = {c["fontname"] for page in pdf.pages for c in page.chars}
    assert "王小明" in pdf_text and "经研究，现答复如下" in pdf_text.replace("\n", "")
    assert any("CJK" in f for f in fonts)
    pdf_name = letter.pdf.name
    assert ensure_pdf(letter).pdf.name == pdf_name  # rendered once, then kept


@pytest.mark.parametrize(
    ("outcome", "expect", "remedy"),
    [
        ("result.open", "第三十六条第（二）项", "六个月内向人民法院提起行政诉讼"),
        ("result.refuse.6", "第十六条第二款（过程性信息）", "应当先向行政复议机关申请行政复议"),
        ("result.unable.1", "该政府信息不存在", "六个月内"),
        ("result.no_process.2", "第三十六条第（六）项", "六个月内"),
    ],
)
def test_reply_wording_per_outcome(agency, staff, frozen, outcome, expect, remedy):
    r = staff["admin"]
    app = sv.application_register(
        agency=agency, data=dict(PERSON), actor=r, channel="in_person"
    ).application
    app = sv.application_route(application=app, actor=r, unit=staff["units"]["核算科"])
    app = sv.application_claim(application=app, actor=r)
    app = sv.application_draft_reply(
        application=app, actor=r, outcome=outcome, ground_detail="系内部讨论记录。"
    )
    body = app.letters.get(kind="reply").body
    assert expect in body and remedy in body


def test_other_letters(agency, staff, frozen):
    h = staff["admin"]
    app = sv.application_register(
        agency=agency, data=dict(PERSON), actor=h, channel="in_person"
    ).application
    receipt = app.letters.get(kind="receipt")
    assert "2026年3月30日" in receipt.body and "第三十三条" in receipt.body
    app = sv.application_request_correction(
        application=app, actor=h, matters="请写明年度", deadline=D(2026, 3, 16)
    )
    correction = app.letters.get(kind="correction")
    assert "第三十条" in correction.body and "2026年3月16日前" in correction.body
    assert correction.number == "统计局公补〔2026〕1号"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    handler = Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield handler
    controller.stop()


def _text(msg):
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def test_mail_at_each_stage_over_smtp(
    agency, staff, frozen, smtp_server, django_capture_on_commit_callbacks
):
    h = staff["admin"]
    with django_capture_on_commit_callbacks(execute=True):
        reg = sv.application_register(agency=agency, data=dict(PERSON), channel="online")
    app = reg.application
    with django_capture_on_commit_callbacks(execute=True):
        app = sv.application_confirm_receipt(application=app, actor=h)
        app = sv.application_request_correction(
            application=app, actor=h, matters="请写明年度", deadline=D(2026, 3, 16)
        )
        app = sv.application_record_correction(application=app, actor=h)
        app = sv.application_route(application=app, actor=h, unit=staff["units"]["核算科"])
        app = sv.application_claim(application=app, actor=h)
        app = sv.application_open_consultation(application=app, actor=h, party="某公司")
        app = sv.application_close_consultation(application=app, actor=h)
        app = sv.application_request_extension(application=app, actor=h, reason="量大")
        # approved by someone else than who asked (Art. 33; never a self-approval)
        app = sv.application_decide_extension(application=app, actor=staff["signer"])
        app = sv.application_draft_reply(application=app, actor=h, outcome="result.open")
        app = sv.application_review(application=app, actor=h, approve=True)
        app = clear_secrecy(app, h)
        app = sv.application_sign_off(application=app, actor=h)
        app = sv.application_deliver(application=app, actor=h, method="email")
    subjects = [
        str(email.header.make_header(email.header.decode_header(m["Subject"])))
        for m in smtp_server.messages
    ]
    assert [s.split("（")[0] for s in subjects] == [
        "政府信息公开申请已收到",
        "政府信息公开申请补正告知",
        "政府信息公开申请征求意见告知",
        "政府信息公开申请延期答复告知",
        "政府信息公开申请答复",
    ]
    assert all(m["To"] == "wang@example.com" for m in smtp_server.messages)
    assert reg.query_code in _text(smtp_server.messages[0])
    reply = smtp_server.messages[-1]
    assert any(part.get_filename() for part in reply.walk())  # the 答复书 attached
