"""Reads: a plan's status (through the pure ``status`` module), the lists of projects."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from . import status as st
from .models import Milestone, MilestoneState, Plan

STATUS_LABELS = {
    st.PLANNING: _("Planning"),
    st.ON_TRACK: _("On track"),
    st.LATE: _("Late"),
    st.MISSED: _("Target missed"),
    st.COMPLETED: _("Completed"),
    st.STOPPED: _("Stopped"),
}


LIST_ORDER = (st.PLANNING, *st.STATUSES)


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def _facts(milestones: list[Milestone]) -> list[st.MilestoneFacts]:
    return [
        st.MilestoneFacts(m.target_date, m.state == MilestoneState.CONFIRMED) for m in milestones
    ]


def plan_status(plan: Plan, today: date) -> str:
    """The status code (``status.py``); uses prefetched milestones when there are."""
    return st.project_status(
        _facts(list(plan.milestones.all())),
        today,
        approved=plan.approved_version is not None,
        stopped=plan.stopped_at is not None,
        grace_days=settings.PROJECTS_GRACE_DAYS,
    )


def milestone_status(milestone: Milestone, today: date) -> str:
    facts = st.MilestoneFacts(milestone.target_date, milestone.state == MilestoneState.CONFIRMED)
    return st.milestone_status(facts, today, settings.PROJECTS_GRACE_DAYS)


def with_related(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    return plans.select_related(
        "owner", "mentor", "unit", "enrolment__batch__programme"
    ).prefetch_related("milestones")


@dataclass
class Row:
    plan: Plan
    status: str

    @property
    def label(self) -> str:
        return status_label(self.status)


def rows(plans: QuerySet[Plan], today: date) -> list[Row]:
    return [Row(plan, plan_status(plan, today)) for plan in with_related(plans)]


@dataclass
class BatchCounts:
    batch: Any
    counts: dict[str, int]
    rows: list[Row]

    @property
    def labelled(self) -> list[tuple[str, str, int]]:
        return [(code, status_label(code), n) for code, n in self.counts.items()]


def by_batch(plans: QuerySet[Plan], today: date) -> list[BatchCounts]:
    """Projects grouped by batch (newest first) with their status counts."""
    grouped: dict[int, list[Row]] = defaultdict(list)
    batches: dict[int, Any] = {}
    for row in rows(plans, today):
        batch = row.plan.enrolment.batch
        batches[batch.pk] = batch
        grouped[batch.pk].append(row)
    ordered = sorted(batches.values(), key=lambda b: (b.start_date, b.code), reverse=True)
    return [
        BatchCounts(b, st.count_statuses(r.status for r in grouped[b.pk]), grouped[b.pk])
        for b in ordered
    ]


@dataclass
class YearCounts:
    year: int
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def by_year(groups: list[BatchCounts]) -> list[YearCounts]:
    """The status counts of ``by_batch`` summed per year the batch started, newest first."""
    years: dict[int, dict[str, int]] = {}
    for group in groups:
        counts = years.setdefault(group.batch.start_date.year, st.count_statuses([]))
        for code, n in group.counts.items():
            counts[code] = counts.get(code, 0) + n
    return [YearCounts(year, years[year]) for year in sorted(years, reverse=True)]


def plan_detail(pk: int) -> Plan:
    return (
        Plan.objects.select_related(
            "owner", "mentor", "unit", "service_unit", "enrolment__batch", "enrolment__group"
        )
        .prefetch_related("milestones__reports__files", "team__person", "files", "steps__actor")
        .get(pk=pk)
    )


def milestones_due(person: Any, batch: Any) -> list[Milestone]:
    """The unfinished milestones of ``person``'s approved, running project from ``batch``, by
    date (what the alumni page of ``followup`` lists)."""
    return list(
        Milestone.objects.filter(
            plan__owner=person,
            plan__enrolment__batch=batch,
            plan__approved_version__isnull=False,
            plan__stopped_at__isnull=True,
            state__in=[MilestoneState.OPEN, MilestoneState.RETURNED, MilestoneState.REPORTED],
        )
        .select_related("plan")
        .order_by("target_date", "pk")
    )
