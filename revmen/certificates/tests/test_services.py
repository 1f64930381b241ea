from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import override_settings

from revmen.certificates.models import Certificate, IssuerProfile, Kind, Status
from revmen.certificates.services import (
    ERR_DEFERRED,
    ERR_NOT_VALID,
    ERR_OTHER_OUTCOME,
    certificate_issue,
    certificate_revoke,
    certificate_supersede,
)
from revmen.core.models import AuditEntry
from revmen.front.testing import BaseTestCase
from revmen.training.models import Enrolment


class IssueTests(BaseTestCase):
    def enrolment(self, person=None) -> Enrolment:
        return Enrolment.objects.get(batch=self.batch, person=person or self.participant)

    def issue(self, person=None, outcome="lulus", predicate="Memuaskan", score="85.5"):
        return certificate_issue(
            enrolment=self.enrolment(person),
            outcome=outcome,
            predicate=predicate if outcome == "lulus" else None,
            final_score=Decimal(score),
            issued_by=self.organiser,
        )

    def test_it_issues_an_sttpp_with_a_snapshot_and_a_gapless_number(self) -> None:
        first = self.issue()
        second = self.issue(self.participant2, outcome="tidak_lulus")
        year = first.issued_at.year
        self.assertEqual(first.number, f"{self.institute.code}/PRM-T/{year}/0001")
        self.assertEqual(second.number.rsplit("/", 1)[1], "0002")
        self.assertEqual((first.kind, second.kind), (Kind.STTPP, Kind.ATTENDANCE))
        self.assertEqual(first.nip, self.participant.nip)
        self.assertEqual(first.instansi, self.agency_a.name)
        self.assertTrue(AuditEntry.objects.filter(action="certificates.certificate.issue").exists())

    def test_it_is_idempotent_and_refuses_another_outcome(self) -> None:
        first = self.issue()
        self.assertEqual(self.issue().pk, first.pk)
        with self.assertRaisesMessage(ValidationError, ERR_OTHER_OUTCOME):
            self.issue(outcome="tidak_lulus")
        self.assertEqual(Certificate.objects.count(), 1)

    def test_it_refuses_a_deferred_participant(self) -> None:
        with self.assertRaisesMessage(ValidationError, ERR_DEFERRED):
            self.issue(outcome="ditunda")

    def test_superseding_gives_a_new_number_and_keeps_the_old(self) -> None:
        old = self.issue()
        new = certificate_supersede(
            certificate=old,
            outcome="lulus",
            predicate="Sangat Memuaskan",
            final_score=Decimal("92"),
            reason="salah hitung",
            by=self.organiser,
        )
        old.refresh_from_db()
        self.assertEqual(old.status, Status.SUPERSEDED)
        self.assertEqual(old.superseded_by_id, new.pk)
        self.assertNotEqual(old.number, new.number)
        entry = AuditEntry.objects.get(action="certificates.certificate.supersede")
        self.assertEqual(entry.before["status"], "valid")
        self.assertEqual(entry.note, "salah hitung")
        with self.assertRaisesMessage(ValidationError, ERR_NOT_VALID):
            certificate_revoke(certificate=old, reason="x", by=self.organiser)

    def test_revoking_then_issuing_again(self) -> None:
        old = self.issue()
        certificate_revoke(certificate=old, reason="dibatalkan", by=self.organiser)
        self.assertEqual(Certificate.objects.get(pk=old.pk).status, Status.REVOKED)
        self.assertNotEqual(self.issue().pk, old.pk)

    def test_a_profile_sets_the_pattern_and_signatory(self) -> None:
        IssuerProfile.objects.create(
            institute=self.institute,
            number_pattern="STTPP-{batch}-{seq:03d}",
            signatory_name="Dr. Kepala",
            place="Jakarta",
        )
        cert = self.issue()
        self.assertEqual(cert.number, "STTPP-PRM-T-I-001")
        self.assertEqual((cert.signatory_name, cert.place), ("Dr. Kepala", "Jakarta"))

    @override_settings(CERTIFICATE_NUMBER_PATTERN="{institute}/{nope}")
    def test_a_bad_pattern_is_a_clear_error(self) -> None:
        with self.assertRaises(ValidationError):
            self.issue()
