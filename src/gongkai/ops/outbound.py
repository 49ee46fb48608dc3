"""Side effects that happen at most once, even when the task that causes them runs twice.

``send_once(key, fn)`` claims ``key`` in a short committed transaction, runs
``fn`` and marks the key sent. A second call with the same key does nothing. If
``fn`` raises, nothing was sent: the claim is marked failed and a later call
(a retry of the task) may try again. If the process dies after the claim and
before the mark, nobody knows whether the message left; the key stays
``claimed`` and is never sent automatically again (at most once), and the
administrators see it in 运维 › 后台任务.

Use a key that names the business fact, not the attempt, e.g.
``f"application:{app.pk}:reminder:due-in-3:{due_date}"``.
"""

import enum
import logging
from collections.abc import Callable, Iterable

from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone

from gongkai.ops.models import OutboundMessage

logger = logging.getLogger(__name__)


class SendResult(enum.StrEnum):
    SENT = "sent"  # fn ran now and returned
    ALREADY_SENT = "already_sent"  # an earlier call sent it
    IN_DOUBT = "in_doubt"  # claimed earlier, outcome unknown (crash, or running elsewhere)
    DEFERRED = "deferred"  # called inside a transaction: runs after it commits


def _in_user_transaction() -> bool:
    """Inside an atomic block of the application (a test case's own blocks do not count)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _claim(key: str, channel: str, recipients: list[str], subject: str) -> bool:
    with transaction.atomic():
        message, created = OutboundMessage.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "channel": channel,
                "recipients": recipients,
                "subject": subject[:255],
                "attempts": 1,
            },
        )
        if created:
            return True
        if message.status == OutboundMessage.Status.FAILED:
            message.status = OutboundMessage.Status.CLAIMED
            message.attempts += 1
            message.claimed_at = timezone.now()
            message.error = ""
            message.save(update_fields=["status", "attempts", "claimed_at", "error"])
            return True
        return False


def send_once(
    key: str,
    fn: Callable[[], object],
    *,
    channel: str = "email",
    recipients: Iterable[str] = (),
    subject: str = "",
) -> SendResult:
    """Run ``fn`` at most once for ``key`` (see the module text).

    Called inside a transaction, the send is deferred until it commits (a rolled
    back change sends nothing). Exceptions of ``fn`` propagate after the claim is
    released for a retry.
    """
    if not key or len(key) > 200:
        raise ValueError("idempotency key must be 1..200 characters")
    recipients = list(recipients)
    if _in_user_transaction():
        transaction.on_commit(
            lambda: send_once(key, fn, channel=channel, recipients=recipients, subject=subject)
        )
        return SendResult.DEFERRED
    if not _claim(key, channel, recipients, subject):
        status = OutboundMessage.objects.filter(key=key).values_list("status", flat=True).first()
        if status == OutboundMessage.Status.SENT:
            return SendResult.ALREADY_SENT
        logger.warning("outbound message %s is claimed but not marked sent; not resending", key)
        return SendResult.IN_DOUBT
    try:
        fn()
    except BaseException as error:
        OutboundMessage.objects.filter(key=key).update(
            status=OutboundMessage.Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    OutboundMessage.objects.filter(key=key).update(
        status=OutboundMessage.Status.SENT, sent_at=timezone.now()
    )
    return SendResult.SENT


def send_mail_once(
    key: str,
    *,
    subject: str,
    body: str,
    to: Iterable[str],
    html: str | None = None,
    from_email: str | None = None,
) -> SendResult:
    """Send one e-mail at most once for ``key`` (Django's mail backend, errors raised)."""
    to = list(to)

    def send() -> None:
        message = EmailMultiAlternatives(subject, body, from_email, to)
        if html:
            message.attach_alternative(html, "text/html")
        message.send(fail_silently=False)

    return send_once(key, send, channel="email", recipients=to, subject=subject)


def release(key: str) -> bool:
    """Let an administrator allow a message in doubt to be sent again (after checking it did not leave)."""
    return bool(
        OutboundMessage.objects.filter(key=key)
        .exclude(status=OutboundMessage.Status.SENT)
        .update(status=OutboundMessage.Status.FAILED, error="released by an administrator")
    )
