"""The training part of a person's own data export (``accounts.owndata``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revmen.accounts.models import Person
from revmen.accounts.owndata import Table, own_data_sheet

from .models import Attendance, Enrolment


@own_data_sheet(30, gettext_lazy("Enrolments"))
def _enrolments(person: Person) -> Table:
    enrolments = Enrolment.objects.filter(person=person).select_related("batch__programme")
    rows = [
        [
            e.batch.programme.name,
            e.batch.code,
            e.batch.name,
            e.get_role_display(),
            e.batch.start_date,
            e.batch.end_date,
            _("yes") if e.is_active else _("no"),
        ]
        for e in enrolments
    ]
    header = [_("Programme"), _("Batch"), _("Name"), _("Role"), _("Starts"), _("Ends"), _("Active")]
    return header, rows


@own_data_sheet(40, gettext_lazy("Attendance"))
def _attendance(person: Person) -> Table:
    attendances = Attendance.objects.filter(person=person).select_related("session__batch")
    rows = [
        [
            a.session.batch.code,
            a.session.title,
            a.session.starts_at,
            a.session.jp,
            a.get_status_display(),
            a.checked_in_at,
        ]
        for a in attendances.order_by("session__starts_at")
    ]
    header = [_("Batch"), _("Session"), _("Starts"), "JP", _("Status"), _("Checked in")]
    return header, rows
