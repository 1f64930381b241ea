"""Reminders before milestone dates and escalation to the mentor when the alumnus is silent.

``projects_due(today)`` sends what is due as of ``today`` and returns the reminders it sent.
Each goes through ``core.notices.notify`` (the in-app notice and the e-mail in the outbox count
as one) and is keyed ``(kind, milestone, recipient, due date)`` in ``Reminder``: running twice
on a day sends nothing twice. Of the occurrences of a kind that have come (``status
.latest_occurrence``), only the latest goes out, so after missed days one reminder is sent,
not one per day missed.

Kinds, for milestones of approved, running projects not yet reported nor confirmed:

- ``upcoming`` to the owner, ``PROJECTS_REMIND_DAYS`` and 1 day before the date;
- ``overdue`` to the owner, the day after the date, then every ``PROJECTS_REMIND_DAYS``;
- ``escalation`` to the mentor, ``PROJECTS_ESCALATE_DAYS`` after the date, then again every
  ``PROJECTS_ESCALATE_DAYS``, while nothing has been reported since the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.core.notices import notify
from revmen.core.periodic import periodic

from .models import Milestone, MilestoneState, Reminder
from .status import latest_occurrence

UPCOMING = "upcoming"
OVERDUE = "overdue"
ESCALATION = "escalation"


@dataclass(frozen=True)
class Due:
    kind: str
    milestone: Milestone
    recipient: Any
    due_date: date


def _every(start: date, step: int, today: date) -> list[date]:
    if today < start:
        return []
    count = (today - start).days // step
    return [start + timedelta(days=step * n) for n in range(count + 1)]


def occurrences(milestone: Milestone, today: date, silent: bool) -> list[tuple[str, date]]:
    """The (kind, latest occurrence) pairs due for this milestone as of ``today``."""
    target = milestone.target_date
    remind = max(settings.PROJECTS_REMIND_DAYS, 1)
    escalate = max(settings.PROJECTS_ESCALATE_DAYS, 1)
    found: list[tuple[str, date]] = []
    if today <= target:
        day = latest_occurrence(
            [target - timedelta(days=remind), target - timedelta(days=1)], today
        )
        if day is not None:
            found.append((UPCOMING, day))
        return found
    day = latest_occurrence(_every(target + timedelta(days=1), remind, today), today)
    if day is not None:
        found.append((OVERDUE, day))
    if silent:
        day = latest_occurrence(_every(target + timedelta(days=escalate), escalate, today), today)
        if day is not None:
            found.append((ESCALATION, day))
    return found


def due_reminders(today: date) -> list[Due]:
    milestones = (
        Milestone.objects.filter(
            plan__approved_version__isnull=False,
            plan__stopped_at__isnull=True,
            state__in=[MilestoneState.OPEN, MilestoneState.RETURNED],
            target_date__lte=today + timedelta(days=max(settings.PROJECTS_REMIND_DAYS, 1)),
        )
        .select_related("plan__owner", "plan__mentor")
        .prefetch_related("reports")
    )
    due = []
    for milestone in milestones:
        silent = not any(
            r.created_at.date() >= milestone.target_date for r in milestone.reports.all()
        )
        for kind, day in occurrences(milestone, today, silent):
            recipient = milestone.plan.mentor if kind == ESCALATION else milestone.plan.owner
            if recipient is not None:
                due.append(Due(kind, milestone, recipient, day))
    return due


def _send(item: Due) -> None:
    milestone, plan = item.milestone, item.milestone.plan
    values = {"title": milestone.title, "date": milestone.target_date.isoformat()}
    if item.kind == UPCOMING:
        subject = _("Milestone due on %(date)s: %(title)s") % values
        text = _("Report your progress with evidence by the milestone's date.")
    elif item.kind == OVERDUE:
        subject = _("Milestone past its date: %(title)s") % values
        text = _("The milestone's date (%(date)s) has passed: report your progress.") % values
    else:
        subject = _("No progress reported: %(title)s") % values
        text = _(
            "%(owner)s has reported nothing on this milestone of their change project since "
            "its date (%(date)s). A word from you as their mentor may help."
        ) % {**values, "owner": plan.owner.name}
    notify(item.recipient, subject, text, link=f"/projects/{plan.pk}/")


def projects_due(today: date) -> list[Due]:
    """Send every reminder due as of ``today`` that was not sent before; return those sent."""
    sent = []
    for item in due_reminders(today):
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    kind=item.kind,
                    milestone=item.milestone,
                    recipient=item.recipient,
                    due_date=item.due_date,
                )
                _send(item)
        except IntegrityError:  # sent already (this run's twin or an earlier run)
            continue
        sent.append(item)
    return sent


@periodic("projects.reminders", every=timedelta(hours=1))
def projects_reminders() -> int:
    return len(projects_due(timezone.localdate()))
