"""The impact part of the menu: for the institutes' organisers and the platform admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Person
from revmen.core.parts import nav_item

from .access import may_see_any


@nav_item(45, _("Impact"), "impact_index")
def sees_impact(person: Person) -> bool:
    return person.is_authenticated and may_see_any(person)
