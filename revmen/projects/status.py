"""The status of a change project, derived from dates and confirmations: plain data in and out.

No Django here (``core/tests/test_pure_cores.py``-style rule, kept by hand): the app passes the
milestones as ``MilestoneFacts`` and gets a status code back.

Rules (issue 12), for a plan the mentor has approved:

- ``stopped`` when the project was stopped (transfer, changed priorities, …): wins over all;
- ``completed`` when every milestone is confirmed by the mentor (at least one milestone);
- ``missed`` (*target missed*) when a milestone is still unconfirmed more than ``grace_days``
  after its target date;
- ``late`` when a milestone is unconfirmed after its target date (within the grace);
- ``on_track`` otherwise (every unconfirmed milestone is still before or on its date).

A plan not yet approved is ``planning``. A confirmed milestone counts as done whenever it was
confirmed: a late confirmation ends the lateness, the trail keeps the dates.

Example: target 1 March, grace 30 days, unconfirmed: 1 March on_track, 2 March late,
1 April late (31 days is not yet past), 2 April missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

PLANNING = "planning"
ON_TRACK = "on_track"
LATE = "late"
MISSED = "missed"
COMPLETED = "completed"
STOPPED = "stopped"
STATUSES = (ON_TRACK, LATE, MISSED, COMPLETED, STOPPED)

DEFAULT_GRACE_DAYS = 30


@dataclass(frozen=True)
class MilestoneFacts:
    target_date: date
    confirmed: bool


def milestone_status(
    milestone: MilestoneFacts, today: date, grace_days: int = DEFAULT_GRACE_DAYS
) -> str:
    """``completed``, ``on_track``, ``late`` or ``missed`` for one milestone."""
    if milestone.confirmed:
        return COMPLETED
    if today <= milestone.target_date:
        return ON_TRACK
    if today > milestone.target_date + timedelta(days=grace_days):
        return MISSED
    return LATE


def project_status(
    milestones: Sequence[MilestoneFacts],
    today: date,
    *,
    approved: bool,
    stopped: bool = False,
    grace_days: int = DEFAULT_GRACE_DAYS,
) -> str:
    """The project's status code (see the module's rules)."""
    if stopped:
        return STOPPED
    if not approved:
        return PLANNING
    states = {milestone_status(m, today, grace_days) for m in milestones}
    if milestones and states == {COMPLETED}:
        return COMPLETED
    if MISSED in states:
        return MISSED
    if LATE in states:
        return LATE
    return ON_TRACK


def count_statuses(statuses: Iterable[str]) -> dict[str, int]:
    """``{status: n}`` over ``STATUSES`` and ``planning``, zeros included, in that order."""
    counts = dict.fromkeys((PLANNING, *STATUSES), 0)
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


def latest_occurrence(occurrences: Iterable[date], today: date) -> date | None:
    """The last occurrence on or before ``today``: after missed days only the latest goes out."""
    due = [day for day in occurrences if day <= today]
    return max(due) if due else None
