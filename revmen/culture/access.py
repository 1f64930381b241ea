"""Who may see culture waves: agency, culture and platform admins run them; heads of unit read
their own subtree's report. Everyone else: 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Agency, Person, RoleKind, Unit

from .models import Wave

RUNNERS = (RoleKind.AGENCY_ADMIN, RoleKind.CULTURE_ADMIN)


def agencies_run_by(person: Person) -> QuerySet[Agency]:
    if access.is_platform_admin(person):
        return Agency.objects.all()
    ids = {r.agency_id for kind in RUNNERS for r in access.roles_of(person, kind)}
    return Agency.objects.filter(pk__in=ids)


def head_units(person: Person, agency_id: int) -> list[Unit]:
    return [
        r.unit
        for r in access.roles_of(person, RoleKind.HEAD_OF_UNIT)
        if r.unit is not None and r.agency_id == agency_id
    ]


def waves_visible_to(person: Person) -> QuerySet[Wave]:
    if access.is_platform_admin(person):
        return Wave.objects.all()
    ids = {
        r.agency_id
        for kind in (*RUNNERS, RoleKind.HEAD_OF_UNIT)
        for r in access.roles_of(person, kind)
    }
    return Wave.objects.filter(agency_id__in=ids)


def get_wave_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> Wave:
    person = access.person_of(request)
    wave = (
        waves_visible_to(person)
        .select_related("agency", "administration__version")
        .filter(pk=pk)
        .first()
    )
    if wave is None:
        raise Http404
    if manage and not agencies_run_by(person).filter(pk=wave.agency_id).exists():
        raise Http404
    return wave


def report_root(person: Person, wave: Wave) -> Unit | None:
    """None = the whole agency; a head of unit sees their (first) subtree."""
    if agencies_run_by(person).filter(pk=wave.agency_id).exists():
        return None
    units = head_units(person, wave.agency_id)
    if not units:
        raise Http404
    return units[0]
