"""Excel out: the enrolment template and a batch's enrolment list (which uploads back as is)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes

from .imports import COLUMNS
from .models import Batch, BatchRole

TEXT = "@"  # Excel's "Text" number format: a NIP stays 18 digits
TEXT_ROWS = 2000
WIDTHS = {"nip": 22, "nama": 32, "email": 30, "instansi": 18, "unit": 40, "jabatan": 30}

HELP = [
    gettext_noop(
        "nip: 18 digits, typed into a column formatted as text (Excel keeps only 15 digits of "
        "a number)."
    ),
    gettext_noop("nama: full name. email: optional; shared office addresses are allowed."),
    gettext_noop("instansi: the agency's code (e.g. PEMPROV-KALTENG) or its exact name."),
    gettext_noop(
        "unit: the unit path below the agency, names separated by / (blank: the agency itself)."
    ),
    gettext_noop("jabatan, pangkat_golongan: as in the HR system, e.g. Penata / III/c."),
    gettext_noop(
        "Only the first sheet is read. Blank rows are skipped; other columns are ignored."
    ),
]


def _sheet(workbook: Workbook) -> Worksheet:
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "peserta"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(column, 18)
    sheet.column_dimensions["A"].number_format = TEXT
    sheet.freeze_panes = "A2"
    return sheet


def enrolment_template() -> Export:
    """An empty sheet with the columns, the NIP column formatted as text, and a help sheet."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    for row in range(2, TEXT_ROWS + 2):
        sheet.cell(row=row, column=1).number_format = TEXT
    notes = workbook.create_sheet(_("instructions"))
    notes.column_dimensions["A"].width = 100
    for line in HELP:
        notes.append([_(line)])
    return Export(_("enrolment-template.xlsx"), XLSX, xlsx_bytes(workbook))


def enrolment_list(batch: Batch) -> Export:
    """The batch's participants in the template's columns, NIPs as text."""
    workbook = Workbook()
    sheet = _sheet(workbook)
    enrolments = (
        batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True)
        .select_related("person__agency", "person__unit")
        .order_by("person__name")
    )
    for enrolment in enrolments:
        person = enrolment.person
        append_row(
            sheet,
            [
                person.nip or "",
                person.name,
                person.email,
                person.agency.code if person.agency else "",
                person.unit.path if person.unit else "",
                person.jabatan,
                person.pangkat_golongan,
            ],
        )
        sheet.cell(row=sheet.max_row, column=1).number_format = TEXT
    return Export(f"{batch.code}-peserta.xlsx", XLSX, xlsx_bytes(workbook))
