"""The demo's follow-up: a batch closed over six months ago, +3 frozen, +6 open."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from revmen.accounts.demo import LOGINS
from revmen.accounts.models import Person
from revmen.front.demo import load_demo

from ..demo import LOGIN
from ..models import Round, Snapshot
from ..scheduler import followup_run
from ..services import add_months

pytestmark = pytest.mark.django_db


def test_the_demo_has_frozen_and_open_rounds_and_the_pages_show_them() -> None:
    today = timezone.localdate()
    load_demo(today=today)
    batch = Round.objects.first().enrolment.batch  # type: ignore[union-attr]
    assert batch.closed_at is not None and add_months(batch.end_date, 6) < today
    assert Round.objects.filter(offset_months=3).count() == 8
    assert Snapshot.objects.count() == 8
    shown = [s.figures["peers"]["shown"] for s in Snapshot.objects.order_by("round__pk")]
    assert shown.count(False) == 1
    six = Round.objects.filter(offset_months=6, snapshot__isnull=True)
    assert six.count() == 8 and all(r.administration.is_open() for r in six)
    client = Client()
    client.force_login(Person.objects.get(email=LOGIN))
    three = Round.objects.get(enrolment__person__email=LOGIN, offset_months=3)
    page = client.get(reverse("followup_round", args=[three.pk])).content.decode()
    assert 'id="comparison"' in page and 'data-scale="BP"' in page
    assert page.count("<li data-commitment=") == 2
    client.force_login(Person.objects.get(email=LOGINS["mentor"][0]))
    home = client.get(reverse("home")).content.decode()
    assert home.count('data-role="mentor"') >= 8
    # The scheduler on the demo's day: the open round's invitations, then nothing twice.
    assert followup_run(today).sent > 0
    assert followup_run(today).sent == 0


def test_the_batch_closed_six_months_ago_has_projects_in_every_status_and_a_handover() -> None:
    from revmen.projects.models import Plan, StepKind
    from revmen.projects.selectors import plan_status
    from revmen.projects.status import STATUSES

    today = timezone.localdate()
    load_demo(today=today)
    batch = Round.objects.first().enrolment.batch  # type: ignore[union-attr]
    plans = list(Plan.objects.filter(enrolment__batch=batch))
    assert {plan_status(p, today) for p in plans} == set(STATUSES)
    handed = [p for p in plans if p.steps.filter(kind=StepKind.TRANSFERRED).exists()]
    assert len(handed) == 1
    plan = handed[0]
    # The trail from before the transfer stays; the new owner and mentor are not the old ones.
    kinds = list(plan.steps.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds.index(StepKind.CONFIRMED) < kinds.index(StepKind.TRANSFERRED)
    assert plan.owner_id != plan.enrolment.person_id
    assert plan.mentor_id != plan.enrolment.mentor_id
    # Every step lies in the past, after the batch began.
    for at in plan.steps.values_list("at", flat=True):
        assert batch.start_date <= timezone.localdate(at) <= today
