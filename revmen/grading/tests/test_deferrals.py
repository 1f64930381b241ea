"""The periodic job that turns a Ditunda past its deadline into Tidak Lulus: idempotent,
audited, the participant told, the attendance certificate issued in a closed batch."""

from __future__ import annotations

from datetime import timedelta

from revmen.core.models import AuditEntry, Notice
from revmen.core.periodic import JOBS
from revmen.grading import deferrals, services
from revmen.training.models import Outcome

from .test_services import HAS_CERTIFICATES, GradingCase


class DeferralExpiryTests(GradingCase):
    def closed_with_a_ditunda(self) -> None:
        self.score_everyone()  # the examiner scores only the first participant
        services.grades_compute(batch=self.batch)
        services.grades_release(batch=self.batch, by=self.organiser)
        services.batch_close(batch=self.batch, by=self.organiser)

    def test_it_is_registered_as_a_periodic_job(self) -> None:
        assert JOBS["grading.deferrals"].run is deferrals.deferrals_expire

    def test_on_the_deadline_day_nothing_changes(self) -> None:
        self.closed_with_a_ditunda()
        rudi = self.grade_of(self.participant2)
        assert rudi.outcome == Outcome.DEFERRED and rudi.deadline is not None
        assert deferrals.deferrals_expire(today=rudi.deadline) == 0
        rudi.refresh_from_db()
        assert rudi.outcome == Outcome.DEFERRED

    def test_the_day_after_it_is_tidak_lulus_once_audited_and_told(self) -> None:
        self.closed_with_a_ditunda()
        rudi = self.grade_of(self.participant2)
        deadline = rudi.deadline
        assert deadline is not None
        day_after = deadline + timedelta(days=1)
        assert deferrals.deferrals_expire(today=day_after) == 1
        assert deferrals.deferrals_expire(today=day_after) == 0  # idempotent
        rudi.refresh_from_db()
        assert (rudi.outcome, rudi.reasons, rudi.deadline) == (
            Outcome.FAILED,
            ["deadline"],
            None,
        )
        assert rudi.missing == [self.c["proyek"].pk]
        entries = AuditEntry.objects.filter(action=deferrals.ACTION)
        assert entries.count() == 1
        entry = entries.get()
        assert entry.actor is None  # the system
        assert entry.object_id == str(rudi.pk)
        assert entry.before["outcome"] == Outcome.DEFERRED
        assert entry.after["outcome"] == Outcome.FAILED
        assert entry.before["deadline"] == deadline.isoformat()
        assert Notice.objects.filter(person=self.participant2, link__contains="/me/").exists()
        # the first participant's Lulus is untouched
        assert self.grade_of(self.participant).outcome == Outcome.PASSED

    def test_a_completed_ditunda_is_not_expired(self) -> None:
        self.closed_with_a_ditunda()
        rudi = services.grade_complete_deferred(
            grade=self.grade_of(self.participant2),
            scores={self.c["proyek"]: "85"},
            by=self.organiser,
        )
        assert rudi.outcome == Outcome.PASSED
        later = services._deadline(self.batch, services.settings_for(self.batch.programme))
        assert deferrals.deferrals_expire(today=later + timedelta(days=5)) == 0
        rudi.refresh_from_db()
        assert rudi.outcome == Outcome.PASSED
        assert not AuditEntry.objects.filter(action=deferrals.ACTION).exists()

    def test_an_expired_ditunda_of_a_closed_batch_gets_the_attendance_certificate(self) -> None:
        if not HAS_CERTIFICATES:
            self.skipTest("revmen.certificates offers no certificate_issue yet")
        from revmen.certificates.models import Certificate

        self.closed_with_a_ditunda()
        rudi = self.grade_of(self.participant2)
        assert not Certificate.objects.filter(enrolment__person=self.participant2).exists()
        assert rudi.deadline is not None
        deferrals.deferrals_expire(today=rudi.deadline + timedelta(days=1))
        rudi.refresh_from_db()
        certificate = Certificate.objects.get(enrolment__person=self.participant2)
        assert certificate.outcome == "tidak_lulus"
        assert rudi.certificate_id == certificate.pk
