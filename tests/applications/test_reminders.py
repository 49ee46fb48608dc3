"""Deadline reminders (#16): who is told, once a day, of what; the supervisor's digest; the
consultations that end by themselves; due dates that follow an imported calendar."""

import datetime

import pytest
from django.core import mail
from freezegun import freeze_time

from gongkai.applications import reminders
from gongkai.applications import services as sv
from gongkai.applications.models import Application, EventKind, State
from gongkai.audit.models import AuditEntry
from gongkai.notifications.models import Notification

from .conftest import PERSON

D = datetime.date


@pytest.fixture(autouse=True)
def _urls_loaded():
    """Import every URL module (and the API's pydantic schemas) before dates are faked."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018


@pytest.fixture
def mailed_staff(staff):
    for key, user in staff.items():
        if key != "units":
            user.email = f"{key}@tjj.example.gov.cn"
            user.save(update_fields=["email"])
    return staff


def _claimed(agency, staff, submitted_on):
    with freeze_time(f"{submitted_on.isoformat()} 02:00:00"):
        app = sv.application_register(
            agency=agency,
            data=dict(PERSON),
            actor=staff["registrar"],
            channel="in_person",
            submitted_on=submitted_on,
        ).application
        app = sv.application_route(
            application=app, actor=staff["registrar"], unit=staff["units"]["核算科"]
        )
        return sv.application_claim(application=app, actor=staff["handler"])


@pytest.mark.django_db
def test_one_reminder_per_case_and_day_to_the_people_who_work_it(agency, mailed_staff):
    staff = mailed_staff
    soon = _claimed(agency, staff, D(2026, 1, 30))  # due 2026-03-05: in 3 working days
    late = _claimed(agency, staff, D(2026, 1, 5))  # due 2026-02-02: overdue
    calm = _claimed(agency, staff, D(2026, 2, 27))  # due 2026-03-26: nothing yet
    assert (soon.reply_due, late.reply_due, calm.reply_due) == (
        D(2026, 3, 5),
        D(2026, 2, 2),
        D(2026, 3, 26),
    )
    mail.outbox.clear()
    with freeze_time("2026-03-02 01:00:00"):
        ran = reminders.deadline_reminders()
    assert ran["cases"] == 2
    notices = Notification.objects.filter(kind="deadline")
    by_case = {}
    for notice in notices:
        by_case.setdefault(notice.url, set()).add(notice.recipient.username)
    # the handler who claimed the case and has the next move; not the registrar nor the signer
    assert by_case == {
        f"/admin/applications/{soon.pk}/": {"t-handler"},
        f"/admin/applications/{late.pk}/": {"t-handler"},
    }
    soon_notice = notices.get(url=f"/admin/applications/{soon.pk}/")
    assert (
        soon_notice.title.startswith("【即将到期】")
        and "答复期限 2026-03-05，还有3个工作日" in soon_notice.body
    )
    late_notice = notices.get(url=f"/admin/applications/{late.pk}/")
    assert late_notice.title.startswith("【已逾期】") and "已逾期" in late_notice.body
    assert sorted(m.to[0] for m in mail.outbox if "到期" in m.subject or "逾期" in m.subject) == [
        "handler@tjj.example.gov.cn",
        "handler@tjj.example.gov.cn",
    ]
    sent = len(mail.outbox)
    with freeze_time("2026-03-02 05:00:00"):  # a second run the same day: nobody twice
        reminders.deadline_reminders()
    assert Notification.objects.filter(kind="deadline").count() == 2 and len(mail.outbox) == sent
    with freeze_time("2026-03-03 01:00:00"):  # the next day: again
        reminders.deadline_reminders()
    assert Notification.objects.filter(kind="deadline").count() == 4


@pytest.mark.django_db
def test_the_supervisor_gets_a_digest_of_the_lists_it_can_open(agency, mailed_staff):
    staff = mailed_staff
    _claimed(agency, staff, D(2026, 1, 5))
    _claimed(agency, staff, D(2026, 1, 30))
    with freeze_time("2026-03-02 01:00:00"):
        reminders.deadline_reminders()
        reminders.deadline_reminders()
    [digest] = Notification.objects.filter(kind="digest")
    assert digest.recipient == staff["supervisor"]
    assert "测试市统计局：已逾期 1 件，3 个工作日内到期 1 件" in digest.body
    assert digest.url.endswith("?state=open&risk=overdue")


@pytest.mark.django_db
def test_pending_extension_tells_its_approver(agency, mailed_staff):
    staff = mailed_staff
    app = _claimed(agency, staff, D(2026, 1, 30))
    with freeze_time("2026-03-02 02:00:00"):
        sv.application_request_extension(application=app, actor=staff["handler"], reason="量大")
    assert reminders.case_staff(Application.objects.get(pk=app.pk)) >= {
        staff["handler"],
        staff["signer"],  # no office head in this agency: the signer approves (Art. 33)
    }


@pytest.mark.django_db
def test_an_expired_consultation_ends_by_itself_with_its_consequence(
    agency, mailed_staff, django_capture_on_commit_callbacks
):
    staff = mailed_staff
    app = _claimed(agency, staff, D(2026, 1, 30))
    with freeze_time("2026-02-03 02:00:00"):
        app = sv.application_open_consultation(
            application=app, actor=staff["handler"], party="某局", party_kind="agency"
        )
    # received 2-3: the 15th working day after it is 3-2 (春节 2-15 to 2-23 off, 2-14 and
    # 2-28 worked)
    assert app.pause_until == D(2026, 3, 2) and app.state == State.CONSULTING
    with freeze_time("2026-03-02 01:00:00"):
        assert reminders.deadline_reminders()["consultations_ended"] == 0  # its last day
    with (
        freeze_time("2026-03-03 01:00:00"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ran = reminders.deadline_reminders()
    assert ran["consultations_ended"] == 1
    app.refresh_from_db()
    assert app.state == State.IN_PROGRESS
    closing = app.events.filter(kind=EventKind.CONSULTATION_CLOSED).get()
    assert closing.on == D(2026, 3, 2)  # the pause ends on its last day, as the rules say
    assert closing.actor is None and closing.data["lapsed"] is True
    assert "视为同意公开（第三十四条）" in closing.data["consequence"]
    entry = AuditEntry.objects.get(verb="application.consultation_lapse", object_id=str(app.pk))
    assert entry.actor is None and "视为同意公开" in entry.message
    assert Notification.objects.filter(
        kind="consultation_lapsed", recipient=staff["handler"]
    ).exists()
    with freeze_time("2026-03-03 03:00:00"):
        assert reminders.deadline_reminders()["consultations_ended"] == 0


@pytest.mark.django_db
@pytest.mark.django_db
def test_imported_schedule_moves_open_due_dates_and_tells_the_clerk(
    agency, mailed_staff, django_capture_on_commit_callbacks, settings
):
    """A case due in an unscheduled year follows the schedule once it is imported: stored and
    shown due date, an audit row per changed case, a notice to the clerk."""
    from gongkai.workdays import services as calendar_services
    from gongkai.workdays.schedule import parse_yaml

    # the recompute is a background task: here the worker's part runs at once
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    staff = mailed_staff
    app = _claimed(agency, staff, D(2026, 12, 28))
    assert app.reply_due == D(2027, 1, 26) and app.provisional
    closed = _claimed(agency, staff, D(2026, 12, 28))
    Application.objects.filter(pk=closed.pk).update(state=State.CLOSED)
    with (
        freeze_time("2026-12-29 02:00:00"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        calendar_services.import_year(
            schedule=parse_yaml(
                "year: 2027\nnotice: 国办发明电〔2026〕9号\nholidays:\n"
                "  - name: 元旦\n    rest: 2027-01-01..2027-01-04\n"
                "  - name: 春节\n    rest: 2027-02-05..2027-02-11\n    work: [2027-02-13]\n"
            )
        )
    app.refresh_from_db()
    assert app.reply_due == D(2027, 1, 27) and not app.provisional
    assert Application.objects.get(pk=closed.pk).reply_due == D(2027, 1, 26)  # finished: as it was
    entry = AuditEntry.objects.get(verb="application.recompute", object_id=str(app.pk))
    assert entry.changes["reply_due"] == ["2027-01-26", "2027-01-27"]
    assert "导入2027年节假日安排" in entry.message
    notice = Notification.objects.get(kind="due_moved", recipient=staff["handler"])
    assert "2027-01-26 调整为 2027-01-27" in notice.body
