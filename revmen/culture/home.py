"""The culture part of the menu: the waves, for those who run or read culture diagnoses."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind
from revmen.core.parts import Section, home_section, nav_item

from .models import Wave
from .report import build_report

READERS = (RoleKind.AGENCY_ADMIN, RoleKind.CULTURE_ADMIN, RoleKind.HEAD_OF_UNIT)


@nav_item(20, _("Culture"), "wave_list")
def sees_waves(person: Person) -> bool:
    return access.is_platform_admin(person) or any(
        access.roles_of(person, kind) for kind in READERS
    )


@home_section(51)
def unit_results(person: Person) -> Iterator[Section]:
    """A head of unit's latest culture result for each unit they lead: index, category and
    response rate of the unit's subtree (only when the group is large enough to be shown),
    one click from the full report."""
    for role in access.roles_of(person, RoleKind.HEAD_OF_UNIT):
        unit = role.unit
        assert unit is not None
        wave = (
            Wave.objects.filter(agency_id=unit.agency_id, closed_at__isnull=False)
            .select_related("agency")
            .order_by("-closed_at")
            .first()
        )
        row = build_report(wave, root=unit, with_extras=False).root if wave else None
        yield Section(
            "unit_results",
            "culture/home/unit_results.html",
            {"unit": unit, "wave": wave, "row": row},
        )
