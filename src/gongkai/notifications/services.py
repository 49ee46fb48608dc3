"""Writes of the notifications app: notify staff once per fact, mark notices read."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.notifications.models import Notification


def notify(
    *,
    recipients: Iterable,
    key: str,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    agency=None,
    email: bool = True,
) -> list[Notification]:
    """Give each of ``recipients`` the notice ``key`` unless they have it already.

    Returns the notices created by this call; each of their recipients with an e-mail
    address gets the notice by e-mail, at most once (even when two workers run the same
    job at once: the unique key lets one insert win)."""
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        try:
            with transaction.atomic():
                notice = Notification.objects.create(
                    recipient=user,
                    key=key[:200],
                    kind=kind,
                    title=title[:200],
                    body=body,
                    url=url[:300],
                    agency=agency,
                )
        except IntegrityError:
            continue  # notified already (this run, an earlier one, or another worker)
        created.append(notice)
        if email and user.email:
            _email(notice, user.email)
    return created


def _email(notice: Notification, address: str) -> None:
    from gongkai.ops.links import public_url
    from gongkai.ops.outbound import send_mail_once

    link = public_url(notice.url) if notice.url else ""
    text = notice.body + (f"\n\n{link}" if link else "")
    send_mail_once(
        f"notification:{notice.recipient_id}:{notice.key}"[:200],
        subject=notice.title,
        body=text,
        to=[address],
    )


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all of them when ``ids`` is None); returns how many."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
