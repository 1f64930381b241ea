"""Grading's parts of the home page: the organiser's grading boards, a rater's scoring, a
participant's released results."""

from __future__ import annotations

from collections.abc import Iterator

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind
from revmen.core.parts import Section, home_section
from revmen.training.models import Batch, BatchRole, Enrolment

from .selectors import rated_batches


@home_section(65)
def grading(person: Person) -> Iterator[Section]:
    institutes = [role.agency for role in access.roles_of(person, RoleKind.ORGANISER)]
    boards = list(
        Batch.objects.filter(programme__institute__in=institutes, closed_at__isnull=True).order_by(
            "-start_date"
        )[:10]
    )
    if boards:
        yield Section("grading-organiser", "grading/home/organiser.html", {"batches": boards})
    rated = rated_batches(person)
    if rated:
        yield Section("grading-rater", "grading/home/rater.html", {"batches": rated})
    released = list(
        Enrolment.objects.filter(
            person=person,
            role=BatchRole.PARTICIPANT,
            batch__grading__released_at__isnull=False,
        ).select_related("batch", "grade")
    )
    if released:
        yield Section(
            "grading-participant", "grading/home/participant.html", {"enrolments": released}
        )
