"""The culture part of the menu: the waves, for those who run or read culture diagnoses."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind
from revmen.core.parts import nav_item

READERS = (RoleKind.AGENCY_ADMIN, RoleKind.CULTURE_ADMIN, RoleKind.HEAD_OF_UNIT)


@nav_item(20, _("Culture"), "wave_list")
def sees_waves(person: Person) -> bool:
    return access.is_platform_admin(person) or any(
        access.roles_of(person, kind) for kind in READERS
    )
