"""Who may see a follow-up round. Outsiders get 404.

- the alumnus: their own rounds (their figures, their peers' group figures, never one peer);
- the organisers of the batch's institute and the platform admin (``can_manage_batch``): the
  same frozen group figures;
- the mentor and the peers answer (through the engine's pages) and see no figures;
- a programme's follow-up settings: whoever manages the programme's batches.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Agency, Person, RoleKind
from revmen.training.access import can_manage_batch
from revmen.training.models import Programme

from .models import Round


def can_see_round(person: Person, round_: Round) -> bool:
    return round_.enrolment.person_id == person.pk or can_manage_batch(
        person, round_.enrolment.batch
    )


def get_round_for_user(request: HttpRequest, pk: int, *, alumnus: bool = False) -> Round:
    """The round, for its alumnus (``alumnus=True``: them only) or the batch's organisers."""
    person = access.person_of(request)
    round_ = (
        Round.objects.select_related(
            "enrolment__person", "enrolment__batch__programme", "administration"
        )
        .filter(pk=pk)
        .first()
    )
    if round_ is None or not can_see_round(person, round_):
        raise Http404
    if alumnus and round_.enrolment.person_id != person.pk:
        raise Http404
    return round_


def get_programme_for_user(request: HttpRequest, code: str) -> Programme:
    person = access.person_of(request)
    programme = Programme.objects.filter(code=code.upper()).select_related("institute").first()
    if programme is None:
        raise Http404
    if access.is_platform_admin(person):
        return programme
    organised = {r.agency_id for r in access.roles_of(person, RoleKind.ORGANISER)}
    if programme.institute_id not in organised:
        raise Http404
    return programme


def is_institute(agency: Agency | None) -> bool:
    return agency is not None and agency.is_institute
