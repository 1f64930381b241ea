"""What other apps built in parallel add to the alumni pages, when they are installed.

``learning`` (commitments, journal) and ``certificates`` publish selectors; this module asks
for them by name so that the follow-up works with or without them (a missing module or
function gives an empty part, never an error). ``projects`` is installed: its change project
and milestones are read through its selectors.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from revmen.projects import selectors as projects_selectors
from revmen.projects.models import Milestone, MilestoneState, Plan
from revmen.training.models import Enrolment


def _selector(module: str, name: str) -> Callable[..., Any] | None:
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    func = getattr(found, name, None)
    return func if callable(func) else None


def commitments_for(enrolment: Enrolment) -> list[Any]:
    """The alumnus's commitments in this batch (``learning.selectors.commitments_of``)."""
    func = _selector("revmen.learning.selectors", "commitments_of")
    return list(func(enrolment.person, enrolment.batch)) if func else []


def journal_url(enrolment: Enrolment) -> str:
    func = _selector("revmen.learning.selectors", "journal_url")
    return str(func(enrolment.person, enrolment.batch) or "") if func else ""


def certificate_url(enrolment: Enrolment) -> str:
    func = _selector("revmen.certificates.selectors", "certificate_url")
    return str(func(enrolment.person, enrolment.batch) or "") if func else ""


@dataclass
class ProjectPart:
    plan: Plan
    status: str
    label: str
    milestones: list[tuple[Milestone, str]]  # not yet confirmed, by target date, with status


def project_of(enrolment: Enrolment, today: date | None = None) -> ProjectPart | None:
    """The alumnus's change project of this batch (``revmen.projects``) and the milestones
    still to report or confirm, each with its status; ``None`` without a project."""
    today = today or timezone.localdate()
    plan = projects_selectors.with_related(
        Plan.objects.filter(enrolment=enrolment, owner=enrolment.person)
    ).first()
    if plan is None:
        return None
    status = projects_selectors.plan_status(plan, today)
    pending = sorted(
        (m for m in plan.milestones.all() if m.state != MilestoneState.CONFIRMED),
        key=lambda m: (m.target_date, m.pk),
    )
    return ProjectPart(
        plan=plan,
        status=status,
        label=projects_selectors.status_label(status),
        milestones=[(m, projects_selectors.milestone_status(m, today)) for m in pending[:5]],
    )
