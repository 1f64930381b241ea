"""The accounts parts of the home page and the menu: agency and culture administrators, heads of
unit, and the Agencies link."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from revmen.core.parts import Section, home_section, nav_item

from . import access
from .models import Person, RoleKind
from .selectors import unit_tree


@home_section(40)
def agency_roles(person: Person) -> Iterator[Section]:
    for kind in (RoleKind.AGENCY_ADMIN, RoleKind.CULTURE_ADMIN):
        for role in access.roles_of(person, kind):
            agency = role.agency
            assert agency is not None
            yield Section(
                str(kind),
                "accounts/home/agency_admin.html",
                {
                    "agency": agency,
                    "units": agency.units.filter(parent__isnull=False).count(),
                    "people": agency.people.count(),
                },
            )


@home_section(50)
def head_of_unit(person: Person) -> Iterator[Section]:
    for role in access.roles_of(person, RoleKind.HEAD_OF_UNIT):
        assert role.unit is not None
        units = role.unit.agency.units.subtree(role.unit)
        yield Section(
            "head_of_unit",
            "accounts/home/head_of_unit.html",
            {"unit": role.unit, "tree": unit_tree(units)},
        )


@nav_item(30, _("Agencies"), "agency_list")
def sees_agencies(person: Person) -> bool:
    return access.agencies_visible_to(person).exists()
