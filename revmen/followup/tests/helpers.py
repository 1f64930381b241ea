"""Shared set-up of the follow-up tests: a closed batch with two alumni, one with a mentor."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from revmen.front.testing import BaseTestCase
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.models import Item
from revmen.training.models import BatchRole, Enrolment

from ..models import Plan, Round
from ..services import JAKARTA, add_months

# Relative to the real day, so that a round opened at +3 months is open now: the answer
# engine checks its window against the real clock, the scheduler against --now.
CLOSED = timezone.localdate(timezone=JAKARTA) - timedelta(days=95)
DUE_3 = add_months(CLOSED, 3)


class FollowupTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        call_command("instruments", "load-library", verbosity=0, stdout=StringIO())
        cls.batch.closed_at = datetime.combine(CLOSED, time(15), tzinfo=JAKARTA)
        cls.batch.save(update_fields=["closed_at"])
        cls.enrolment = Enrolment.objects.get(
            batch=cls.batch, person=cls.participant, role=BatchRole.PARTICIPANT
        )
        cls.enrolment.mentor = cls.mentor
        cls.enrolment.save(update_fields=["mentor"])

    def set_plan(self, **fields: object) -> Plan:
        plan, _ = Plan.objects.update_or_create(programme=self.batch.programme, defaults=fields)
        return plan

    def round_of(self, enrolment: Enrolment | None = None, months: int = 3) -> Round:
        return Round.objects.get(enrolment=enrolment or self.enrolment, offset_months=months)


def sheet(round_: Round, value: int) -> AnswerSheet:
    """A full answer sheet: every likert item ``value``."""
    items = list(Item.objects.filter(version=round_.administration.version).order_by("position"))
    result = AnswerSheet.empty(len(items))
    for item in items:
        if item.kind == "likert":
            result.values[item.position] = value
    return result
