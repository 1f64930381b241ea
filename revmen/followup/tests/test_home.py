"""The alumni part of the home page: what is due, the change project, after the batch closed."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from revmen.accounts.models import Person
from revmen.projects import services as projects
from revmen.projects.models import Term
from revmen.projects.tests.helpers import PLAN_DATA

from ..scheduler import followup_run
from ..services import peer_add
from .helpers import DUE_3, FollowupTestCase


class AlumniHomeTests(FollowupTestCase):
    def home(self, person: Person) -> str:
        self.login(person)
        return self.client.get(reverse("home")).content.decode()

    def test_it_lists_the_self_assessment_the_mentor_and_the_peer_questionnaires(self) -> None:
        followup_run(DUE_3)
        round_ = self.round_of()
        peer_add(round_=round_, by=self.participant, name="Orang", email=self.outsider.email)
        mine = self.home(self.participant)
        assert 'data-role="self"' in mine
        # Fewer than three peers: choosing them is due too, on the round's page.
        assert f'data-role="peers"><a href="/followup/rounds/{round_.pk}/"' in mine
        for i in range(2, 4):
            peer_add(round_=round_, by=self.participant, name=f"R{i}", email=f"r{i}@x.id")
        assert 'data-role="peers"' not in self.home(self.participant)
        assert 'data-role="mentor"' in self.home(self.mentor)
        outsider = self.home(self.outsider)
        assert 'data-role="peer"' in outsider and "/followup/peer/" in outsider
        # A peer sees the questionnaire, never the round.
        assert f"/followup/rounds/{round_.pk}/" not in outsider

    def test_it_shows_the_change_project_with_its_pending_milestones(self) -> None:
        plan = projects.plan_create(
            enrolment=self.enrolment, actor=self.participant, data=dict(PLAN_DATA)
        )
        milestone = projects.milestone_add(
            plan=plan,
            actor=self.participant,
            term=Term.SHORT,
            title="SOP rujukan baru",
            indicator="Hari tunggu rujukan",
            target_date=DUE_3 + timedelta(days=30),
        )
        page = self.home(self.participant)
        assert f'data-project="{plan.pk}"' in page
        assert f'data-milestone="{milestone.pk}"' in page

    def test_nobody_without_a_closed_batch_or_a_questionnaire_gets_the_part(self) -> None:
        assert 'data-alumni-batch="' not in self.home(self.outsider)
        self.batch.closed_at = None
        self.batch.save(update_fields=["closed_at"])
        assert f'data-alumni-batch="{self.batch.code}"' not in self.home(self.participant)

    def test_the_alumnus_sees_their_closed_batch_and_journal(self) -> None:
        page = self.home(self.participant)
        assert f'data-alumni-batch="{self.batch.code}"' in page
        assert f'href="{reverse("journal")}"' in page

    def test_it_links_the_valid_certificate_to_its_verification_page(self) -> None:
        from decimal import Decimal

        from revmen.certificates.services import certificate_issue

        certificate = certificate_issue(
            enrolment=self.enrolment,
            outcome="lulus",
            predicate="Memuaskan",
            final_score=Decimal("85.5"),
            issued_by=self.organiser,
        )
        assert reverse("certificate_verify", args=[certificate.token]) in self.home(
            self.participant
        )
