"""The training parts of the home page: the organiser's batches and one section per batch role
(participant, alumni, facilitator, coach, examiner, mentor)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind
from revmen.core.parts import Section, home_section

from .access import BATCH_STAFF
from .models import Batch, BatchRole, Enrolment
from .selectors import participant_overview

ROLE_ORDER = [
    BatchRole.PARTICIPANT,
    "alumni",
    BatchRole.FACILITATOR,
    BatchRole.COACH,
    BatchRole.EXAMINER,
    BatchRole.MENTOR,
]


@home_section(30)
def organiser(person: Person) -> Iterator[Section]:
    for role in access.roles_of(person, RoleKind.ORGANISER):
        batches = (
            Batch.objects.filter(programme__institute=role.agency)
            .select_related("programme")
            .annotate(
                participants=Count(
                    "enrolments",
                    filter=Q(enrolments__role=BatchRole.PARTICIPANT, enrolments__is_active=True),
                )
            )
            .order_by("-start_date")[:10]
        )
        yield Section(
            "organiser", "training/home/organiser.html", {"agency": role.agency, "batches": batches}
        )


@home_section(60)
def batch_roles(person: Person) -> Iterator[Section]:
    enrolments = (
        Enrolment.objects.filter(person=person, is_active=True)
        .select_related("batch__programme")
        .order_by("-batch__start_date")
    )
    by_role: dict[str, list[Enrolment]] = {}
    for enrolment in enrolments:
        role = str(enrolment.role)
        if role == BatchRole.PARTICIPANT and enrolment.batch.is_closed:
            role = "alumni"
        by_role.setdefault(role, []).append(enrolment)
    for role in ROLE_ORDER:
        if role not in by_role:
            continue
        context: dict[str, Any] = {"enrolments": by_role[role], "staff": role in BATCH_STAFF}
        if role == BatchRole.PARTICIPANT:
            context["overviews"] = participant_overview(by_role[role])
        yield Section(str(role), "training/home/batch_role.html", context)
