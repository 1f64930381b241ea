"""Reaction evaluations: opened when the last session has ended, anonymous, and shown per
facilitator and for the organiser only with at least k answers and once the grades are final."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from revmen.grading import reactions
from revmen.grading.models import Reaction
from revmen.grading.testing import enrol
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.models import Invitation
from revmen.instruments.services import response_submit, token_hand_out
from revmen.training.models import Batch

from .test_services import GradingCase


class ReactionTests(GradingCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.more = [
            cls.make_person(f"Peserta {i}", f"19920{i}052016031{i:03d}", cls.agency_a)
            for i in range(1, 5)
        ]
        for person in cls.more:
            enrol(cls.batch, person)

    def answer(self, reaction: Reaction, people: list, value: int) -> None:  # type: ignore[type-arg]
        administration = reaction.administration
        n = administration.version.items.count()
        for person in people:
            for invitation in Invitation.objects.filter(
                administration=administration, person=person
            ):
                key = token_hand_out(invitation=invitation)
                assert key is not None
                response_submit(
                    administration=administration,
                    sheet=AnswerSheet(values=[value] * n),
                    key=key,
                    subject=invitation.subject,
                )

    def test_the_periodic_job_opens_them_once_after_the_last_session(self) -> None:
        assert reactions.reactions_due() == 1  # the batch's one session has ended
        assert reactions.reactions_due() == 0
        made = Reaction.objects.filter(batch=self.batch)
        assert made.count() == 2
        facilitators = made.get(about_facilitators=True).administration
        assert facilitators.identity == "anonymous"
        assert set(facilitators.invitations.values_list("subject", flat=True)) == {
            self.facilitator.pk,
            self.facilitator2.pk,
        }
        with self.assertRaisesMessage(ValidationError, reactions.ERR_OPEN_ALREADY):
            reactions.reactions_open(batch=self.batch, by=self.organiser)

    def test_results_need_k_answers_and_final_grades_and_name_nobody(self) -> None:
        opened = reactions.reactions_open(batch=self.batch, by=self.organiser)
        about, organiser = sorted(opened, key=lambda r: not r.about_facilitators)
        everyone = [self.participant, self.participant2, *self.more]
        self.answer(about, everyone, 4)  # 6 answers about each facilitator
        self.answer(organiser, everyone[:4], 3)  # 4 about the organiser: below k = 5
        results = reactions.results(self.batch)
        assert [r.shown for r in results] == [False, False, False]  # grades not final
        Batch.objects.filter(pk=self.batch.pk).update(closed_at=timezone.now())
        self.batch.refresh_from_db()
        results = {r.about: r for r in reactions.results(self.batch)}
        budi = results[self.facilitator.name]
        assert (budi.n, budi.shown, budi.mean) == (6, True, 4.0)
        assert budi.items[0].categories[-1] == ("Sangat Baik", 6)
        assert [label for label, _n in budi.items[0].categories] == [
            "Kurang",
            "Cukup",
            "Baik",
            "Sangat Baik",
        ]
        assert not results[""].shown  # the organiser: 4 answers
        assert results[""].items == []
        names = {p.name for p in everyone}
        assert not names & set(results)
