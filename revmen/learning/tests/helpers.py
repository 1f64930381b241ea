"""Personas plus what the journal needs: a coach of Ani's group, a session, a prompt, and a
second batch with its own participant."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from revmen.accounts.models import Person
from revmen.front.testing import BaseTestCase
from revmen.training.models import Batch, BatchRole, Enrolment, Group, Session

from ..models import Prompt


class LearningTestCase(BaseTestCase):
    coach: Person
    other_participant: Person
    other_batch: Batch
    group: Group
    session: Session
    prompt: Prompt

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make = cls.make_person
        cls.coach = make("Coach Kelompok", "197808082003121008", cls.institute)
        Enrolment.objects.create(batch=cls.batch, person=cls.coach, role=BatchRole.COACH)
        cls.group = Group.objects.create(batch=cls.batch, name="Kelompok 1", coach=cls.coach)
        Enrolment.objects.filter(batch=cls.batch, person=cls.participant).update(group=cls.group)
        cls.other_batch = Batch.objects.create(
            programme=cls.batch.programme,
            code="PRM-T-II",
            name="Angkatan II",
            start_date=cls.batch.start_date,
            end_date=cls.batch.end_date,
        )
        cls.other_participant = make("Peserta Lain", "199203032017012003", cls.agency_c)
        Enrolment.objects.create(
            batch=cls.other_batch, person=cls.other_participant, role=BatchRole.PARTICIPANT
        )
        cls.session = cls.make_session(cls.batch, hours_ago=3)
        cls.prompt = Prompt.objects.create(
            session=cls.session,
            text="Apa yang Anda rasakan saat mendengar kisah itu?",
            deadline=timezone.now() + timedelta(days=2),
            created_by=cls.facilitator,
        )

    @classmethod
    def make_session(cls, batch: Batch, *, hours_ago: float, title: str = "Integritas") -> Session:
        start = timezone.now() - timedelta(hours=hours_ago)
        return Session.objects.create(
            batch=batch, title=title, starts_at=start, ends_at=start + timedelta(hours=2), jp=2
        )
