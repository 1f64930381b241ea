"""The learning part of a person's own data export (``accounts.owndata``): their own journal
entries, the feedback on them and their commitments. A person's own text, to themselves."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revmen.accounts.models import Person
from revmen.accounts.owndata import Table, own_data_sheet

from .models import Commitment, Entry


@own_data_sheet(50, gettext_lazy("Journal"))
def _journal(person: Person) -> Table:
    entries = (
        Entry.objects.filter(person=person)
        .select_related("prompt__session__batch")
        .prefetch_related("feedback")
        .order_by("prompt__session__starts_at", "pk")
    )
    rows = [
        [
            e.prompt.session.batch.code,
            e.prompt.text,
            e.text,
            e.updated_at,
            e.revisions_count,
            "\n\n".join(f.text for f in e.feedback.all()),
        ]
        for e in entries
    ]
    header = [_("Batch"), _("Prompt"), _("Entry"), _("Saved"), _("Revisions"), _("Feedback")]
    return header, rows


@own_data_sheet(55, gettext_lazy("Commitments"))
def _commitments(person: Person) -> Table:
    rows = [
        [c.batch.code, c.value, c.text, c.updated_at]
        for c in Commitment.objects.filter(person=person).select_related("batch")
    ]
    return [_("Batch"), _("Value"), _("Commitment"), _("Saved")], rows
