"""The instruments parts of the home page and the menu: questionnaires to answer, the library."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind
from revmen.core.parts import Section, home_section, nav_item

from .selectors import pending_for


@home_section(10)
def questionnaires(person: Person) -> Iterator[Section]:
    pending = pending_for(person)
    if pending:
        yield Section(
            "questionnaires", "instruments/home/questionnaires.html", {"pending": pending}
        )


@nav_item(10, _("Instruments"), "instrument_list")
def sees_library(person: Person) -> bool:
    return access.is_platform_admin(person) or bool(access.roles_of(person, RoleKind.ORGANISER))
