"""The alumni part of the home page: what is due, commitments, journal and certificate."""

from __future__ import annotations

from collections.abc import Iterator

from revmen.accounts.models import Person
from revmen.core.parts import Section, home_section

from . import selectors, summary
from .services import MIN_PEERS


@home_section(67)
def alumni(person: Person) -> Iterator[Section]:
    due = selectors.due_for(person)
    alumni = [
        {
            "enrolment": enrolment,
            "commitments": summary.commitments_for(enrolment),
            "journal": summary.journal_url(enrolment),
            "certificate": summary.certificate_url(enrolment),
            "project": summary.project_of(enrolment),
        }
        for enrolment in selectors.alumni_enrolments(person)
    ]
    if due or alumni:
        context = {"due": due, "alumni": alumni, "min_peers": MIN_PEERS}
        yield Section("followup", "followup/home/alumni.html", context)
