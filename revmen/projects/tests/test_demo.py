"""The demo has plans in every workflow state and projects in every status."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from revmen.projects import selectors
from revmen.projects.models import Plan
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
