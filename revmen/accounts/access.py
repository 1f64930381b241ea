"""Who may see what. Every view looks objects up through these helpers: outsiders get 404.

- platform admin: everything;
- agency admin: their agency, its units and people (may edit);
- culture admin: their agency and its units (people stay hidden: culture work is anonymous);
- head of unit: their agency's page restricted to their unit's subtree and its people;
- everyone: themselves;
- and whatever the apps add with ``people_scope`` (training: an institute's organisers see the
  people enrolled in its batches, a batch's staff the people enrolled in that batch).

Each app keeps the rules for its own objects in its own ``access.py`` (``training.access`` for
batches, ``culture.access`` for waves) and builds on the helpers here; accounts imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from .models import Agency, Person, Role, RoleKind, Unit

PeopleScope = Callable[[Person], Q]
_people_scopes: list[PeopleScope] = []


def people_scope(func: PeopleScope) -> PeopleScope:
    """Register ``func(viewer) -> Q`` on ``Person``: more people this viewer may see."""
    if func not in _people_scopes:
        _people_scopes.append(func)
    return func


def _roles(person: Person) -> list[Role]:
    cached: list[Role] | None = getattr(person, "_revmen_roles", None)
    if cached is None:
        cached = list(Role.objects.filter(person=person).select_related("agency", "unit"))
        person._revmen_roles = cached  # type: ignore[attr-defined]
    return cached


def roles_of(person: Person, kind: str) -> list[Role]:
    return [role for role in _roles(person) if role.kind == kind]


def is_platform_admin(person: Person) -> bool:
    if not person.is_authenticated:
        return False
    return person.is_superuser or bool(roles_of(person, RoleKind.PLATFORM_ADMIN))


def _agency_ids(person: Person, *kinds: str) -> set[int]:
    return {role.agency_id for role in _roles(person) if role.kind in kinds and role.agency_id}


def agencies_visible_to(person: Person) -> QuerySet[Agency]:
    if is_platform_admin(person):
        return Agency.objects.all()
    ids = _agency_ids(
        person,
        RoleKind.AGENCY_ADMIN,
        RoleKind.CULTURE_ADMIN,
        RoleKind.HEAD_OF_UNIT,
        RoleKind.ORGANISER,
    )
    return Agency.objects.filter(pk__in=ids)


def institute_ids(person: Person) -> list[int]:
    """The training institutes this person organises for, in a stable order."""
    return sorted(_agency_ids(person, RoleKind.ORGANISER))


def can_manage_agency(person: Person, agency: Agency) -> bool:
    return is_platform_admin(person) or agency.pk in _agency_ids(person, RoleKind.AGENCY_ADMIN)


def can_see_all_units(person: Person, agency: Agency) -> bool:
    return is_platform_admin(person) or agency.pk in _agency_ids(
        person, RoleKind.AGENCY_ADMIN, RoleKind.CULTURE_ADMIN, RoleKind.ORGANISER
    )


def units_visible_to(person: Person, agency: Agency) -> QuerySet[Unit]:
    """The whole tree, or the union of the subtrees this person heads."""
    units = Unit.objects.filter(agency=agency)
    if can_see_all_units(person, agency):
        return units
    heads = [r.unit for r in roles_of(person, RoleKind.HEAD_OF_UNIT) if r.agency_id == agency.pk]
    condition = Q(pk__in=[])
    for unit in heads:
        if unit is not None:
            condition |= Q(path=unit.path) | Q(path__startswith=unit.path + "/")
    return units.filter(condition)


def can_list_people(person: Person, agency: Agency) -> bool:
    return can_manage_agency(person, agency) or bool(
        [r for r in roles_of(person, RoleKind.HEAD_OF_UNIT) if r.agency_id == agency.pk]
    )


def people_visible_to(person: Person) -> QuerySet[Person]:
    if is_platform_admin(person):
        return Person.objects.all()
    condition = Q(pk=person.pk)
    admin_of = _agency_ids(person, RoleKind.AGENCY_ADMIN)
    if admin_of:
        condition |= Q(agency_id__in=admin_of)
    for role in roles_of(person, RoleKind.HEAD_OF_UNIT):
        if role.unit is not None:
            condition |= Q(unit__in=Unit.objects.subtree(role.unit))
    for scope in _people_scopes:
        condition |= scope(person)
    return Person.objects.filter(condition).distinct()


def person_of(request: HttpRequest) -> Person:
    """The signed-in person behind a ``@login_required`` view.

    Only narrows the type: ``request.user`` is typed ``Person | AnonymousUser``, and the login
    check has already ruled the anonymous user out.
    """
    return cast(Person, request.user)


def get_agency_for_user(request: HttpRequest, code: str, *, manage: bool = False) -> Agency:
    person = person_of(request)
    agency = agencies_visible_to(person).filter(code=code.strip().upper()).first()
    if agency is None or (manage and not can_manage_agency(person, agency)):
        raise Http404
    return agency


def get_person_for_user(request: HttpRequest, pk: int, *, manage: bool = False) -> Person:
    viewer = person_of(request)
    person = people_visible_to(viewer).select_related("agency", "unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    if manage and not (
        is_platform_admin(viewer)
        or (person.agency is not None and can_manage_agency(viewer, person.agency))
    ):
        raise Http404
    return person
