"""The change-project part of a person's page: the projects they own, as far as the viewer may
see them (``access.plans_visible_to``): seeing a person never shows projects the viewer could
not open."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from revmen.accounts.models import Person
from revmen.core.parts import Section, person_section

from . import selectors
from .access import plans_visible_to


@person_section(70)
def projects(viewer: Person, person: Person) -> Iterator[Section]:
    plans = plans_visible_to(viewer).filter(owner=person)
    rows = selectors.rows(plans, timezone.localdate())
    if rows:
        yield Section("projects", "projects/person/projects.html", {"rows": rows})
