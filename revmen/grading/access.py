"""Who may do what with grades. Outsiders get 404 everywhere.

- organiser of the batch's institute (and the platform admin): the grading board, release,
  objections, closing, corrections, reports, reaction results;
- a rater (facilitator, examiner, coach, mentor): the participants a rubric invites them to
  score, nothing else of the grades;
- a participant: their own grade, once released, and their objections.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from revmen.accounts.access import person_of
from revmen.accounts.models import Person
from revmen.instruments.models import Invitation
from revmen.training.access import can_manage_batch, get_batch_for_user
from revmen.training.models import Batch, BatchRole, Enrolment

from .models import Grade, Objection, Rubric


def get_managed_batch(request: HttpRequest, code: str) -> Batch:
    return get_batch_for_user(request, code, manage=True)


def rater_batch(person: Person, code: str) -> Batch:
    """A batch in whose rubrics ``person`` is invited to score someone, or 404."""
    batch = Batch.objects.select_related("programme").filter(code=code).first()
    if (
        batch is None
        or not Invitation.objects.filter(
            administration__rubric__batch=batch, person=person
        ).exists()
    ):
        raise Http404
    return batch


def get_rater_batch(request: HttpRequest, code: str) -> Batch:
    return rater_batch(person_of(request), code)


def get_rating(
    request: HttpRequest, code: str, rubric_pk: int, person_pk: int
) -> tuple[Batch, Rubric, Invitation]:
    """The rater's own invitation to score one participant in one rubric, or 404."""
    batch = get_rater_batch(request, code)
    invitation = (
        Invitation.objects.select_related("administration__rubric__component", "subject")
        .filter(
            administration__rubric__pk=rubric_pk,
            administration__rubric__batch=batch,
            person=person_of(request),
            subject_id=person_pk,
        )
        .first()
    )
    if invitation is None:
        raise Http404
    return batch, invitation.administration.rubric, invitation


def own_enrolment(request: HttpRequest, code: str) -> Enrolment:
    """The signed-in participant's enrolment in the batch, or 404."""
    enrolment = (
        Enrolment.objects.select_related("batch__programme", "person")
        .filter(batch__code=code, person=person_of(request), role=BatchRole.PARTICIPANT)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def get_grade_for_organiser(request: HttpRequest, code: str, pk: int) -> Grade:
    batch = get_managed_batch(request, code)
    grade = (
        Grade.objects.select_related("enrolment__person")
        .filter(pk=pk, enrolment__batch=batch)
        .first()
    )
    if grade is None:
        raise Http404
    return grade


def get_objection_for_organiser(request: HttpRequest, code: str, pk: int) -> Objection:
    batch = get_managed_batch(request, code)
    objection = (
        Objection.objects.select_related("grade__enrolment__person")
        .filter(pk=pk, grade__enrolment__batch=batch)
        .first()
    )
    if objection is None:
        raise Http404
    return objection


def manages(person: Person, batch: Batch) -> bool:
    return can_manage_batch(person, batch)
