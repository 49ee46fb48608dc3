"""Staff console: worklist with risk marks and masking, registration, the case page and actions."""

import datetime
import uuid

import pytest
from django.urls import reverse

from gongkai.applications import services as sv
from gongkai.applications.models import Application, Inquiry, State

from .conftest import PERSON

D = datetime.date


def _register(agency, staff, **kw):
    kw.setdefault("channel", "in_person")
    return sv.application_register(
        agency=agency, data=dict(PERSON), actor=staff["registrar"], **kw
    ).application


def test_worklist_masks_for_handler_not_for_registrar(client, agency, staff, frozen):
    app = _register(agency, staff)
    sv.application_route(application=app, actor=staff["registrar"], unit=staff["units"]["核算科"])
    client.force_login(staff["registrar"])
    # Routed: no longer the registrar's move ("待我办理"), still in the open cases.
    assert (
        app.tracking_number
        not in client.get(reverse("applications_admin:worklist")).content.decode()
    )
    html = client.get(reverse("applications_admin:worklist"), {"state": "open"}).content.decode()
    assert app.tracking_number in html and "11010519491231002X" in html and "13812345678" in html
    client.force_login(staff["handler"])
    html = client.get(reverse("applications_admin:worklist")).content.decode()
    assert app.tracking_number in html
    assert "11010519491231002X" not in html and "1101**********002X" in html
    assert "138****5678" in html
    # A handler of another unit does not see the case at all.
    client.force_login(staff["office"])
    assert (
        app.tracking_number
        not in client.get(reverse("applications_admin:worklist")).content.decode()
    )
    assert client.get(reverse("applications_admin:case", args=[app.pk])).status_code == 404


def test_worklist_risk_marks_and_unconfirmed(client, agency, staff, frozen):
    overdue = _register(agency, staff, submitted_on=D(2026, 1, 5))
    near = _register(agency, staff, submitted_on=D(2026, 1, 30))  # due 2026-03-05 (春节, 调休)
    online = sv.application_register(agency=agency, data=dict(PERSON), channel="online").application
    client.force_login(staff["registrar"])
    html = client.get(reverse("applications_admin:worklist")).content.decode()
    assert 'data-risk="overdue"' in html and 'data-risk="due_soon"' in html
    assert 'data-risk="not_started"' in html and "未开始计时" in html
    assert overdue.reply_due < D(2026, 3, 2) and near.reply_due == D(2026, 3, 5)
    html = client.get(
        reverse("applications_admin:worklist"), {"q": online.tracking_number}
    ).content.decode()
    assert online.tracking_number in html and overdue.tracking_number not in html
    # A number typed another way (rules.tracking) finds the same case.
    seq = int(online.tracking_number.split("第")[1].rstrip("号"))
    html = client.get(
        reverse("applications_admin:worklist"), {"q": f"（２０２６）{seq}"}
    ).content.decode()
    assert online.tracking_number in html and overdue.tracking_number not in html
    html = client.get(
        reverse("applications_admin:worklist"), {"channel": "online", "state": ""}
    ).content.decode()
    assert online.tracking_number in html and near.tracking_number not in html


def test_staff_registration_and_actions_through_the_case_page(client, agency, staff, frozen):
    client.force_login(staff["registrar"])
    data = {
        **PERSON,
        "form_token": str(uuid.uuid4()),
        "agency": agency.pk,
        "channel": "mail",
        "submitted_on": "2026-02-26",
        "received_on": "",
    }
    r = client.post(reverse("applications_admin:register"), data)
    assert "邮寄申请应填写签收日期" in r.content.decode()
    data["received_on"] = "2026-02-27"
    r = client.post(reverse("applications_admin:register"), data)
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.received_on == D(2026, 2, 27) and app.channel == "mail"
    page = client.get(r["Location"]).content.decode()
    assert "期限计算说明" in page and "登记回执" in page and "action-route" in page

    unit = staff["units"]["核算科"]
    r = client.post(
        reverse("applications_admin:act", args=[app.pk, "route"]),
        {"route-version": app.version, "route-unit": unit.pk},
    )
    assert r.status_code == 302
    # The same (now stale) form posted again: refused with the concurrency message.
    r = client.post(
        reverse("applications_admin:act", args=[app.pk, "route"]),
        {"route-version": app.version, "route-unit": unit.pk},
    )
    assert "案件已被他人修改，请刷新后重试" in r.content.decode()
    app.refresh_from_db()
    assert app.state == State.ROUTED

    client.force_login(staff["handler"])
    client.post(
        reverse("applications_admin:act", args=[app.pk, "claim"]), {"claim-version": app.version}
    )
    app.refresh_from_db()
    r = client.post(
        reverse("applications_admin:act", args=[app.pk, "draft_reply"]),
        {"draft_reply-version": app.version, "draft_reply-outcome": ""},
    )
    assert "请选择办理结果" in r.content.decode()
    r = client.post(
        reverse("applications_admin:act", args=[app.pk, "draft_reply"]),
        {"draft_reply-version": app.version, "draft_reply-outcome": "result.open"},
    )
    assert r.status_code == 302
    letter = app.letters.get(kind="reply")
    r = client.post(
        reverse("applications_admin:letter_edit", args=[letter.pk]),
        {
            "title": letter.title,
            "recipient": letter.recipient,
            "body": letter.body + "\n补充说明。",
        },
    )
    assert r.status_code == 302
    letter.refresh_from_db()
    assert letter.body.endswith("补充说明。")
    r = client.get(reverse("applications_admin:letter", args=[letter.pk, "docx"]))
    assert r.status_code == 200


def test_inquiry_logged_routed_answered(client, agency, staff, frozen):
    client.force_login(staff["registrar"])
    r = client.post(
        reverse("applications_admin:inquiries"),
        {
            "agency": agency.pk,
            "channel": "mayor_mailbox",
            "asker": "市民",
            "contact": "13900000000",
            "question": "统计公报何时发布？",
            "received_on": "2026-03-02",
            "unit": staff["units"]["核算科"].pk,
        },
    )
    assert r.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.status == Inquiry.Status.ROUTED
    client.force_login(staff["handler"])
    client.post(
        reverse("applications_admin:inquiry_answer", args=[inquiry.pk]), {"answer": "每年3月发布"}
    )
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
    from gongkai.applications.selectors import inquiry_counts

    assert inquiry_counts([agency.pk], 2026) == {"mayor_mailbox": 1, "total": 1, "answered": 1}
    # Logged without a unit, then routed by the registrar.
    client.force_login(staff["registrar"])
    client.post(
        reverse("applications_admin:inquiries"),
        {
            "agency": agency.pk,
            "channel": "phone",
            "question": "普查数据去哪里查？",
            "received_on": "2026-03-02",
        },
    )
    second = Inquiry.objects.get(channel="phone")
    assert second.status == Inquiry.Status.LOGGED and second.unit is None
    client.post(
        reverse("applications_admin:inquiry_route", args=[second.pk]),
        {"unit": staff["units"]["综合法规科"].pk},
    )
    second.refresh_from_db()
    assert second.status == Inquiry.Status.ROUTED and second.unit.name == "综合法规科"


@pytest.mark.parametrize("user", ["supervisor", "reviewer"])
def test_roles_without_register_cannot_register(client, agency, staff, user):
    client.force_login(staff[user])
    r = client.get(reverse("applications_admin:register"))
    assert (
        r.status_code in (302, 403) and r.get("Location", "/admin/") == "/admin/"
    )  # Wagtail: denied


def test_mine_per_role_and_attachment_access(client, agency, staff, frozen):
    import io

    app = _register(agency, staff)
    app = sv.application_route(
        application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
    )
    app = sv.application_claim(application=app, actor=staff["handler"])
    app = sv.application_draft_reply(application=app, actor=staff["handler"], outcome="result.open")
    client.force_login(staff["reviewer"])
    assert (
        app.tracking_number in client.get(reverse("applications_admin:worklist")).content.decode()
    )
    client.force_login(staff["signer"])
    assert (
        app.tracking_number
        not in client.get(reverse("applications_admin:worklist")).content.decode()
    )
    from django.core.files.base import ContentFile

    from gongkai.applications.models import Attachment

    att = Attachment.objects.create(
        application=app,
        kind="id_proof",
        file=ContentFile(b"%PDF-1.4", name="id.pdf"),
        original_name="身份证.pdf",
        content_type="application/pdf",
        size=8,
    )
    client.force_login(staff["handler"])
    assert client.get(reverse("applications_admin:attachment", args=[att.pk])).status_code in (
        302,
        403,
    )
    client.force_login(staff["registrar"])
    r = client.get(reverse("applications_admin:attachment", args=[att.pk]))
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4"
    assert io  # noqa


def test_settings_in_the_console(client, agency, staff):
    from gongkai.applications.services import agency_settings
    from gongkai.applications.wagtail_hooks import settings_viewset

    conf = agency_settings(agency)
    client.force_login(staff["admin"])
    r = client.get(reverse(settings_viewset.get_url_name("edit"), args=[conf.pk]))
    assert r.status_code == 200 and "申请编号格式" in r.content.decode()
    page = client.get(reverse("applications_admin:worklist")).content.decode()
    assert "依申请公开" in page or r.status_code == 200


def _routed_and_claimed(agency, staff):
    app = _register(agency, staff)
    sv.application_route(application=app, actor=staff["registrar"], unit=staff["units"]["核算科"])
    return sv.application_claim(application=app, actor=staff["handler"])


@pytest.mark.parametrize(
    ("action", "fields", "kind", "expect"),
    [
        ("request_correction", {"matters": "请写明所需信息的年度"}, "correction", "第三十条"),
        (
            "open_consultation",
            {"party": "某某有限公司", "party_kind": "third_party", "matter": "是否涉及商业秘密"},
            "consultation",
            "第三十二条",
        ),
        ("fee_notice", {"basis": "per_page", "quantity": 150, "delivery": "direct"}, "fee", "收费"),
    ],
)
def test_every_action_letter_is_previewed_edited_then_issued(
    client, agency, staff, frozen, django_capture_on_commit_callbacks, action, fields, kind, expect
):
    """Staff see the draft of the letter an action issues, edit it, and the action issues
    their text; the preview itself records nothing, numbers nothing and sends nothing."""
    app = _routed_and_claimed(agency, staff)
    client.force_login(staff["handler"])
    url = reverse("applications_admin:act", args=[app.pk, action])
    data = {f"{action}-version": app.version, f"{action}-on": "2026-03-02"}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    events_before, letters_before = app.events.count(), app.letters.count()
    with django_capture_on_commit_callbacks() as notices:
        r = client.post(url, {**data, "preview": "1"})
    assert r.status_code == 200
    page = r.content.decode()
    assert "文书草稿（发出前可修改）" in page and expect in page
    body = r.context["action_forms"]
    form = next(form for name, _label, form in body if name == action)
    draft = form["letter_body"].value()
    assert expect in draft and form["letter_title"].value()
    app.refresh_from_db()
    assert (app.events.count(), app.letters.count()) == (events_before, letters_before)
    assert notices == []

    edited = draft + "\n如有疑问，请致电0470-6222222。"
    with django_capture_on_commit_callbacks() as notices:
        r = client.post(
            url,
            {
                **data,
                f"{action}-letter_title": form["letter_title"].value(),
                f"{action}-letter_recipient": form["letter_recipient"].value(),
                f"{action}-letter_body": edited,
            },
        )
    assert r.status_code == 302
    assert notices or kind == "fee"  # the applicant (or third party) is told after commit
    letter = app.letters.get(kind=kind)
    assert letter.is_issued and letter.issued_on == D(2026, 3, 2)
    assert letter.body.endswith("如有疑问，请致电0470-6222222。")
    assert letter.number.endswith("1号")  # the preview consumed no number


def test_letter_preview_shows_the_action_errors_and_refuses_an_empty_title(
    client, agency, staff, frozen
):
    app = _routed_and_claimed(agency, staff)
    client.force_login(staff["handler"])
    url = reverse("applications_admin:act", args=[app.pk, "request_correction"])
    base = {"request_correction-version": app.version, "request_correction-on": "2026-03-02"}
    wrong = {
        "request_correction-matters": "请写明年度",
        "request_correction-deadline": "2026-03-01",
    }
    r = client.post(url, {**base, **wrong, "preview": "1"})  # the service's own check
    assert r.status_code == 400 and "补正期限应晚于告知日期" in r.content.decode()
    r = client.post(
        url,
        {
            **base,
            "request_correction-matters": "请写明年度",
            "request_correction-letter_title": "",
            "request_correction-letter_recipient": "王小明",
            "request_correction-letter_body": "正文",
        },
    )
    assert r.status_code == 400 and "此项不能为空" in r.content.decode()
    assert not app.letters.filter(kind="correction").exists()


def test_extension_letter_edited_before_approval(agency, staff, frozen):
    app = _routed_and_claimed(agency, staff)
    app = sv.application_request_extension(
        application=app, actor=staff["handler"], reason="需要调取档案", workdays=10
    )
    approve = {"application": app, "actor": staff["admin"], "approve": True}
    text = sv.letter_preview(sv.application_decide_extension, **approve)
    assert "第三十三条" in text.body and not app.letters.filter(kind="extension").exists()
    assert (
        sv.letter_preview(sv.application_decide_extension, **{**approve, "approve": False}) is None
    )
    app.refresh_from_db()
    assert app.extension_pending  # neither preview decided anything
    edited = sv.LetterText(
        title=text.title, recipient=text.recipient, body=text.body + "\n特此告知。"
    )
    sv.application_decide_extension(**{**approve, "application": app}, letter_text=edited)
    assert app.letters.get(kind="extension").body.endswith("特此告知。")
