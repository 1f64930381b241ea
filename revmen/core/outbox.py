"""E-mail outbox: queue a message with the event that causes it, send it from the task worker.

- ``outbox_queue(to=…, subject=…, text=…, html="", person=None)`` writes an ``OutboxMessage``
  in the caller's transaction and queues the task ``send_message`` once that commits: when the
  event rolls back, so does its e-mail, and no e-mail goes out for an event that never happened.
- ``outbox_send(pk)`` makes one attempt through Django's e-mail backend. It first claims the
  attempt with one conditional UPDATE that also moves ``next_attempt_at`` to the retry time, so
  two workers never send the same message at once and a worker killed mid-send is retried.
- ``outbox_send_due()`` tries every queued message whose time has come; it is the periodic job
  ``core.outbox`` (``core.periodic``), which makes it the retry sweep.

A message is tried ``OUTBOX_MAX_ATTEMPTS`` times, waiting ``OUTBOX_RETRY_SECONDS`` after the
first failure and twice as long after each further one, then it is marked failed.

Privacy: the body is plain text written by the caller. Never put anything from an anonymous
answer (answers, comments, which unit or wave a respondent chose) into a message.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import OutboxMessage

logger = logging.getLogger(__name__)

DUMMY_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
# The longest wait between two attempts, however many attempts the settings allow.
MAX_RETRY_DELAY = timedelta(days=1)
# Messages one sweep tries; the next sweep takes the rest.
SWEEP_BATCH = 200
ERROR_LENGTH = 2000


def email_configured() -> bool:
    """Whether e-mail goes anywhere: a sender is set and the backend is not the dummy one."""
    return bool(settings.DEFAULT_FROM_EMAIL) and settings.EMAIL_BACKEND != DUMMY_BACKEND


def retry_delay(attempts: int) -> timedelta:
    """The wait after failed attempt number ``attempts`` (1, 2, …): doubling, capped at a day."""
    base = timedelta(seconds=settings.OUTBOX_RETRY_SECONDS)
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def outbox_queue(
    *, to: str, subject: str, text: str, html: str = "", person: Any = None
) -> OutboxMessage:
    """Store a message in the current transaction; the worker sends it after the commit."""
    message = OutboxMessage(
        person=person,
        address=to.strip(),
        subject=" ".join(str(subject).split())[:255],
        text=str(text),
        html=str(html),
    )
    message.full_clean()
    message.save()
    message_id = message.pk
    transaction.on_commit(lambda: send_message.enqueue(message_id))
    return message


def _claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """Take the next attempt of a due message, or ``None`` when it is not due or taken."""
    message = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now
    ).first()
    if message is None:
        return None
    attempt = message.attempts + 1
    # Compare-and-set on ``attempts``: of two workers reading the same row, one updates it.
    won = OutboxMessage.objects.filter(
        pk=message.pk, status=OutboxMessage.Status.QUEUED, attempts=message.attempts
    ).update(attempts=attempt, next_attempt_at=now + retry_delay(attempt))
    if not won:
        return None
    message.attempts = attempt
    return message


def _deliver(message: OutboxMessage, connection: Any) -> None:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        connection=connection,
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    email.send()


def outbox_send(
    message_id: int, *, now: datetime | None = None, connection: Any = None
) -> OutboxMessage | None:
    """Make one attempt at a due message; ``None`` when it was not due or another worker has it."""
    now = now or timezone.now()
    message = _claim(message_id, now)
    if message is None:
        return None
    try:
        _deliver(message, connection or get_connection())
    except Exception as error:  # any backend failure is one failed attempt, kept for the admin
        logger.warning(
            "outbox message %s attempt %s failed: %s", message.pk, message.attempts, error
        )
        message.last_error = (str(error) or type(error).__name__)[:ERROR_LENGTH]
        if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxMessage.Status.FAILED
        OutboxMessage.objects.filter(pk=message.pk).update(
            last_error=message.last_error, status=message.status
        )
        return message
    message.status, message.sent_at, message.last_error = OutboxMessage.Status.SENT, now, ""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=message.status, sent_at=now, last_error=""
    )
    return message


def outbox_send_due(*, now: datetime | None = None) -> int:
    """Try every queued message whose time has come (oldest first); return how many went out."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    if not due:
        return 0
    connection = _open_connection()
    sent = 0
    try:
        for message_id in due:
            message = outbox_send(message_id, now=now, connection=connection)
            if message is not None and message.status == OutboxMessage.Status.SENT:
                sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent


def _open_connection() -> Any:
    """One connection for a whole sweep (one SMTP login, not one per message), or ``None`` when
    the server cannot be reached: then each message tries on its own, and counts the failure."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:
        logger.warning("outbox: cannot open the e-mail connection: %s", error)
        return None
    return connection


@task()
def send_message(message_id: int) -> str:
    message = outbox_send(message_id)
    return message.status if message else "skipped"
