"""Who may manage a service unit, and who approves its standard.

- the public: the service page, the SKM answer page, the complaint form and a complaint's
  tracking page (by its code) need no account;
- managing (periods, drafts of the standard, complaints, kiosks, the report): the platform
  admin, the agency's admins, the heads of the unit or of a unit above it, and the unit's staff
  (people whose work unit is the service unit or below it);
- approving and publishing the standard: the head of office (a head of the unit or of a unit
  above it) and the platform admin; staff and agency admins edit drafts only;
- making a work unit a service unit: the platform admin, the agency's admins, the heads of
  units above (within their subtree).
Everyone else gets 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts.access import (
    can_manage_agency,
    is_platform_admin,
    person_of,
    roles_of,
)
from revmen.accounts.models import Person, RoleKind, Unit

from .models import ServiceUnit


def _covers(ancestor: Unit, unit: Unit) -> bool:
    return ancestor.agency_id == unit.agency_id and (
        ancestor.path == ""
        or unit.path == ancestor.path
        or unit.path.startswith(ancestor.path + "/")
    )


def is_head_of(person: Person, unit: Unit) -> bool:
    return any(
        role.unit is not None and _covers(role.unit, unit)
        for role in roles_of(person, RoleKind.HEAD_OF_UNIT)
    )


def is_staff_of(person: Person, unit: Unit) -> bool:
    own = person.unit if person.unit_id else None
    return own is not None and _covers(unit, own)


def can_manage(person: Person, service_unit: ServiceUnit) -> bool:
    unit = service_unit.unit
    return (
        is_platform_admin(person)
        or can_manage_agency(person, unit.agency)
        or is_head_of(person, unit)
        or is_staff_of(person, unit)
    )


def can_approve(person: Person, service_unit: ServiceUnit) -> bool:
    return is_platform_admin(person) or is_head_of(person, service_unit.unit)


def service_units_managed_by(person: Person) -> QuerySet[ServiceUnit]:
    units = ServiceUnit.objects.select_related("unit__agency")
    if is_platform_admin(person):
        return units.all()
    condition = Q(pk__in=[])
    admin_of = [r.agency_id for r in roles_of(person, RoleKind.AGENCY_ADMIN) if r.agency_id]
    if admin_of:
        condition |= Q(unit__agency_id__in=admin_of)
    for role in roles_of(person, RoleKind.HEAD_OF_UNIT):
        if role.unit is not None:
            condition |= Q(unit__in=Unit.objects.subtree(role.unit))
    own = person.unit if person.unit_id else None
    if own is not None:
        ancestors = [own.path]
        parts = own.path.split("/") if own.path else []
        ancestors += ["/".join(parts[:i]) for i in range(len(parts))]
        condition |= Q(unit__agency_id=own.agency_id, unit__path__in=ancestors)
    return units.filter(condition)


def units_that_may_serve(person: Person) -> QuerySet[Unit]:
    """The work units this person may make service units."""
    if is_platform_admin(person):
        return Unit.objects.select_related("agency").all()
    condition = Q(pk__in=[])
    admin_of = [r.agency_id for r in roles_of(person, RoleKind.AGENCY_ADMIN) if r.agency_id]
    if admin_of:
        condition |= Q(agency_id__in=admin_of)
    for role in roles_of(person, RoleKind.HEAD_OF_UNIT):
        if role.unit is not None:
            condition |= Q(pk__in=Unit.objects.subtree(role.unit).values("pk"))
    return Unit.objects.select_related("agency").filter(condition)


def may_create_service_units(person: Person) -> bool:
    return is_platform_admin(person) or bool(
        roles_of(person, RoleKind.AGENCY_ADMIN) or roles_of(person, RoleKind.HEAD_OF_UNIT)
    )


def get_service_unit_for_user(
    request: HttpRequest, slug: str, *, approve: bool = False
) -> ServiceUnit:
    person = person_of(request)
    service_unit = ServiceUnit.objects.select_related("unit__agency").filter(slug=slug).first()
    if service_unit is None or not can_manage(person, service_unit):
        raise Http404
    if approve and not can_approve(person, service_unit):
        raise Http404
    return service_unit


def get_public_service_unit(slug: str) -> ServiceUnit:
    service_unit = ServiceUnit.objects.select_related("unit__agency").filter(slug=slug).first()
    if service_unit is None:
        raise Http404
    return service_unit
