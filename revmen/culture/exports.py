"""Culture files: the report as .xlsx (at once) and as a PDF rendered by WeasyPrint in the
background (a ``core`` job), a unit's single-use links as .xlsx, and the wave's anonymous
answers as a data set for analysts (``instruments.datasets``, with this app's export policy:
units its report hides rolled up, profile questions and comments left out)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from revmen.accounts.models import Unit
from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes
from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job
from revmen.instruments.datasets import ExportPolicy, export_policy, export_start
from revmen.instruments.models import Administration, Item

from .aggregates import PROFILE
from .models import Wave
from .report import WaveReport, build_report, decisions_for

PDF_KIND = "culture.report_pdf"


def wave_target(wave: Wave) -> str:
    return f"culture.wave:{wave.pk}"


def export_request(*, wave: Wave, root: Unit | None, person: Any) -> Job:
    """Queue the PDF of ``wave``'s report as ``person`` may see it (from ``root`` down)."""
    return job_start(
        kind=PDF_KIND,
        owner=person,
        target=wave_target(wave),
        params={
            "wave": wave.pk,
            "root": root.pk if root is not None else None,
            "language": translation.get_language() or "id",
        },
    )


def wave_responses_start(*, wave: Wave, fmt: str, person: Any) -> Job:
    """Queue the closed ``wave``'s answers as a data set (.xlsx, .csv or .sav) for ``person``.
    Only for those who run the agency: the policy rolls units up over the whole tree, which a
    head of one unit does not see; while the wave is open the rows would also tell, from one
    download to the next, which unit's colleagues had just answered."""
    if not wave.is_closed:
        raise ValueError("the wave is not closed")
    return export_start(administration=wave.administration, fmt=fmt, person=person)


def render_pdf(wave: Wave, root: Unit | None) -> bytes:
    import weasyprint

    report = build_report(wave, root=root)
    html = render_to_string("culture/report_pdf.html", {"report": report, "wave": wave})
    return weasyprint.HTML(string=html).write_pdf()


@job_kind(PDF_KIND, steps={"rendering": gettext_lazy("rendering the PDF")})
def render_export(job: Job, progress: Progress) -> Output:
    wave = Wave.objects.select_related("agency").get(pk=job.params["wave"])
    root = (
        Unit.objects.filter(pk=job.params.get("root")).first() if job.params.get("root") else None
    )
    progress(0, 0, "rendering")
    with translation.override(job.params.get("language") or "id"):
        content = render_pdf(wave, root)
    return Output(
        file=content,
        file_name=f"budaya-{wave.agency.code}-{wave.pk}.pdf",
        content_type="application/pdf",
    )


def links_xlsx(wave: Wave, unit: Unit, links: list[str]) -> Export:
    """Single-use links for one unit, to print or mail-merge."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    append_row(sheet, [_("Work unit"), _("Link (works once)")])
    for link in links:
        append_row(sheet, [unit.path or wave.agency.name, link])
    return Export(f"tautan-{wave.pk}-{unit.pk}.xlsx", XLSX, xlsx_bytes(workbook))


def _status(n: int, shown: bool, reason: str) -> str:
    if shown:
        return _("shown")
    if n == 0:
        return _("no answers")
    if reason == "below_k":
        return _("hidden: too few respondents")
    return _("hidden to protect a smaller group")


def _score(value: float | None) -> float | None:
    """Scores as numbers with two decimals (the cell shows 73,38, not 73.38271604938271)."""
    return None if value is None else round(value, 2)


def report_xlsx(report: WaveReport) -> Export:
    """The report as a workbook in the reader's language: one sheet of units, one of the
    respondent-profile cuts; hidden groups say why and carry no scores."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Units")[:31]
    names = [name for _code, name in report.dimensions]
    codes = [code for code, _name in report.dimensions]
    common = [_("Respondents (n)"), _("Status"), _("Index (0-100)"), _("Category")]
    append_row(sheet, [_("Unit"), *common, *names])
    for row in report.rows:
        scores = row.scores if row.shown else None
        append_row(
            sheet,
            [
                row.unit.path or report.wave.agency.name,
                row.n,
                _status(row.n, row.shown, row.reason),
                _score(scores.index) if scores else None,
                f"{scores.category} ({scores.category_label})" if scores else None,
                *[_score(scores.dimensions.get(c)) if scores else None for c in codes],
            ],
        )
    cuts = workbook.create_sheet(_("Respondent profile")[:31])
    append_row(cuts, [_("Question"), _("Answer"), *common, *names])
    for cut in report.cuts:
        for cut_row in cut.rows:
            scores = cut_row.scores if cut_row.shown else None
            append_row(
                cuts,
                [
                    cut.question,
                    cut_row.label,
                    cut_row.n,
                    _status(cut_row.n, cut_row.shown, cut_row.reason),
                    _score(scores.index) if scores else None,
                    f"{scores.category} ({scores.category_label})" if scores else None,
                    *[_score(scores.dimensions.get(c)) if scores else None for c in codes],
                ],
            )
    for ws in (sheet, cuts):
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00"
    name = f"budaya-{report.wave.agency.code}-{report.wave.name}.xlsx"
    return Export(name, XLSX, xlsx_bytes(workbook))


@export_policy
def wave_responses_policy(administration: Administration) -> ExportPolicy | None:
    """What an anonymous export of a wave's answers hides (``instruments.datasets``): each
    unit appears as the nearest unit (itself or an ancestor) the report's suppression decisions
    over the whole agency tree show, or as no unit; the profile questions are left out (their
    figures are only ever shown as cuts), and so are the comments, which the report shows only
    for the whole agency and above the wave's comment threshold."""
    wave = Wave.objects.filter(administration=administration).first()
    if wave is None:
        return None
    units, decisions, _own = decisions_for(wave, wave.min_group_size)
    parent = {unit.pk: unit.parent_id for unit in units}

    def nearest_shown(pk: int | None) -> int | None:
        while pk is not None and not (pk in decisions and decisions[pk].shown):
            pk = parent.get(pk)
        return pk

    items = Item.objects.filter(version_id=administration.version_id)
    hidden = set(items.filter(**PROFILE).values_list("code", flat=True))
    hidden |= {item.code for item in items if item.is_text}
    return ExportPolicy(
        unit_shown={unit.pk: nearest_shown(unit.pk) for unit in units},
        unit_names={unit.pk: unit.path or unit.name for unit in units},
        drop_items=hidden,
        note=_(
            "Units with fewer respondents than the report may show appear as the nearest unit "
            "above them that it shows; profile questions and comments are left out."
        ),
    )
