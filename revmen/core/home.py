"""What the home page shows: one section per role the signed-in person holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from revmen.accounts import access
from revmen.accounts.models import Agency, Person, RoleKind
from revmen.accounts.selectors import unit_tree
from revmen.instruments.selectors import pending_for
from revmen.training.models import Batch, BatchRole, Enrolment
from revmen.training.selectors import participant_overview


@dataclass
class Section:
    role: str
    context: dict[str, Any] = field(default_factory=dict)


def home_sections(person: Person) -> list[Section]:
    sections: list[Section] = []
    pending = pending_for(person)
    if pending:
        sections.append(Section("questionnaires", {"pending": pending}))
    if access.is_platform_admin(person):
        sections.append(
            Section(
                "platform_admin",
                {
                    "agencies": Agency.objects.count(),
                    "people": Person.objects.count(),
                    "batches": Batch.objects.count(),
                },
            )
        )
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
        sections.append(Section("organiser", {"agency": role.agency, "batches": batches}))
    for kind in (RoleKind.AGENCY_ADMIN, RoleKind.CULTURE_ADMIN):
        for role in access.roles_of(person, kind):
            agency = role.agency
            assert agency is not None
            sections.append(
                Section(
                    kind,
                    {
                        "agency": agency,
                        "units": agency.units.filter(parent__isnull=False).count(),
                        "people": agency.people.count(),
                    },
                )
            )
    for role in access.roles_of(person, RoleKind.HEAD_OF_UNIT):
        assert role.unit is not None
        units = role.unit.agency.units.subtree(role.unit)  # type: ignore[attr-defined]
        sections.append(Section("head_of_unit", {"unit": role.unit, "tree": unit_tree(units)}))
    sections.extend(_batch_sections(person))
    return sections


def _batch_sections(person: Person) -> list[Section]:
    enrolments = (
        Enrolment.objects.filter(person=person, is_active=True)
        .select_related("batch__programme")
        .order_by("-batch__start_date")
    )
    by_role: dict[str, list[Enrolment]] = {}
    for enrolment in enrolments:
        role = enrolment.role
        if role == BatchRole.PARTICIPANT and enrolment.batch.is_closed:
            role = "alumni"
        by_role.setdefault(role, []).append(enrolment)
    order = [
        BatchRole.PARTICIPANT,
        "alumni",
        BatchRole.FACILITATOR,
        BatchRole.COACH,
        BatchRole.EXAMINER,
        BatchRole.MENTOR,
    ]
    sections = []
    for role in order:
        if role not in by_role:
            continue
        context: dict[str, Any] = {"enrolments": by_role[role]}
        if role == BatchRole.PARTICIPANT:
            context["overviews"] = participant_overview(by_role[role])
        sections.append(Section(str(role), context))
    return sections
