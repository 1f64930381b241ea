"""Tell a person something: an in-app notice and, where e-mail works, the same by e-mail.

``notify(person, subject, text, link="", email=True)`` is what apps call, inside the
transaction of the event it reports (a batch opened, a project approved), so the notice and the
e-mail exist exactly when the event does. The text is plain text written by the caller: never
anything from an anonymous answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notice, OutboxMessage
from .outbox import email_configured, outbox_queue

BULK_BATCH = 1000


def absolute_link(link: str) -> str:
    """A site path (``/batches/7/``) as a full address for an e-mail; full addresses stay."""
    if link.startswith("/"):
        return settings.SITE_URL.rstrip("/") + link
    return link


def email_body(text: str, link: str = "") -> str:
    return f"{text}\n\n{absolute_link(link)}" if link else text


def wants_email(person: Any) -> bool:
    """An active person with an address, on a site whose e-mail goes somewhere."""
    return bool(getattr(person, "email", "")) and person.is_active and email_configured()


@transaction.atomic
def notify(person: Any, subject: str, text: str, link: str = "", email: bool = True) -> Notice:
    """Write a notice for ``person`` and, when ``email`` and ``wants_email(person)``, an e-mail."""
    notice = Notice(person=person, subject=subject, text=text, link=link)
    notice.full_clean()
    notice.save()
    if email and wants_email(person):
        outbox_queue(to=person.email, subject=subject, text=email_body(text, link), person=person)
    return notice


@dataclass(frozen=True)
class Notification:
    """One message of ``notify_many``: to ``person``, or to ``address`` for someone without
    an account (an outside peer, a mentor from another office)."""

    subject: str
    text: str
    link: str = ""
    person: Any = None
    address: str = ""


def notify_many(notifications: Iterable[Notification]) -> tuple[int, int]:
    """``notify`` for many at once (a periodic job's invitations and reminders), in bulk: a
    notice for each person, an e-mail for each person who ``wants_email`` and for each bare
    address. Call it in the transaction of what it reports. The e-mails leave with the outbox
    sweep (the periodic job ``core.outbox``, every minute), not as one task each. Returns
    (notices, e-mails) written."""
    notices, emails = [], []
    for n in notifications:
        if n.person is not None:
            notices.append(
                Notice(person=n.person, subject=n.subject[:255], text=n.text, link=n.link)
            )
            address = n.person.email if wants_email(n.person) else ""
        else:
            address = n.address
        if address.strip():
            emails.append(
                OutboxMessage(
                    person=n.person,
                    address=address.strip(),
                    subject=" ".join(n.subject.split())[:255],
                    text=email_body(n.text, n.link),
                )
            )
    Notice.objects.bulk_create(notices, batch_size=BULK_BATCH)
    OutboxMessage.objects.bulk_create(emails, batch_size=BULK_BATCH)
    return len(notices), len(emails)


def notices_for(person: Any, *, unread_only: bool = False) -> QuerySet[Notice]:
    notices = Notice.objects.filter(person=person)
    return notices.filter(read_at__isnull=True) if unread_only else notices


def notices_unread_count(person: Any) -> int:
    return notices_for(person, unread_only=True).count()


def notice_mark_read(*, notice: Notice) -> Notice:
    """Mark one notice read; reading it again keeps the first time."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(person: Any) -> int:
    return notices_for(person, unread_only=True).update(read_at=timezone.now())
