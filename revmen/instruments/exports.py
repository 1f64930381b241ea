"""Files out of the instrument engine: the batch change report as .xlsx, headers in the reader's
language, figures as numbers (two decimals shown), formula-like text neutralised."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes

from .analysis import KNOWLEDGE, TOTAL, ChangeReport

CATEGORY = {
    "improved": "improved",
    "unchanged": "no reliable change",
    "deteriorated": "worse",
}


def _scale_name(code: str, name: str) -> str:
    if code == TOTAL:
        return _("All scales")
    if code == KNOWLEDGE:
        return _("Knowledge test (%% correct)") % {}
    return name


def change_xlsx(report: ChangeReport, batch_code: str) -> Export:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Scales")[:31]
    ci = _("95%% CI") % {}
    append_row(
        sheet,
        [
            _("Scale"),
            "n",
            _("Pre"),
            _("Post"),
            _("Difference"),
            _("%(ci)s, lower limit") % {"ci": ci},
            _("%(ci)s, upper limit") % {"ci": ci},
            "d_z",
            "g",
            "p",
            _("p (Wilcoxon)"),
            _("Cronbach's alpha"),
            _("McDonald's omega"),
            _("Improved"),
            _("No reliable change"),
            _("Worse"),
        ],
    )
    for scale in report.scales:
        p = scale.paired
        counts = scale.rci.counts() if scale.rci is not None else {}
        append_row(
            sheet,
            [
                _scale_name(scale.code, scale.name),
                p.n if p else None,
                p.pre_mean if p else None,
                p.post_mean if p else None,
                p.mean_diff if p else None,
                p.mean_diff_ci[0] if p else None,
                p.mean_diff_ci[1] if p else None,
                p.dz if p else None,
                p.g if p else None,
                p.p if p else None,
                p.wilcoxon_p if p else None,
                scale.alpha.alpha if scale.alpha else None,
                scale.omega,
                counts.get("improved"),
                counts.get("unchanged"),
                counts.get("deteriorated"),
            ],
        )
    _decimals(sheet, first_column=3, p_columns={10, 11})
    people = workbook.create_sheet(_("Participants")[:31])
    append_row(people, [_("Participant"), _("Pre"), _("Post"), "RC", _("Change")])
    for row in report.people:
        change = _(CATEGORY[row.category]) if row.category else None
        append_row(people, [row.label, row.pre, row.post, row.rc, change])
    _decimals(people, first_column=2)
    name = _("change-%(batch)s.xlsx") % {"batch": slugify(batch_code)}
    return Export(name, XLSX, xlsx_bytes(workbook))


def _decimals(
    sheet: Worksheet, *, first_column: int, p_columns: frozenset[int] | set[int] = frozenset()
) -> None:
    """Full precision stays in the cell; two decimals are shown (three for p values)."""
    for row in sheet.iter_rows(min_row=2, min_col=first_column):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0.000" if cell.column in p_columns else "0.00"
