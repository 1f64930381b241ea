"""A person's own data (UU 27/2022: the right of access) as one .xlsx, a sheet per part.

Apps add their part of the record with ``@own_data_sheet(order, title)`` on
``func(person) -> (header, rows)`` (accounts: profile and roles; training: enrolments and
attendance; instruments: the person's own identified or confidential answers; core: notices).
Anonymous answers are never in it: nothing links them to anyone, by design. Rows go through
``core.exports.append_row``, so text a person typed never runs as a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes
from revmen.core.models import Notice

from .models import Person

Table = tuple[list[str], list[list[Any]]]


@dataclass(frozen=True)
class OwnDataSheet:
    order: int
    title: Any
    rows: Callable[[Person], Table]


SHEETS: dict[str, OwnDataSheet] = {}


def own_data_sheet(order: int, title: Any) -> Callable[[Callable[[Person], Table]], Any]:
    def register(func: Callable[[Person], Table]) -> Callable[[Person], Table]:
        SHEETS[f"{func.__module__}.{func.__name__}"] = OwnDataSheet(order, title, func)
        return func

    return register


def _plain(value: Any) -> Any:
    """Cells openpyxl takes: aware times in the person's zone without tzinfo."""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def own_data_export(person: Person) -> Export:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sorted(SHEETS.values(), key=lambda s: s.order):
        header, rows = sheet.rows(person)
        worksheet = workbook.create_sheet(str(sheet.title)[:31])
        append_row(worksheet, header)
        for row in rows:
            append_row(worksheet, [_plain(value) for value in row])
    stamp = timezone.localdate().isoformat()
    return Export(f"revmen-{person.nip or person.pk}-{stamp}.xlsx", XLSX, xlsx_bytes(workbook))


@own_data_sheet(10, gettext_lazy("Profile"))
def _profile(person: Person) -> Table:
    fields = [
        ("NIP", person.nip or ""),
        (_("Full name"), person.name),
        (_("E-mail"), person.email),
        (_("Place of birth"), person.birth_place),
        (_("Date of birth"), person.birth_date),
        (_("Sex"), person.get_sex_display()),
        (_("Rank / grade"), person.pangkat_golongan),
        (_("Position"), person.jabatan),
        (_("Agency"), person.agency.name if person.agency else ""),
        (_("Work unit"), person.unit.path if person.unit else ""),
        (_("Time zone"), person.effective_timezone),
        (_("Account created"), person.date_joined),
        (_("Last login"), person.last_login),
    ]
    return [_("Field"), _("Value")], [list(pair) for pair in fields]


@own_data_sheet(20, gettext_lazy("Roles"))
def _roles(person: Person) -> Table:
    rows = [
        [role.get_kind_display(), str(role.unit or role.agency or ""), role.created_at]
        for role in person.roles.select_related("agency", "unit")
    ]
    return [_("Role"), _("Where"), _("Since")], rows


@own_data_sheet(90, gettext_lazy("Notices"))
def _notices(person: Person) -> Table:
    rows = [
        [n.created_at, n.subject, n.text, n.link, n.read_at]
        for n in Notice.objects.filter(person=person)
    ]
    return [_("Date"), _("Subject"), _("Text"), _("Link"), _("Read")], rows
