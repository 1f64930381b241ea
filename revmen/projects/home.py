"""The change-project parts of the home page: what is due on one's projects, the plans and
milestones waiting for one as mentor; and the menu link."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Person
from revmen.core.parts import Section, home_section, nav_item

from . import selectors
from .access import plans_visible_to
from .models import Milestone, MilestoneState, Plan, PlanState


@home_section(65)
def projects(person: Person) -> Iterator[Section]:
    today = timezone.localdate()
    own = selectors.rows(Plan.objects.filter(owner=person), today)
    due = Milestone.objects.filter(
        plan__owner=person,
        plan__approved_version__isnull=False,
        plan__stopped_at__isnull=True,
        state__in=[MilestoneState.OPEN, MilestoneState.RETURNED],
        target_date__lte=today + timedelta(days=30),
    ).select_related("plan")
    waiting = Plan.objects.filter(mentor=person, state=PlanState.SUBMITTED)
    to_confirm = Milestone.objects.filter(
        plan__mentor=person, state=MilestoneState.REPORTED, plan__stopped_at__isnull=True
    ).select_related("plan__owner")
    if own or due or waiting or to_confirm:
        yield Section(
            "projects",
            "projects/home/projects.html",
            {"own": own, "due": due, "waiting": waiting, "to_confirm": to_confirm},
        )


@nav_item(40, _("Change projects"), "project_list")
def show_projects(person: Person) -> bool:
    return person.is_authenticated and plans_visible_to(person).exists()
