from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from revmen.core import periodic
from revmen.core.models import AuditEntry, Job, Notice, OutboxMessage
from revmen.core.retention import prune_core
from revmen.front.testing import BaseTestCase


@override_settings(RETENTION_TASK_DAYS=30, RETENTION_OUTBOX_DAYS=90)
class CoreRetentionTests(BaseTestCase):
    def setUp(self) -> None:
        self.now = timezone.now()
        self.long_ago = self.now - timedelta(days=91)
        self.lately = self.now - timedelta(days=5)
        AuditEntry.objects.create(  # ten years old (the trail refuses UPDATEs on PostgreSQL)
            actor=self.admin,
            action="accounts.person.update",
            object_type="accounts.person",
            object_id=str(self.participant.pk),
            note="kept for ever",
            at=self.long_ago - timedelta(days=3650),
        )

    def job(self, status: str, finished: object, updated: object = None) -> Job:
        return Job.objects.create(
            kind="agencies",
            owner=self.admin,
            status=status,
            finished_at=finished,
            updated_at=updated or finished or self.now,
            content=b"NIP,nama\n",
            file=b"xlsx",
        )

    def test_it_deletes_jobs_and_their_files_after_the_period(self) -> None:
        old = self.job(Job.Status.DONE, self.now - timedelta(days=31))
        failed = self.job(Job.Status.FAILED, self.now - timedelta(days=31))
        stalled = self.job(Job.Status.RUNNING, None, self.now - timedelta(days=31))
        recent = self.job(Job.Status.DONE, self.lately)
        queued = self.job(Job.Status.QUEUED, None)
        self.assertEqual(prune_core()["jobs"], 3)
        self.assertEqual(set(Job.objects.values_list("pk", flat=True)), {recent.pk, queued.pk})
        self.assertFalse(Job.objects.filter(pk__in=[old.pk, failed.pk, stalled.pk]).exists())

    def test_it_deletes_sent_email_and_read_notices_after_the_period(self) -> None:
        def message(status: str, when: object) -> OutboxMessage:
            return OutboxMessage.objects.create(
                address="a@x.go.id",
                subject="s",
                text="t",
                status=status,
                sent_at=when if status == OutboxMessage.Status.SENT else None,
                next_attempt_at=when,
            )

        message(OutboxMessage.Status.SENT, self.long_ago)
        message(OutboxMessage.Status.FAILED, self.long_ago)
        kept = [
            message(OutboxMessage.Status.SENT, self.lately),
            message(OutboxMessage.Status.QUEUED, self.long_ago),
        ]
        Notice.objects.create(person=self.participant, subject="read", read_at=self.long_ago)
        unread = Notice.objects.create(person=self.participant, subject="unread")
        Notice.objects.filter(pk=unread.pk).update(created_at=self.long_ago)
        counts = prune_core()
        self.assertEqual((counts["outbox"], counts["notices"]), (2, 1))
        self.assertEqual(
            set(OutboxMessage.objects.values_list("pk", flat=True)), {m.pk for m in kept}
        )
        self.assertEqual(list(Notice.objects.values_list("subject", flat=True)), ["unread"])

    def test_it_never_deletes_the_audit_trail(self) -> None:
        prune_core()
        self.assertEqual(AuditEntry.objects.filter(note="kept for ever").count(), 1)

    def test_the_daily_job_is_registered_and_runs(self) -> None:
        self.job(Job.Status.DONE, self.now - timedelta(days=31))
        self.assertIn("core.retention", periodic.run_due())
        self.assertFalse(Job.objects.exists())
