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
from .selectors import participant_overview, timetable

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
    mentees = _mentees(person)
    if mentees:
        by_role.setdefault(BatchRole.MENTOR, [])
    for role in ROLE_ORDER:
        if role not in by_role:
            continue
        context: dict[str, Any] = {"enrolments": by_role[role], "staff": role in BATCH_STAFF}
        if role == BatchRole.PARTICIPANT:
            context["overviews"] = participant_overview(by_role[role])
        if role == "alumni":
            # What is theirs today: each finished batch with their attendance record; the
            # outcomes and change-project work adds grades, certificates and the project here.
            context["records"] = [
                (e, timetable(e.batch, person)[1]) for e in by_role[role] if e.batch.is_closed
            ]
        if role == BatchRole.MENTOR:
            context["mentees"] = mentees
        yield Section(str(role), "training/home/batch_role.html", context)


def _mentees(person: Person) -> list[tuple[Enrolment, Any]]:
    """The participants this person is the mentor (superior) of, newest batch first, each with
    their attendance so far: a superior sees whether their colleague is on course."""
    enrolments = (
        Enrolment.objects.filter(mentor=person, role=BatchRole.PARTICIPANT, is_active=True)
        .select_related("batch__programme", "person__unit")
        .order_by("-batch__start_date", "person__name")
    )
    return [(e, timetable(e.batch, e.person_id)[1]) for e in enrolments]
