"""Signed e-mail links for the mentor, who often has no account.

A link carries a payload signed with ``django.core.signing`` and a salt per purpose (reviewing a
plan, reviewing a milestone report), bound to the object, its current version or report and the
mentor's e-mail address (by a digest, see ``_bound``), and time-stamped (valid
``PROJECTS_LINK_DAYS``). It opens only while
all of that still holds: a new version, a transfer to another mentor or an answer already given
closes it. Acting on it spends it (``UsedLink`` keeps a digest of the token, never the token).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Milestone, MilestoneState, Plan, PlanState, UsedLink

PLAN_SALT = "revmen.projects.plan-review"
MILESTONE_SALT = "revmen.projects.milestone-review"


class LinkInvalid(Exception):
    """The link is forged, expired, spent, or no longer matches its object."""


@dataclass(frozen=True)
class PlanLink:
    plan: Plan
    token: str


@dataclass(frozen=True)
class MilestoneLink:
    milestone: Milestone
    report_id: int
    token: str


def max_age() -> timedelta:
    return timedelta(days=settings.PROJECTS_LINK_DAYS)


def _email(person: Any) -> str:
    return (getattr(person, "email", "") or "").strip().lower()


def _bound(person: Any) -> str:
    """The address a link is bound to, as the first 16 hex digits of its SHA-256: the URL (and
    so the web logs) never carries the address itself."""
    return hashlib.sha256(_email(person).encode()).hexdigest()[:16]


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def is_spent(token: str) -> bool:
    return UsedLink.objects.filter(digest=digest(token)).exists()


def spend(token: str) -> bool:
    """Mark the link used; ``False`` when it already was (a second click, a double submit)."""
    _link, created = UsedLink.objects.get_or_create(digest=digest(token))
    return created


def plan_token(plan: Plan) -> str:
    payload = {"p": plan.pk, "v": plan.version, "e": _bound(plan.mentor)}
    return signing.dumps(payload, salt=PLAN_SALT, compress=True)


def plan_link(plan: Plan) -> str:
    return reverse("project_plan_link", args=[plan_token(plan)])


def _load(token: str, salt: str) -> dict[str, Any]:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age())
    except signing.BadSignature:  # SignatureExpired is one
        raise LinkInvalid from None
    if not isinstance(payload, dict):
        raise LinkInvalid
    return payload


def _int(value: Any) -> int:
    if not isinstance(value, int):
        raise LinkInvalid
    return value


def open_plan_link(token: str) -> PlanLink:
    """The plan a valid, unspent link is for, still submitted at that version to that mentor."""
    payload = _load(token, PLAN_SALT)
    plan = (
        Plan.objects.select_related("mentor", "owner", "enrolment__batch")
        .filter(pk=_int(payload.get("p")))
        .first()
    )
    if (
        plan is None
        or plan.state != PlanState.SUBMITTED
        or plan.version != payload.get("v")
        or not _email(plan.mentor)
        or _bound(plan.mentor) != payload.get("e")
        or is_spent(token)
    ):
        raise LinkInvalid
    return PlanLink(plan, token)


def milestone_token(milestone: Milestone, report_id: int) -> str:
    payload = {"m": milestone.pk, "r": report_id, "e": _bound(milestone.plan.mentor)}
    return signing.dumps(payload, salt=MILESTONE_SALT, compress=True)


def milestone_link(milestone: Milestone, report_id: int) -> str:
    return reverse("project_milestone_link", args=[milestone_token(milestone, report_id)])


def open_milestone_link(token: str) -> MilestoneLink:
    """The milestone a valid, unspent link is for, still awaiting the mentor on that report."""
    payload = _load(token, MILESTONE_SALT)
    milestone = (
        Milestone.objects.select_related("plan__mentor", "plan__owner")
        .filter(pk=_int(payload.get("m")))
        .first()
    )
    if milestone is None:
        raise LinkInvalid
    latest = milestone.reports.order_by("-created_at", "-pk").values_list("pk", flat=True).first()
    if (
        milestone.state != MilestoneState.REPORTED
        or latest != payload.get("r")
        or not _email(milestone.plan.mentor)
        or _bound(milestone.plan.mentor) != payload.get("e")
        or milestone.plan.stopped_at is not None
        or is_spent(token)
    ):
        raise LinkInvalid
    return MilestoneLink(milestone, int(payload["r"]), token)
