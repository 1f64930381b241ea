"""The platform administrator's section: counts across the whole platform."""

from __future__ import annotations

from collections.abc import Iterator

from revmen.accounts import access
from revmen.accounts.models import Agency, Person
from revmen.core.parts import Section, home_section
from revmen.training.models import Batch


@home_section(20)
def platform_admin(person: Person) -> Iterator[Section]:
    if access.is_platform_admin(person):
        yield Section(
            "platform_admin",
            "front/home/platform_admin.html",
            {
                "agencies": Agency.objects.count(),
                "people": Person.objects.count(),
                "batches": Batch.objects.count(),
            },
        )
