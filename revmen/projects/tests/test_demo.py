"""The demo has plans in every workflow state and projects in every status, with trails
spread over a believable history."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from revmen.projects import selectors
from revmen.projects.demo import TITLES
from revmen.projects.models import Plan, Report
from revmen.projects.status import STATUSES

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_state_and_status(settings: pytest.FixtureRequest) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("demo")
    today = timezone.localdate()
    plans = list(selectors.with_related(Plan.objects.all()))
    assert {p.state for p in plans} == {"draft", "submitted", "returned", "approved"}
    assert {selectors.plan_status(p, today) for p in plans} >= set(STATUSES)
    assert any(p.version == 2 and p.state == "submitted" for p in plans)  # resubmitted
    # The trails read as a history, not one moment (one demo load for both: it is slow).
    now = timezone.now()
    for plan in Plan.objects.all():
        times = list(plan.steps.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times) and times[-1] < now, plan
        assert plan.created_at == times[0]
        for report in Report.objects.filter(milestone__plan=plan):
            assert report.created_at in times
    (completed,) = [
        p
        for p in Plan.objects.filter(title=TITLES[3])
        if selectors.plan_status(p, today) == "completed"
    ]
    days = [s.at.date() for s in completed.steps.order_by("pk")]
    assert (days[-1] - days[0]).days > 30  # written in training, carried out for weeks after
    for milestone in completed.milestones.all():
        assert milestone.confirmed_at is not None
        assert abs((milestone.confirmed_at.date() - milestone.target_date).days) <= 10
    assert completed.versions.get().approved_at in [s.at for s in completed.steps.all()]
