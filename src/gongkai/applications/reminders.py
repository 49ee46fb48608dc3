"""The statutory clock, told to people: daily deadline reminders and the supervisor's digest.

``deadline_reminders(today)`` is the daily job ``applications.deadline_reminders``
(registered in ``ApplicationsConfig.ready`` with ``gongkai.ops.schedule``, run by
``gongkai worker``). On each run it

1. ends the consultations whose 15 working days ran out with no opinion recorded
   (``services.application_consultation_lapse``, Arts. 32, 34: an event and an audit row;
   the clock had resumed by itself already);
2. for every open case whose reply is due within the agency's ``reminder_workdays``
   (default 3) working days or overdue, or with a 补正 / consultation / fee / reasons period
   closing as soon or already closed with no action, sends one notice a day to the people
   who work the case (``case_staff``): in the console (我的通知) and by e-mail;
3. gives each member of the supervising office one digest of the agencies it oversees
   (overdue and due soon, per agency), linking to the same lists;
4. reminds the agency's administrators and registrars of the 行政复议 / 行政诉讼 answers
   due within 3 days or overdue (``registers.reminders.answer_reminders``).

Each notice has a key naming the case and the day, unique per recipient: a second run the
same day, or a second worker, notifies nobody twice (``notifications.services.notify``).
Who is told is the inverse of the "待我办理" worklist (``selectors.awaiting_q``): whoever has
the next move, plus the handler who claimed the case and the heads of its unit.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Membership, Role
from gongkai.applications.models import (
    FINISHED_STATES,
    AgencyApplicationSettings,
    Application,
    EventKind,
    State,
)
from gongkai.rules.procedure import needs_secrecy_review

log = logging.getLogger(__name__)

try:  # retries with backoff when the ops app provides them
    from gongkai.ops.tasks import task
except ImportError:  # pragma: no cover
    from django_tasks import task

DEFAULT_REMINDER_WORKDAYS = 3


def case_url(app: Application) -> str:
    return reverse("applications_admin:case", args=[app.pk])


def case_staff(app: Application) -> set:
    """The people who work ``app`` now: those whose "待我办理" list holds it (by role and unit,
    ``selectors.ROLE_STATES``), its approver while an extension waits, the handler who
    claimed it and the heads of its unit. Agency administrators are told only when nobody
    else would be."""
    from gongkai.applications.selectors import ROLE_STATES
    from gongkai.applications.services import extension_approver_ids

    members = list(
        Membership.objects.filter(agency=app.agency, user__is_active=True).select_related("user")
    )
    people = set()
    for m in members:
        states = ROLE_STATES.get(m.role, ())
        if app.state in states and (m.role != Role.HANDLER or m.unit_id == app.unit_id):
            people.add(m.user)
        if m.role == Role.UNIT_HEAD and app.unit_id and m.unit_id == app.unit_id:
            people.add(m.user)
    claimed = (
        app.events.filter(kind=EventKind.CLAIMED)
        .order_by("-at", "-id")
        .select_related("actor")
        .first()
    )
    if claimed is not None and claimed.actor is not None and claimed.actor.is_active:
        people.add(claimed.actor)
    if (
        app.state in (State.REPLY_DRAFTED, State.REVIEWED)
        and needs_secrecy_review(app.outcome)
        and not app.secrecy_cleared
    ):
        people |= {m.user for m in members if m.role == Role.CONFIDENTIALITY_REVIEWER}
    if app.extension_pending:
        ids = extension_approver_ids(app)
        people |= {m.user for m in members if m.user_id in ids}
    if not people:
        people = {m.user for m in members if m.role == Role.AGENCY_ADMIN}
    return people


def _reasons(app: Application, clock, today: datetime.date, soon: datetime.date) -> list[str]:
    """What to remind of, one sentence each (empty: nothing due)."""
    from gongkai.workdays import calendar

    cal = calendar()
    out = []
    due = clock.reply_due
    if due is not None and clock.state not in ("replied", "abandoned"):
        label = _("延迟答复期限") if clock.delayed else _("答复期限")
        if due < today:
            out.append(
                _("%(label)s %(due)s 已过，已逾期%(n)d个工作日")
                % {"label": label, "due": due.isoformat(), "n": cal.workdays_between(due, today)}
            )
        elif due <= soon:
            left = cal.workdays_between(today, due)
            out.append(
                _("%(label)s %(due)s，还有%(n)d个工作日")
                % {"label": label, "due": due.isoformat(), "n": left}
                if left
                else _("%(label)s %(due)s，今日到期") % {"label": label, "due": due.isoformat()}
            )
    for window in clock.windows:
        what = window.label
        if window.status == "expired":
            action = {
                "correction": _("请登记“逾期未补正”或补正材料"),
                "consultation": _("征求意见已自动结束，请依法作出决定"),
                "fee": _("请登记缴费或“逾期未缴费”"),
                "reasons": _("申请人未在期限内说明理由，请依第三十五条处理"),
            }[window.kind]
            out.append(
                _("%(what)s %(closes)s 已届满：%(action)s")
                % {"what": what, "closes": window.closes.isoformat(), "action": action}
            )
        elif window.closes <= soon:
            out.append(
                _("%(what)s %(closes)s 届满（%(article)s）")
                % {"what": what, "closes": window.closes.isoformat(), "article": window.article}
            )
    return out


def _soon_by_agency(today: datetime.date) -> tuple[dict[int, datetime.date], datetime.date]:
    """Each agency's last "due soon" day (its ``reminder_workdays``), and the default one."""
    from gongkai.workdays import calendar

    cal = calendar()
    days = dict(AgencyApplicationSettings.objects.values_list("agency_id", "reminder_workdays"))
    soon = {agency: cal.add_workdays(today, n) for agency, n in days.items()}
    return soon, cal.add_workdays(today, DEFAULT_REMINDER_WORKDAYS)


def lapse_expired_consultations(today: datetime.date) -> int:
    """End every consultation whose period ran out (the system does it: no person acts)."""
    from gongkai.applications import services

    ended = 0
    for app in Application.objects.filter(state=State.CONSULTING, next_window_closes__lt=today):
        try:
            if services.expired_consultation(app) is not None:
                services.application_consultation_lapse(application=app)
                ended += 1
        except services.ApplicationError as error:  # e.g. changed meanwhile by a person
            log.warning("consultation of %s not ended: %s", app, error.message)
    return ended


def deadline_reminders(today: datetime.date | None = None) -> dict:
    """The daily run (see the module docstring). Returns counts for the log and the tests."""
    from gongkai.applications import clock as case_clock
    from gongkai.notifications.services import notify

    today = today or timezone.localdate()
    ended = lapse_expired_consultations(today)
    soon_by_agency, default_soon = _soon_by_agency(today)
    latest = max([default_soon, *soon_by_agency.values()])
    reminded = notices = 0
    for app in _candidates(latest).select_related("agency", "unit"):
        clock = case_clock.evaluate(app, as_of=today)
        soon = soon_by_agency.get(app.agency_id, default_soon)
        reasons = _reasons(app, clock, today, soon)
        if not reasons:
            continue
        overdue = clock.reply_due is not None and clock.reply_due < today
        title = (_("【已逾期】%(n)s %(t)s") if overdue else _("【即将到期】%(n)s %(t)s")) % {
            "n": app.tracking_number,
            "t": app.info_title[:40],
        }
        created = notify(
            recipients=case_staff(app),
            key=f"deadline:{app.pk}:{today.isoformat()}",
            kind="deadline",
            title=title,
            body="\n".join(reasons),
            url=case_url(app),
            agency=app.agency,
        )
        reminded += 1
        notices += len(created)
    digests = supervisor_digests(today)
    from gongkai.registers.reminders import answer_reminders

    review_answers = answer_reminders(today)
    return {
        "cases": reminded,
        "notices": notices,
        "consultations_ended": ended,
        "digests": digests,
        "review_answer_notices": review_answers,
    }


def _candidates(latest: datetime.date):
    """Open, received cases whose due date or next period closes by ``latest`` (one query;
    the partial index of open cases by due date serves the first half)."""
    from django.db.models import Q

    return (
        Application.objects.exclude(state__in=FINISHED_STATES)
        .exclude(received_on__isnull=True)
        .filter(Q(reply_due__lte=latest) | Q(next_window_closes__lte=latest))
        .order_by("reply_due", "pk")
    )


def supervisor_digests(today: datetime.date) -> int:
    """One notice a day to each member of a supervising office: its agencies' overdue and
    due-soon cases (the same selector as the lists it links to)."""
    from gongkai.applications.selectors import ClockDay, application_list_visible_to
    from gongkai.notifications.services import notify

    sent = 0
    supervisors = {
        m.user
        for m in Membership.objects.filter(
            role=Role.SUPERVISOR, user__is_active=True
        ).select_related("user")
    }
    day = ClockDay.of(today, DEFAULT_REMINDER_WORKDAYS)
    base = reverse("applications_admin:worklist")
    for user in supervisors:
        counts: dict[str, dict[str, int]] = defaultdict(lambda: {"overdue": 0, "due_soon": 0})
        for risk in ("overdue", "due_soon"):
            qs = application_list_visible_to(user=user, filters={"risk": risk}, day=day)
            for name in qs.values_list("agency__name", flat=True):
                counts[name][risk] += 1
        if not counts:
            continue
        lines = [
            _("%(agency)s：已逾期 %(o)d 件，%(n)d 个工作日内到期 %(s)d 件")
            % {
                "agency": name,
                "o": c["overdue"],
                "s": c["due_soon"],
                "n": DEFAULT_REMINDER_WORKDAYS,
            }
            for name, c in sorted(counts.items())
        ]
        created = notify(
            recipients=[user],
            key=f"digest:{today.isoformat()}",
            kind="digest",
            title=_("【督查日报】%(day)s 依申请公开办理时限") % {"day": today.isoformat()},
            body="\n".join(lines),
            url=f"{base}?state=open&risk=overdue",
        )
        sent += len(created)
    return sent


def notify_case_staff(pk: int, kind: str, text: str) -> None:
    """Tell the people who work case ``pk`` about ``text`` (after an automatic step)."""
    from gongkai.notifications.services import notify

    app = Application.objects.select_related("agency").get(pk=pk)
    notify(
        recipients=case_staff(app),
        key=f"{kind}:{app.pk}:{timezone.localdate().isoformat()}",
        kind=kind,
        title=_("%(n)s：%(text)s") % {"n": app.tracking_number, "text": text[:80]},
        body=text,
        url=case_url(app),
        agency=app.agency,
    )


@task()
def send_deadline_reminders() -> dict:
    """The periodic job (daily, ``gongkai worker``): see ``deadline_reminders``."""
    return deadline_reminders()


@task()
def recompute_clock(reason: str) -> int:
    """Recompute every open case's due dates (after a calendar change; daily as a check)."""
    from gongkai.applications.services import recompute_open_cases

    return len(recompute_open_cases(reason=reason))


def on_calendar_changed(sender, reason: str = "", **kwargs) -> None:
    """``workdays.signals.calendar_changed``: recompute in the background (the worker)."""
    recompute_clock.enqueue(reason or _("工作日历变更"))
