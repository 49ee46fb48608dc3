"""At-most-once side effects: send_once and send_mail_once."""

import pytest
from django.core import mail
from django.db import transaction

from gongkai.ops.models import OutboundMessage
from gongkai.ops.outbound import SendResult, release, send_mail_once, send_once

pytestmark = pytest.mark.django_db


def test_second_send_with_the_same_key_does_nothing():
    calls = []
    assert send_once("k1", lambda: calls.append(1)) == SendResult.SENT
    assert send_once("k1", lambda: calls.append(2)) == SendResult.ALREADY_SENT
    assert calls == [1]
    message = OutboundMessage.objects.get(key="k1")
    assert message.status == OutboundMessage.Status.SENT and message.sent_at


def test_a_failed_send_may_be_retried():
    def boom():
        raise ConnectionError("smtp down")

    with pytest.raises(ConnectionError):
        send_once("k2", boom)
    assert OutboundMessage.objects.get(key="k2").status == OutboundMessage.Status.FAILED
    calls = []
    assert send_once("k2", lambda: calls.append(1)) == SendResult.SENT
    assert calls == [1]
    assert OutboundMessage.objects.get(key="k2").attempts == 2


def test_a_claim_without_outcome_is_never_resent_until_released():
    OutboundMessage.objects.create(key="k3")  # a process died after claiming
    calls = []
    assert send_once("k3", lambda: calls.append(1)) == SendResult.IN_DOUBT
    assert calls == []
    assert release("k3")
    assert send_once("k3", lambda: calls.append(1)) == SendResult.SENT
    assert calls == [1]


def test_inside_a_transaction_the_send_waits_for_commit(django_capture_on_commit_callbacks):
    calls = []
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            assert send_once("k4", lambda: calls.append(1)) == SendResult.DEFERRED
            assert calls == []
    assert calls == [1]


def test_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    calls = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                send_once("k5", lambda: calls.append(1))
                raise RuntimeError
    assert callbacks == [] and calls == []
    assert not OutboundMessage.objects.filter(key="k5").exists()


def test_send_mail_once_sends_one_mail():
    for _ in range(3):
        send_mail_once("mail:1", subject="提醒", body="正文", to=["a@example.gov.cn"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@example.gov.cn"]


def test_bad_keys_are_rejected():
    with pytest.raises(ValueError):
        send_once("", lambda: None)
    with pytest.raises(ValueError):
        send_once("x" * 201, lambda: None)
