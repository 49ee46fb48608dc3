"""The clock's steps as staff take them (#16): the Art. 33 approver without deadlock, Art. 35
reasons and 延迟答复, the fee window from the notice's receipt and the month's count from the
records (109号), routing only where someone works; and the receipt's query code (#18)."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from gongkai.agencies.models import Membership, Role, Unit
from gongkai.applications import services as sv
from gongkai.applications.models import Application, EventKind, LetterKind
from gongkai.applications.query_codes import query_code_matches
from gongkai.audit.models import AuditEntry

from .conftest import PERSON

D = datetime.date
MONDAY = D(2026, 3, 2)  # the frozen "today"


def _received(agency, staff, on=MONDAY, **data):
    return sv.application_register(
        agency=agency,
        data={**PERSON, **data},
        actor=staff["registrar"],
        channel="in_person",
        submitted_on=on,
    ).application


def _claimed(agency, staff, **kw):
    app = _received(agency, staff, **kw)
    app = sv.application_route(
        application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
    )
    return sv.application_claim(application=app, actor=staff["handler"])


# --- Art. 33: who approves an extension ------------------------------------------------------


def test_the_head_of_the_disclosure_office_approves_and_nobody_approves_themself(
    agency, staff, frozen
):
    from django.contrib.auth import get_user_model

    office = Unit.objects.get(agency=agency, name="综合法规科")
    agency.disclosure_office = office
    agency.save(update_fields=["disclosure_office"])
    head = get_user_model().objects.create_user(username="t-office-head", password="x")
    Membership.objects.create(user=head, agency=agency, role=Role.UNIT_HEAD, unit=office)

    app = _claimed(agency, staff)
    app = sv.application_request_extension(application=app, actor=staff["handler"], reason="量大")
    assert sv.extension_approver_ids(app) == {head.pk}
    # the office head reaches the case although it sits in another unit, and may approve
    from gongkai.agencies.permissions import can, visible

    assert can(head, "view", app) and visible(head, Application).filter(pk=app.pk).exists()
    assert not can(head, "draft_reply", app)  # but does not work the case
    with pytest.raises(sv.NotAllowed, match="负责人"):
        sv.application_decide_extension(application=app, actor=staff["signer"])
    app = sv.application_decide_extension(application=app, actor=head)
    assert app.reply_due == D(2026, 4, 28)

    # the office head asks for an extension of a case of their own: the next tier approves
    other = _received(agency, staff)
    other = sv.application_route(application=other, actor=staff["registrar"], unit=office)
    Membership.objects.create(user=head, agency=agency, role=Role.HANDLER, unit=office)
    head = get_user_model().objects.get(pk=head.pk)  # memberships are cached per user object
    other = sv.application_claim(application=other, actor=head)
    other = sv.application_request_extension(application=other, actor=head, reason="量大")
    assert sv.extension_approver_ids(other) == {staff["signer"].pk, staff["admin"].pk}
    with pytest.raises(sv.NotAllowed):
        sv.application_decide_extension(application=other, actor=head)


@pytest.mark.django_db
def test_every_demo_agency_has_an_approver_for_every_requester(demo):
    """No deadlock: whoever of an agency asks for an extension, someone else may approve."""
    from gongkai.agencies.models import Agency

    for agency in Agency.objects.filter(memberships__role=Role.HANDLER).distinct():
        probe = Application(agency=agency, extension_pending=False)
        approvers = sv.extension_approver_ids(probe)
        assert approvers, agency
        for handler in Membership.objects.filter(agency=agency, role=Role.HANDLER):
            assert approvers - {handler.user_id}, (agency, handler)


def test_the_settings_refuse_an_approver_without_the_role(agency, staff, db):
    from django.core.exceptions import ValidationError

    conf = sv.agency_settings(agency)
    conf.extension_approver = staff["registrar"]
    with pytest.raises(ValidationError, match="科室负责人、签发人或机关管理员"):
        conf.full_clean()
    conf.extension_approver = staff["signer"]
    conf.full_clean()


def test_extensions_may_come_in_parts_up_to_20_working_days(agency, staff, frozen):
    app = _claimed(agency, staff)
    app = sv.application_request_extension(
        application=app, actor=staff["handler"], reason="第一次", workdays=15
    )
    app = sv.application_decide_extension(application=app, actor=staff["signer"])
    with pytest.raises(sv.ApplicationError, match="1至5个工作日"):
        sv.application_request_extension(
            application=app, actor=staff["handler"], reason="第二次", workdays=6
        )
    app = sv.application_request_extension(
        application=app, actor=staff["handler"], reason="第二次", workdays=5
    )
    app = sv.application_decide_extension(application=app, actor=staff["signer"])
    assert app.reply_due == D(2026, 4, 28)  # 20 + 20 working days in all


# --- Art. 35 -----------------------------------------------------------------------------


def test_art_35_reasons_then_a_delay_that_replaces_the_due_date(client, agency, staff, frozen):
    app = _claimed(agency, staff)
    with pytest.raises(sv.ApplicationError, match="应先要求申请人说明理由"):
        sv.application_draft_reply(
            application=app, actor=staff["handler"], outcome="result.no_process.4", text="x"
        )
    app = sv.application_request_reasons(
        application=app,
        actor=staff["handler"],
        grounds="本月已提出申请120件",
        deadline=D(2026, 3, 13),
    )
    letter = app.letters.get(kind=LetterKind.REASONS)
    assert letter.is_issued and "第三十五条" in letter.body and "2026年3月13日前" in letter.body
    assert [w.kind for w in sv.clock_now(app).windows] == ["reasons"]
    app = sv.application_record_reasons(
        application=app, actor=staff["handler"], content="学术研究需要", reasonable=True
    )
    assert sv.clock_now(app).windows == ()
    with pytest.raises(sv.NotAllowed, match="没有权限"):
        sv.application_set_delay(
            application=app, actor=staff["handler"], due=D(2026, 5, 29), reason="数量大"
        )
    with pytest.raises(sv.ApplicationError, match="应晚于"):
        sv.application_set_delay(
            application=app, actor=staff["signer"], due=D(2026, 3, 30), reason="数量大"
        )
    app = sv.application_set_delay(
        application=app, actor=staff["signer"], due=D(2026, 5, 29), reason="需逐件检索"
    )
    assert app.reply_due == D(2026, 5, 29)
    delay = app.letters.get(kind=LetterKind.DELAY)
    assert "第三十五条" in delay.body and "2026年5月29日" in delay.body
    clock = sv.clock_now(app)
    assert clock.delayed and clock.statutory_reply_due == D(2026, 3, 30)
    client.force_login(staff["handler"])
    page = client.get(reverse("applications_admin:case", args=[app.pk])).content.decode()
    assert "2026-05-29" in page and "依第三十五条确定的延迟答复期限" in page
    # an extension no longer applies once the delay is set
    with pytest.raises(sv.ApplicationError, match="第三十五条"):
        sv.application_request_extension(application=app, actor=staff["handler"], reason="x")


# --- fees (国办函〔2020〕109号) -------------------------------------------------------------------


def test_the_months_count_comes_from_the_records_and_the_window_from_receipt(agency, staff, frozen):
    # ten earlier applications of the same person this month (the first 10 are free)
    for _ in range(10):
        _received(agency, staff, on=D(2026, 3, 2))
    other = dict(PERSON, id_number="110101199003074514", applicant_name="李四")
    _received(agency, staff, on=D(2026, 3, 2), **other)  # another person: not counted
    app = _claimed(agency, staff)
    from gongkai.applications.actions import get

    shown = get("fee_notice").make_form(app)
    assert "本月此前已收到该申请人10件" in str(shown.fields["basis"].help_text)
    app = sv.application_fee_notice(
        application=app, actor=staff["handler"], basis="per_item", quantity=1, delivery="post"
    )
    notice = app.events.get(kind=EventKind.FEE_NOTICE)
    assert notice.data["already_this_month"] == 10 and notice.data["amount"] == 100
    # by post: taken as received three days later (3-5) until the receipt is recorded
    assert sv.clock_now(app).fee_payment_due == D(2026, 4, 2)
    with freeze_time("2026-03-09 02:00:00"):
        app = sv.application_record_fee_receipt(
            application=app, actor=staff["registrar"], on=D(2026, 3, 9)
        )
    # 20 working days after 3-9 (清明节 4-4 to 4-6 off)
    assert sv.clock_now(app).fee_payment_due == D(2026, 4, 7)
    with freeze_time("2026-04-07 02:00:00"), pytest.raises(sv.ApplicationError, match="尚未届满"):
        sv.application_fee_lapse(application=app, actor=staff["handler"])
    with freeze_time("2026-04-08 02:00:00"):
        app = sv.application_fee_lapse(application=app, actor=staff["handler"])
    assert app.outcome == "result.other.2"


# --- routing and the receipt -----------------------------------------------------------------


def test_routing_needs_someone_in_the_unit(agency, staff, frozen):
    empty = Unit.objects.create(agency=agency, name="无人科")
    app = _received(agency, staff)
    with pytest.raises(sv.ApplicationError, match="没有在职的承办人"):
        sv.application_route(application=app, actor=staff["registrar"], unit=empty)
    from gongkai.applications.actions import get

    labels = [label for _pk, label in get("route").make_form(app).fields["unit"].choices]
    assert "无人科（无承办人员，不能分办）" in [str(label) for label in labels]


def test_the_counter_receipt_carries_the_query_code_and_can_be_reissued(agency, staff, frozen):
    registered = sv.application_register(
        agency=agency,
        data=dict(PERSON),
        actor=staff["registrar"],
        channel="in_person",
        submitted_on=D(2026, 3, 2),
    )
    app, code = registered.application, registered.query_code
    receipt = app.letters.get(kind=LetterKind.RECEIPT)
    assert f"查询码：{code}" in receipt.body and "query_code" not in receipt.data
    app = sv.application_reissue_query_code(application=app, actor=staff["registrar"])
    new = app.letters.filter(kind=LetterKind.RECEIPT).order_by("-pk").first()
    new_code = new.body.split("查询码：")[1][:8]
    assert new_code != code and new.is_issued
    app.refresh_from_db()
    assert query_code_matches(new_code, app.query_code_hash)
    assert not query_code_matches(code, app.query_code_hash)
    entry = AuditEntry.objects.get(verb="application.reissue_query_code", object_id=str(app.pk))
    assert new_code not in str(entry.changes) and new_code not in entry.message
    with pytest.raises(sv.NotAllowed):
        sv.application_reissue_query_code(application=app, actor=staff["handler"])


@pytest.mark.django_db
def test_a_provisional_due_date_says_so_in_the_letter(agency, staff):
    with freeze_time("2026-12-28 02:00:00"):
        app = _received(agency, staff, on=D(2026, 12, 28))
    assert app.reply_due == D(2027, 1, 26) and app.provisional
    receipt = app.letters.get(kind=LetterKind.RECEIPT)
    note = sv.agency_settings(agency).provisional_note
    assert f"答复期限至2027年1月26日{note}。" in receipt.body
    with freeze_time("2026-03-02 02:00:00"):
        plain = _received(agency, staff)
    assert note not in plain.letters.get(kind=LetterKind.RECEIPT).body
