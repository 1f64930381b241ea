"""Tell a person something: an in-app notice and, where e-mail works, the same by e-mail.

``notify(person, subject, text, link="", email=True)`` is what apps call, inside the
transaction of the event it reports (a batch opened, a project approved), so the notice and the
e-mail exist exactly when the event does. The text is plain text written by the caller: never
anything from an anonymous answer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notice
from .outbox import email_configured, outbox_queue


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
