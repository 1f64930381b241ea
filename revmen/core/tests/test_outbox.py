"""The e-mail outbox: written with its event, sent by the worker, retried with backoff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from revmen.core.models import OutboxMessage
from revmen.core.outbox import outbox_queue, outbox_send, outbox_send_due, retry_delay
from revmen.front.testing import run_queued_tasks

pytestmark = pytest.mark.django_db
BROKEN = "revmen.core.tests.test_outbox.BrokenBackend"


class BrokenBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        raise ConnectionRefusedError("smtp.example.go.id refused the connection")


def _queue(**fields) -> OutboxMessage:  # type: ignore[no-untyped-def]
    return outbox_queue(
        to=fields.pop("to", "ani@example.go.id"),
        subject=fields.pop("subject", "Angkatan 3 dibuka"),
        text=fields.pop("text", "Angkatan 3 dibuka besok."),
        **fields,
    )


def test_a_queued_message_is_sent_by_the_worker_after_the_commit(
    django_capture_on_commit_callbacks,
    mailoutbox,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.DEFAULT_FROM_EMAIL = "revmen <noreply@bpsdm.example.go.id>"
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(html="<p>Angkatan 3 dibuka besok.</p>")
    assert message.status == "queued" and mailoutbox == []
    run_queued_tasks()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
    assert message.sent_at is not None
    [sent] = mailoutbox
    assert (sent.to, sent.subject, sent.body) == (
        ["ani@example.go.id"],
        "Angkatan 3 dibuka",
        "Angkatan 3 dibuka besok.",
    )
    assert sent.from_email == "revmen <noreply@bpsdm.example.go.id>"
    assert sent.alternatives[0][1] == "text/html"


def test_a_rolled_back_event_leaves_no_message_and_sends_nothing(
    django_capture_on_commit_callbacks,
    mailoutbox,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _queue()
                raise RuntimeError("the event failed")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not OutboxMessage.objects.exists()
    run_queued_tasks()
    assert mailoutbox == []


def test_a_message_goes_out_once_however_often_it_is_tried(mailoutbox) -> None:  # type: ignore[no-untyped-def]
    message = _queue()
    now = timezone.now()
    assert outbox_send(message.pk, now=now) is not None
    assert outbox_send(message.pk, now=now) is None  # sent: nothing more to do
    assert outbox_send_due(now=now + timedelta(days=3)) == 0
    assert len(mailoutbox) == 1


def test_a_failed_try_waits_twice_as_long_each_time_then_the_message_fails(
    settings,
    mailoutbox,  # type: ignore[no-untyped-def]
) -> None:
    settings.EMAIL_BACKEND = BROKEN
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS = 60
    message = _queue()
    start = timezone.now()
    failed = outbox_send(message.pk, now=start)
    assert failed is not None
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 1)
    assert message.last_error == "smtp.example.go.id refused the connection"
    assert message.next_attempt_at == start + timedelta(minutes=1)

    assert outbox_send_due(now=start + timedelta(seconds=59)) == 0  # not due yet: not tried
    message.refresh_from_db()
    assert message.attempts == 1

    second = start + timedelta(minutes=1)
    outbox_send_due(now=second)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 2)
    assert message.next_attempt_at == second + timedelta(minutes=2)

    outbox_send_due(now=second + timedelta(minutes=2))
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)
    assert outbox_send_due(now=second + timedelta(days=2)) == 0  # failed stays failed
    message.refresh_from_db()
    assert message.attempts == 3 and mailoutbox == []


def test_the_sweep_sends_what_failed_before_once_the_server_is_back(
    settings,
    mailoutbox,  # type: ignore[no-untyped-def]
) -> None:
    settings.EMAIL_BACKEND = BROKEN
    first, second = _queue(to="a@example.go.id"), _queue(to="b@example.go.id")
    start = timezone.now()
    outbox_send_due(now=start)
    assert set(OutboxMessage.objects.values_list("attempts", flat=True)) == {1}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_send_due(now=start + timedelta(minutes=1)) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.go.id", "b@example.go.id"]
    assert {m.status for m in OutboxMessage.objects.filter(pk__in=[first.pk, second.pk])} == {
        "sent"
    }


def test_the_wait_doubles_and_stops_at_a_day(settings) -> None:  # type: ignore[no-untyped-def]
    settings.OUTBOX_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30) == timedelta(days=1)


def test_a_bad_address_is_refused_when_queued() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _queue(to="not an address")
    assert not OutboxMessage.objects.exists()
