"""Retention: what revmen keeps only for a while, deleted by daily periodic jobs.

core's own rows are pruned here (``core.retention``); apps prune theirs with their own
``@periodic`` job (``instruments.retention``), each reading its ``RETENTION_…`` setting.
docs/privacy.md ("Retention") lists every period. The audit trail is never pruned: it is
append-only by design (a PostgreSQL trigger refuses deletes).

- finished jobs (imports, exports, closings) with their uploaded content and result files,
  ``RETENTION_TASK_DAYS`` after they finished (or were last heard of, for stalled ones);
- e-mails already sent, and in-app notices already read, ``RETENTION_OUTBOX_DAYS`` after;
  failed e-mails likewise after their last try.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Job, Notice, OutboxMessage
from .periodic import periodic


def days_ago(days: int, now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=days)


def prune_core(*, now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; the number of rows deleted per kind."""
    jobs_before = days_ago(settings.RETENTION_TASK_DAYS, now)
    finished = Q(status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=jobs_before)
    stalled = Q(updated_at__lt=jobs_before) & ~Q(status__in=[Job.Status.DONE, Job.Status.FAILED])
    outbox_before = days_ago(settings.RETENTION_OUTBOX_DAYS, now)
    sent = Q(status=OutboxMessage.Status.SENT, sent_at__lt=outbox_before)
    failed = Q(status=OutboxMessage.Status.FAILED, next_attempt_at__lt=outbox_before)
    return {
        "jobs": Job.objects.filter(finished | stalled).delete()[0],
        "outbox": OutboxMessage.objects.filter(sent | failed).delete()[0],
        "notices": Notice.objects.filter(read_at__lt=outbox_before).delete()[0],
    }


@periodic("core.retention", every=timedelta(days=1))
def retention_sweep() -> dict[str, int]:
    return prune_core()
