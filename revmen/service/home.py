"""The service part of the menu: service units, for those who may run or create one."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Person
from revmen.core.parts import nav_item

from .access import may_create_service_units, service_units_managed_by


@nav_item(40, _("Public service"), "service_list")
def runs_service_units(person: Person) -> bool:
    return may_create_service_units(person) or service_units_managed_by(person).exists()
