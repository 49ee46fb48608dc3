"""The case workflow: every action, its permission and state checks, events, clock, audit."""

import datetime
import threading

import pytest
from django.db import connection

from gongkai.applications import services as sv
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    EventLogIsAppendOnly,
    Letter,
    LetterIsFrozen,
    State,
)
from gongkai.audit.models import AuditEntry

from .conftest import PERSON, clear_secrecy

D = datetime.date


def register(agency, staff, **kw):
    kw.setdefault("channel", "in_person")
    kw.setdefault("submitted_on", D(2026, 3, 2))
    return sv.application_register(
        agency=agency, data=dict(PERSON), actor=staff["registrar"], **kw
    ).application


def test_in_person_registration_starts_clock_and_issues_receipt(agency, staff, frozen):
    app = register(agency, staff)
    assert app.state == State.RECEIVED
    assert app.received_on == D(2026, 3, 2)
    assert app.reply_due == D(2026, 3, 30)  # 20th working day after 03-02
    assert app.correction_notice_due == D(2026, 3, 11)
    assert app.tracking_number == "统计局〔2026〕第0001号"
    receipt = app.letters.get(kind="receipt")
    assert receipt.is_issued and receipt.number == "统计局公回〔2026〕1号"
    assert AuditEntry.objects.filter(verb="application.register", object_id=str(app.pk)).exists()
    assert register(agency, staff).tracking_number == "统计局〔2026〕第0002号"


def test_tracking_pattern_is_configurable(agency, staff, frozen):
    conf = sv.agency_settings(agency)
    conf.tracking_pattern = "{code}-{year}-{seq:04d}"
    conf.letter_code = "TJJ"
    conf.save()
    assert register(agency, staff).tracking_number == "TJJ-2026-0001"


def live(app) -> str:
    """The case's live clock state as the worklists compute it (on the frozen day)."""
    from gongkai.applications.selectors import with_live_clock

    return with_live_clock(Application.objects.filter(pk=app.pk)).get().live_clock


def test_online_waits_for_confirmation(agency, staff, frozen):
    reg = sv.application_register(
        agency=agency, data=dict(PERSON), channel="online", submitted_on=D(2026, 2, 27)
    )
    app = reg.application
    assert reg.query_code and len(reg.query_code) == 8
    assert app.state == State.AWAITING_CONFIRMATION
    assert app.received_on is None and app.reply_due is None
    assert live(app) == "not_started" and sv.clock_now(app).state == "not_started"
    with pytest.raises(sv.InvalidTransition):
        sv.application_accept(application=app, actor=staff["registrar"])
    app = sv.application_confirm_receipt(application=app, actor=staff["registrar"], method="phone")
    assert app.received_on == D(2026, 3, 2) and app.reply_due == D(2026, 3, 30)


def test_receipt_of_an_online_application_is_previewed_and_edited(agency, staff, frozen):
    app = sv.application_register(
        agency=agency, data=dict(PERSON), channel="online", submitted_on=D(2026, 2, 27)
    ).application
    confirm = {"application": app, "actor": staff["registrar"], "method": "phone"}
    draft = sv.letter_preview(sv.application_confirm_receipt, **confirm)
    assert "2026年3月30日" in draft.body  # the reply due date the confirmation starts
    app.refresh_from_db()
    assert app.received_on is None and not app.letters.exists()  # the preview kept nothing
    edited = sv.LetterText(
        title=draft.title, recipient=draft.recipient, body=draft.body + "\n另附办事指南。"
    )
    sv.application_confirm_receipt(**confirm, letter_text=edited)
    receipt = app.letters.get(kind="receipt")
    assert receipt.is_issued and receipt.body.endswith("另附办事指南。")


def test_mail_received_on_signed_for_day(agency, staff, frozen):
    with pytest.raises(sv.ApplicationError, match="签收日期"):
        register(agency, staff, channel="mail", submitted_on=D(2026, 2, 24))
    app = register(
        agency, staff, channel="mail", submitted_on=D(2026, 2, 24), received_on=D(2026, 2, 26)
    )
    assert app.received_on == D(2026, 2, 26)


def test_public_cannot_register_other_channels(agency):
    with pytest.raises(sv.NotAllowed):
        sv.application_register(agency=agency, data=dict(PERSON), channel="in_person")


def test_full_flow_with_correction_consultation_extension_partial(agency, staff, frozen):
    r, h = staff["registrar"], staff["handler"]
    app = register(agency, staff)
    app = sv.application_accept(application=app, actor=r)
    # A handler of another unit cannot claim; routing goes to a unit, not a person.
    app = sv.application_route(application=app, actor=r, unit=staff["units"]["核算科"])
    with pytest.raises(sv.NotAllowed):
        sv.application_claim(application=app, actor=staff["office"])
    app = sv.application_claim(application=app, actor=h)
    assert app.state == State.IN_PROGRESS

    frozen.move_to("2026-03-04 02:00:00")
    app = sv.application_request_correction(
        application=app, actor=h, matters="请写明统计公报的年份", deadline=D(2026, 3, 20)
    )
    assert app.state == State.AWAITING_CORRECTION and app.reply_due is None
    with pytest.raises(sv.InvalidTransition):
        sv.application_request_correction(application=app, actor=h, matters="again")
    frozen.move_to("2026-03-06 02:00:00")
    with pytest.raises(sv.ApplicationError, match="早于"):
        sv.application_record_correction(application=app, actor=h, on=D(2026, 3, 3))
    app = sv.application_record_correction(application=app, actor=h, on=D(2026, 3, 6))
    assert app.state == State.IN_PROGRESS
    assert app.reply_due == D(2026, 4, 3)  # restarted: 20th working day after 03-06

    frozen.move_to("2026-03-09 02:00:00")
    app = sv.application_open_consultation(application=app, actor=h, party="某某有限公司")
    assert app.state == State.CONSULTING and live(app) == "paused"
    assert app.letters.get(kind="consultation").recipient == "某某有限公司"
    frozen.move_to("2026-03-13 02:00:00")
    app = sv.application_close_consultation(
        application=app, actor=h, opinion="不同意公开联系人电话"
    )
    assert app.state == State.IN_PROGRESS
    assert sv.clock_now(app).paused_workdays == 4  # 03-10..03-13
    assert app.reply_due == D(2026, 4, 10)  # 清明 04-06 is not counted

    app = sv.application_request_extension(
        application=app, actor=h, reason="信息量大，需汇总", workdays=10
    )
    with pytest.raises(sv.NotAllowed):
        sv.application_decide_extension(application=app, actor=h)
    app = sv.application_decide_extension(application=app, actor=staff["signer"])
    assert app.reply_due == D(2026, 4, 24)  # +10 working days
    assert app.letters.get(kind="extension").is_issued

    with pytest.raises(sv.ApplicationError, match="第三十七条"):
        sv.application_draft_reply(application=app, actor=h, outcome="result.partial")
    with pytest.raises(sv.ApplicationError, match="办理结果"):
        sv.application_draft_reply(application=app, actor=h, outcome="")
    app = sv.application_draft_reply(
        application=app,
        actor=h,
        outcome="result.partial",
        withheld=[{"part": "企业联系人电话", "reason": "属于个人隐私（第十五条）"}],
    )
    draft = app.letters.get(kind="reply")
    assert (
        not draft.is_issued
        and "第三十七条" in draft.body
        and "行政复议法》第二十三条" in draft.body
    )
    app = sv.application_review(
        application=app, actor=staff["reviewer"], approve=False, note="补充理由"
    )
    assert app.state == State.IN_PROGRESS
    app = sv.application_draft_reply(
        application=app,
        actor=h,
        outcome="result.partial",
        withheld=[
            {"part": "企业联系人电话", "reason": "属于个人隐私，第三方不同意公开（第十五条）"}
        ],
    )
    assert app.letters.filter(kind="reply").count() == 1
    app = sv.application_review(application=app, actor=staff["reviewer"], approve=True)
    frozen.move_to("2026-03-20 02:00:00")
    # Art. 17: information goes out only after its 保密审查
    with pytest.raises(sv.ApplicationError, match="保密审查"):
        sv.application_sign_off(application=app, actor=staff["signer"])
    with pytest.raises(sv.NotAllowed):
        clear_secrecy(app, staff["handler"])
    app = clear_secrecy(app, staff["secrecy"])
    review = app.events.get(kind="secrecy_reviewed")
    assert review.actor == staff["secrecy"] and review.data["passed"] is True
    assert review.data["withheld"] == [
        {"part": "企业联系人电话", "reason": "属于个人隐私，第三方不同意公开（第十五条）"}
    ]
    app = sv.application_sign_off(application=app, actor=staff["signer"])
    reply = app.letters.get(kind="reply")
    assert reply.is_issued and reply.number == "统计局公复〔2026〕1号"
    with pytest.raises(LetterIsFrozen):
        reply.body = "changed"
        reply.save()
    assert app.replied_on is None  # answered when delivered
    app = sv.application_deliver(application=app, actor=r, method="email")
    assert app.state == State.DELIVERED and app.replied_on == D(2026, 3, 20)
    assert live(app) == "finished" and sv.clock_now(app).state == "replied"
    assert app.outcome == "result.partial"
    app = sv.application_close(application=app, actor=r)
    assert app.state == State.CLOSED

    # Only the supervisor (or agency admin) may reopen, with a reason.
    with pytest.raises(sv.NotAllowed):
        sv.application_reopen(application=app, actor=h, reason="x")
    with pytest.raises(sv.ApplicationError, match="理由"):
        sv.application_reopen(application=app, actor=staff["supervisor"], reason=" ")
    app = sv.application_reopen(application=app, actor=staff["supervisor"], reason="复议纠正")
    assert app.state == State.IN_PROGRESS and app.outcome == "" and app.replied_on is None

    kinds = list(app.events.values_list("kind", flat=True))
    assert kinds[:3] == ["registered", "accepted", "routed"] and kinds[-1] == "reopened"
    verbs = set(AuditEntry.objects.filter(object_id=str(app.pk)).values_list("verb", flat=True))
    assert {"application.claim", "application.sign_off", "application.reopen"} <= verbs


def test_illegal_transition_message(agency, staff, frozen):
    app = register(agency, staff)
    with pytest.raises(sv.InvalidTransition) as err:
        sv.application_sign_off(application=app, actor=staff["signer"])
    assert "不能执行“签发”操作" in err.value.message


def test_return_with_reason(agency, staff, frozen):
    app = register(agency, staff)
    app = sv.application_route(
        application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
    )
    with pytest.raises(sv.ApplicationError, match="理由"):
        sv.application_return(application=app, actor=staff["handler"], reason="")
    app = sv.application_return(application=app, actor=staff["handler"], reason="不属于本科室职责")
    assert app.state == State.ACCEPTED and app.unit is None


def test_correction_lapse_and_fee(agency, staff, frozen, settings):
    h = staff["admin"]
    app = register(agency, staff)
    app = sv.application_request_correction(
        application=app, actor=h, matters="说明用途", deadline=D(2026, 3, 10)
    )
    with pytest.raises(sv.ApplicationError, match="尚未届满"):
        sv.application_lapse_correction(application=app, actor=h)
    frozen.move_to("2026-03-11 02:00:00")
    assert live(app) == "correction_lapsed" and sv.clock_now(app).state == "abandoned"
    app = sv.application_lapse_correction(application=app, actor=h)
    assert app.state == State.CLOSED and app.outcome == "result.other.1"
    assert app.replied_on == D(2026, 3, 11)

    app2 = register(agency, staff)
    app2 = sv.application_route(application=app2, actor=h, unit=staff["units"]["核算科"])
    app2 = sv.application_claim(application=app2, actor=h)
    with pytest.raises(sv.ApplicationError, match="0元"):
        sv.application_fee_notice(application=app2, actor=h, basis="per_page", quantity=20)
    app2 = sv.application_fee_notice(application=app2, actor=h, basis="per_page", quantity=150)
    assert app2.state == State.AWAITING_FEE
    fee_letter = app2.letters.get(kind="fee")
    assert "1700元" in fee_letter.body
    # Off by default: the fee window does not pause the clock.
    assert app2.reply_due == D(2026, 3, 30)
    app2 = sv.application_fee_paid(application=app2, actor=h)
    assert app2.state == State.IN_PROGRESS


def test_withdraw_counts_as_other(agency, staff, frozen):
    app = register(agency, staff)
    app = sv.application_withdraw(
        application=app, actor=staff["registrar"], reason="申请人来电撤回"
    )
    assert app.state == State.WITHDRAWN and app.outcome == "result.other.3"
    assert app.replied_on == D(2026, 3, 2)


def test_events_are_append_only(agency, staff, frozen):
    app = register(agency, staff)
    event = app.events.first()
    with pytest.raises(EventLogIsAppendOnly):
        event.save()
    with pytest.raises(EventLogIsAppendOnly):
        ApplicationEvent.objects.filter(application=app).delete()


def test_version_check_refuses_stale_action(agency, staff, frozen):
    app = register(agency, staff)
    seen = app.version
    sv.application_accept(application=app, actor=staff["registrar"], version=seen)
    with pytest.raises(sv.ConcurrentModification) as err:
        sv.application_accept(application=app, actor=staff["admin"], version=seen)
    assert err.value.message == "案件已被他人修改，请刷新后重试"


@pytest.mark.django_db(transaction=True)
def test_concurrent_staff_actions_one_wins(agency, staff):
    """Two threads act on the same version at once: one succeeds, the other is told to refresh.

    Needs a server database (PostgreSQL in CI); SQLite's shared in-memory test database
    reports "table is locked" instead of serialising writers.
    """
    if connection.vendor == "sqlite":
        pytest.skip("needs a database with row locks (run with DATABASE_URL=postgres://...)")
    app = register(agency, staff)
    seen = app.version
    results = []

    def act(user):
        from django.db import connections

        try:
            sv.application_accept(application=app, actor=user, version=seen)
            results.append("ok")
        except sv.ApplicationError as error:
            results.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(staff[n],)) for n in ("registrar", "admin")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "案件已被他人修改，请刷新后重试"]
    assert Application.objects.get(pk=app.pk).events.filter(kind=EventKind.ACCEPTED).count() == 1


def test_audit_masks_personal_data(agency, staff, frozen):
    app = register(agency, staff)
    entry = AuditEntry.objects.get(verb="applications.application.create", object_id=str(app.pk))
    assert entry.changes["id_number"] == ["***", "***"]
    assert entry.changes["phone"] == ["***", "***"]
    assert "11010519491231002X" not in str(entry.changes)


def test_letter_draft_editable_until_issued(agency, staff, frozen):
    from gongkai.applications.letters import draft_letter, issue_letter, update_draft

    app = register(agency, staff)
    letter = draft_letter(app, "correction", matters="补充用途", deadline=D(2026, 3, 20))
    update_draft(
        letter,
        title=letter.title,
        recipient=letter.recipient,
        body=letter.body + "\n另：请附身份证复印件。",
    )
    issue_letter(letter, on=D(2026, 3, 2))
    assert Letter.objects.get(pk=letter.pk).body.endswith("请附身份证复印件。")
    with pytest.raises(LetterIsFrozen):
        update_draft(letter, title="x", recipient="y", body="z")


def test_named_office_head_alone_approves_extensions(agency, staff, frozen):
    conf = sv.agency_settings(agency)
    conf.extension_approver = staff["admin"]
    conf.save()
    app = register(agency, staff)
    app = sv.application_route(
        application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
    )
    app = sv.application_claim(application=app, actor=staff["handler"])
    app = sv.application_request_extension(application=app, actor=staff["handler"], reason="量大")
    with pytest.raises(sv.NotAllowed, match="负责人"):
        sv.application_decide_extension(application=app, actor=staff["signer"])
    app = sv.application_decide_extension(application=app, actor=staff["admin"])
    assert app.reply_due == D(2026, 4, 28)  # 20 + 20 working days (清明 04-06 off)
