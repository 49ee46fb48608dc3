"""Reminders of the answer deadlines in 行政复议 / 行政诉讼 (``rules.review_deadlines``).

``answer_reminders(today)`` runs inside the daily job ``applications.deadline_reminders``:
for every answer (书面答复 / 答辩状) not yet recorded whose last day is at most
``REMIND_DAYS_BEFORE`` days away, or already past, it tells the agency's administrators
and registrars (the people who keep the register), once a day, in the console and by
e-mail (``notifications.services.notify``; the key names the case and the day).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.registers.models import ReviewCase
from gongkai.registers.selectors import open_deadlines

#: Calendar days before the last day from which the reminder is sent every day.
REMIND_DAYS_BEFORE = 3


def case_url(case: ReviewCase) -> str:
    # by name: the snippet viewset is known only once the URLconf is loaded (``reverse`` does it)
    return reverse("wagtailsnippets_registers_reviewcase:edit", args=[case.pk])


def register_keepers(agency) -> list:
    """The agency's active administrators and registrars."""
    from gongkai.agencies.models import Membership, Role

    return [
        m.user
        for m in Membership.objects.filter(
            agency=agency, role__in=[Role.AGENCY_ADMIN, Role.REGISTRAR], user__is_active=True
        ).select_related("user")
    ]


def answer_reminders(today: datetime.date) -> int:
    """Send today's reminders; returns the number of notices created."""
    from gongkai.notifications.services import notify

    sent = 0
    for deadline in open_deadlines(today):
        left = (deadline.due - today).days
        if left > REMIND_DAYS_BEFORE:
            continue
        case = deadline.case
        what = _("行政复议书面答复") if not case.is_litigation else _("行政诉讼答辩状")
        label = case.case_number or case.filed_date.isoformat()
        if deadline.overdue:
            title = _("【已逾期】%(what)s %(case)s") % {"what": what, "case": label}
            state = _("期限 %(due)s 已过，已逾期%(n)d日") % {
                "due": deadline.due.isoformat(),
                "n": -left,
            }
        else:
            title = _("【即将到期】%(what)s %(case)s") % {"what": what, "case": label}
            state = (
                _("期限 %(due)s，今日到期") % {"due": deadline.due.isoformat()}
                if left == 0
                else _("期限 %(due)s，还有%(n)d日") % {"due": deadline.due.isoformat(), "n": left}
            )
        body = "\n".join(
            [
                _("%(kind)s，收到副本日期 %(received)s。")
                % {
                    "kind": case.get_kind_display(),
                    "received": case.copy_received_on.isoformat(),
                },
                state,
                _("依据：%(article)s") % {"article": deadline.article},
            ]
        )
        created = notify(
            recipients=register_keepers(case.agency),
            key=f"review-answer:{case.pk}:{today.isoformat()}",
            kind="review_deadline",
            title=title,
            body=body,
            url=case_url(case),
            agency=case.agency,
        )
        sent += len(created)
    return sent
