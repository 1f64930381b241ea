from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from revmen.core import periodic
from revmen.core.audit import audit
from revmen.core.models import AuditEntry
from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Draft, Invitation, Response, Token, UsedToken
from revmen.instruments.retention import prune_instruments
from revmen.instruments.tests.helpers import administer, attitude_version


@override_settings(RETENTION_DRAFT_DAYS=30, RETENTION_TOKEN_DAYS=30)
class InstrumentRetentionTests(BaseTestCase):
    def setUp(self) -> None:
        version = attitude_version()
        now = timezone.now()

        def closed(days: int, identity: str):  # type: ignore[no-untyped-def]
            return administer(
                version,
                batch=self.batch,
                identity=identity,
                opens_at=now - timedelta(days=days + 7),
                closes_at=now - timedelta(days=days),
            )

        self.old_anonymous = closed(31, "anonymous")
        self.recent_anonymous = closed(29, "anonymous")
        self.old_identified = closed(31, "identified")
        self.open = administer(version, batch=self.batch, identity="anonymous")
        for administration in [self.old_identified, self.open, self.old_anonymous]:
            Draft.objects.create(
                administration=administration, person=self.participant, answers=b"\x01"
            )
        Response.objects.create(
            administration=self.old_identified,
            respondent=self.participant2,
            answers=b"\x02",
            submitted_on=timezone.localdate(),
        )
        audit(self.admin, "accounts.person.update", self.participant)
        # Open-link tokens and the hashes of used keys (batch keys are never stored unused).
        for n, administration in enumerate([self.old_anonymous, self.recent_anonymous, self.open]):
            Token.objects.create(administration=administration, token_hash=f"unused-{n}")
            UsedToken.objects.create(administration=administration, token_hash=f"used-{n}")

    def test_it_deletes_drafts_of_administrations_closed_long_ago(self) -> None:
        counts = prune_instruments()
        self.assertEqual(counts["drafts"], 2)
        self.assertEqual(
            list(Draft.objects.values_list("administration", flat=True)), [self.open.pk]
        )

    def test_it_deletes_unused_tokens_and_anonymous_invitations_past_the_period(self) -> None:
        self.assertTrue(Token.objects.filter(administration=self.old_anonymous).exists())
        prune_instruments()
        self.assertFalse(Token.objects.filter(administration=self.old_anonymous).exists())
        self.assertFalse(Invitation.objects.filter(administration=self.old_anonymous).exists())
        self.assertTrue(Token.objects.filter(administration=self.recent_anonymous).exists())
        self.assertTrue(Token.objects.filter(administration=self.open).exists())
        used = set(UsedToken.objects.values_list("administration_id", flat=True))
        self.assertEqual(used, {self.recent_anonymous.pk, self.open.pk})

    def test_it_keeps_identified_invitations_responses_and_the_audit_trail(self) -> None:
        invited = Invitation.objects.filter(administration=self.old_identified).count()
        audited = AuditEntry.objects.count()
        self.assertGreater(invited, 0)
        prune_instruments()
        self.assertEqual(
            Invitation.objects.filter(administration=self.old_identified).count(), invited
        )
        self.assertEqual(Response.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.count(), audited)

    def test_the_daily_job_is_registered_and_runs(self) -> None:
        self.assertIn("instruments.retention", periodic.JOBS)
        self.assertIn("instruments.retention", periodic.run_due())
        self.assertEqual(Draft.objects.count(), 1)
