"""The training part of a person's page: their enrolments, as far as the viewer may see them.

A person sees all their own; anyone else only the enrolments in batches they may see
(``access.batches_visible_to``): an organiser their institute's, batch staff the batches they
work in, a platform admin all. Being able to see a person (say, as the coach of one batch)
never shows their training at other institutes.
"""

from __future__ import annotations

from collections.abc import Iterator

from revmen.accounts.models import Person
from revmen.core.parts import Section, person_section

from .access import batches_visible_to
from .models import Enrolment


@person_section(10)
def enrolments(viewer: Person, person: Person) -> Iterator[Section]:
    rows = Enrolment.objects.filter(person=person).select_related("batch__programme")
    if viewer.pk != person.pk:
        rows = rows.filter(batch__in=batches_visible_to(viewer))
    rows = rows.order_by("-batch__start_date", "batch__code", "role")
    if rows:
        yield Section("enrolments", "training/person/enrolments.html", {"enrolments": rows})
