"""Background tasks of the reports app: reminders ahead of the 31 January deadline (Arts. 49-50)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

try:  # retries with backoff when the ops app provides them
    from gongkai.ops.tasks import task
except ImportError:  # pragma: no cover
    from django_tasks import task


def _recipients(agency) -> list[str]:
    from gongkai.agencies.models import Membership, Role

    emails = set(
        Membership.objects.filter(
            agency=agency, role__in=[Role.AGENCY_ADMIN, Role.REVIEWER, Role.SIGNER]
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if agency.email:
        emails.add(agency.email)
    return sorted(emails)


def _console_url() -> str:
    """The staff console's annual reports, as a link in the reminder (``ops.links``)."""
    from django.urls import reverse

    from gongkai.ops.links import public_url

    return public_url(reverse("reports_admin:list"))


def send_reminders(today: datetime.date | None = None) -> list[str]:
    """E-mail each agency whose last-year report is not filed, on the reminder days.

    Each (agency, year, day) is sent at most once. Returns the keys sent or queued.
    """
    from django.core.mail import send_mail

    from gongkai.agencies.models import Agency
    from gongkai.reports.selectors import REMINDER_DAYS, reminders

    today = today or timezone.localdate()
    sent = []
    for reminder in reminders(list(Agency.objects.all()), today):
        if reminder.days_left not in REMINDER_DAYS and not (
            reminder.overdue and reminder.days_left % 7 == 0
        ):
            continue
        to = _recipients(reminder.agency)
        if not to:
            continue
        key = f"reports.reminder.{reminder.agency.id}.{reminder.year}.{reminder.days_left}"
        subject = _("【提醒】%(agency)s%(year)s年政府信息公开工作年度报告") % {
            "agency": reminder.agency.name,
            "year": reminder.year,
        }
        if reminder.overdue:
            body = _(
                "%(agency)s%(year)s年政府信息公开工作年度报告应于%(deadline)s前报送并向社会公布"
                "（《政府信息公开条例》第四十九条），现已逾期%(days)s天。"
            ) % {
                "agency": reminder.agency.name,
                "year": reminder.year,
                "deadline": reminder.deadline.isoformat(),
                "days": -reminder.days_left,
            }
        else:
            body = _(
                "%(agency)s%(year)s年政府信息公开工作年度报告应于%(deadline)s前报送并向社会公布"
                "（《政府信息公开条例》第四十九条），距截止还有%(days)s天。"
            ) % {
                "agency": reminder.agency.name,
                "year": reminder.year,
                "deadline": reminder.deadline.isoformat(),
                "days": reminder.days_left,
            }
        body += "\n\n" + _("在工作台处理：%(url)s") % {"url": _console_url()}
        try:
            from gongkai.ops.outbound import send_mail_once

            send_mail_once(key, subject=subject, body=body, to=to)
        except ImportError:  # pragma: no cover
            send_mail(subject, body, None, to)
        sent.append(key)
    return sent


@task()
def annual_report_reminders() -> int:
    """The daily job: send the due reminders; returns how many."""
    return len(send_reminders())
