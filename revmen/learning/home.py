"""The learning parts of the home page and menu: prompts due for participants, unanswered
entries and the batch view for facilitators, the latest entries of a coach's groups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Person
from revmen.core.parts import Section, home_section, nav_item
from revmen.training.models import BatchRole, Enrolment

from . import selectors


@home_section(62)
def journal_sections(person: Person) -> Iterator[Section]:
    if not person.is_authenticated:
        return
    due = selectors.prompts_due(person)
    if due:
        yield Section("journal-due", "learning/home/due.html", {"prompts": due})
    counts = selectors.unanswered_counts(person)
    if counts:
        yield Section("journal-facilitator", "learning/home/facilitator.html", {"batches": counts})
    coached = selectors.coached_entries(person)
    if coached:
        yield Section("journal-coach", "learning/home/coach.html", {"entries": coached})


@nav_item(15, _("Journal"), "journal")
def _writes_a_journal(person: Any) -> bool:
    return bool(
        person.is_authenticated
        and Enrolment.objects.filter(
            person=person, role=BatchRole.PARTICIPANT, is_active=True
        ).exists()
    )
