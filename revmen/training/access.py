"""Who may see and manage batches, on top of ``accounts.access``. Outsiders get 404.

- platform admin: every batch;
- organiser (penyelenggara) of an institute: its batches (may manage them) and the people
  enrolled in them;
- facilitator, coach, examiner of a batch: that batch and the people enrolled in it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Person

from .models import Batch, BatchRole, Enrolment

BATCH_STAFF = [BatchRole.FACILITATOR, BatchRole.COACH, BatchRole.EXAMINER]


def _staff_batch_ids(person: Person) -> QuerySet[Enrolment, int]:
    return Enrolment.objects.filter(
        person=person, role__in=BATCH_STAFF, is_active=True
    ).values_list("batch_id", flat=True)


@access.people_scope
def enrolled_people(person: Person) -> Q:
    condition = Q(enrolments__batch_id__in=_staff_batch_ids(person), enrolments__is_active=True)
    institutes = access.institute_ids(person)
    if institutes:
        condition |= Q(enrolments__batch__programme__institute_id__in=institutes)
    return condition


def batches_visible_to(person: Person) -> QuerySet[Batch]:
    """Organisers see their institute's batches; batch staff see the batches they work in."""
    if access.is_platform_admin(person):
        return Batch.objects.all()
    return Batch.objects.filter(
        Q(programme__institute_id__in=access.institute_ids(person))
        | Q(pk__in=_staff_batch_ids(person))
    ).distinct()


def can_manage_batch(person: Person, batch: Batch) -> bool:
    return access.is_platform_admin(person) or batch.programme.institute_id in access.institute_ids(
        person
    )


def get_batch_for_user(request: HttpRequest, code: str, *, manage: bool = False) -> Batch:
    person = access.person_of(request)
    batch = (
        batches_visible_to(person).select_related("programme__institute").filter(code=code).first()
    )
    if batch is None or (manage and not can_manage_batch(person, batch)):
        raise Http404
    return batch
