"""Grading's files: the batch report (laporan penyelenggaraan) as .xlsx and as PDF (WeasyPrint,
in the background as a ``core`` job), and the graduates sheet for HR (one row per person:
NIP, name, programme, dates, JP, certificate number)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes
from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job
from revmen.instruments.analysis import ChangeReport, prepost_change
from revmen.instruments.models import Administration, Purpose
from revmen.training.models import Batch, EvaluationComponent, Outcome
from revmen.training.selectors import attendance_grid, planned_jp

from .models import Grade
from .reactions import ReactionResult, results
from .services import certificate_model

PDF_KIND = "grading.report_pdf"
CHART_WIDTH = 300


@dataclass
class Bar:
    label: str
    value: float
    width: float  # 0-CHART_WIDTH
    y: int


@dataclass
class ReportRow:
    name: str
    nip: str
    agency: str
    attendance: Decimal | None
    scores: list[Decimal | None]
    grade: Grade | None
    certificate: str


@dataclass
class BatchReport:
    batch: Batch
    components: list[EvaluationComponent]
    rows: list[ReportRow]
    jp: int
    changes: list[ChangeReport] = field(default_factory=list)
    reactions: list[ReactionResult] = field(default_factory=list)
    outcome_bars: list[Bar] = field(default_factory=list)
    score_bars: list[Bar] = field(default_factory=list)
    made_at: Any = None


def certificate_numbers(batch: Batch) -> dict[int, str]:
    """{grade id: the number of its current certificate} (empty while no certificates)."""
    certificate = certificate_model()
    if certificate is None:
        return {}
    ids = dict(
        Grade.objects.filter(enrolment__batch=batch, certificate_id__isnull=False).values_list(
            "certificate_id", "pk"
        )
    )
    return {
        ids[pk]: number
        for pk, number in certificate.objects.filter(pk__in=ids).values_list("pk", "number")
    }


def _bars(pairs: list[tuple[str, float]]) -> list[Bar]:
    top = max((v for _l, v in pairs), default=0) or 1
    return [
        Bar(label, value, round(CHART_WIDTH * value / top, 1), 22 * i)
        for i, (label, value) in enumerate(pairs)
    ]


def prepost_pairs(batch: Batch) -> list[tuple[Administration, Administration]]:
    """The batch's pre and post administrations of the same instrument, paired in order."""
    pres = list(
        Administration.objects.filter(batch=batch, purpose=Purpose.PRE).select_related("version")
    )
    posts = list(
        Administration.objects.filter(batch=batch, purpose=Purpose.POST).select_related("version")
    )
    pairs = []
    for pre in pres:
        twin = next(
            (p for p in posts if p.version.instrument_id == pre.version.instrument_id), None
        )
        if twin is not None:
            pairs.append((pre, twin))
            posts.remove(twin)
    return pairs


def build_report(batch: Batch) -> BatchReport:
    components = list(batch.programme.components.order_by("position", "pk"))
    grades = {
        g.enrolment_id: g
        for g in Grade.objects.filter(enrolment__batch=batch).select_related("enrolment")
    }
    numbers = certificate_numbers(batch)
    rows = []
    for grid_row in attendance_grid(batch).rows:
        enrolment = grid_row.enrolment
        person = enrolment.person
        grade = grades.get(enrolment.pk)
        scores: list[Decimal | None] = []
        for c in components:
            raw = (
                None
                if grade is None
                else grade.overrides.get(str(c.pk), grade.scores.get(str(c.pk)))
            )
            scores.append(None if raw is None else Decimal(raw))
        rows.append(
            ReportRow(
                name=person.name,
                nip=person.nip or "",
                agency=person.agency.name if person.agency else "",
                attendance=grade.attendance if grade else None,
                scores=scores,
                grade=grade,
                certificate=numbers.get(grade.pk, "") if grade else "",
            )
        )
    report = BatchReport(batch, components, rows, planned_jp(batch) or _session_jp(batch))
    report.changes = [prepost_change(pre, post) for pre, post in prepost_pairs(batch)]
    report.reactions = results(batch)
    labels = dict(Outcome.choices)
    counts = {o: 0 for o in Outcome.values}
    for row in rows:
        if row.grade is not None:
            counts[row.grade.outcome] += 1
    report.outcome_bars = _bars([(str(labels[o]), float(n)) for o, n in counts.items()])
    finals = [r.grade.final_score for r in rows if r.grade and r.grade.final_score is not None]
    edges = [
        (Decimal(-1), Decimal(60)),
        *[(Decimal(lo), Decimal(lo + 10)) for lo in range(60, 100, 10)],
    ]
    report.score_bars = _bars(
        [
            ("≤ 60" if lo < 0 else f"{lo}–{hi}", float(sum(1 for f in finals if lo < f <= hi)))
            for lo, hi in edges
        ]
    )
    report.made_at = timezone.now()
    return report


def _session_jp(batch: Batch) -> int:
    return sum(s.jp for s in batch.sessions.all())


def _outcome(grade: Grade | None) -> str:
    if grade is None:
        return ""
    return str(dict(Outcome.choices)[grade.outcome])


def report_xlsx(batch: Batch) -> Export:
    report = build_report(batch)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Participants")[:31]
    append_row(
        sheet,
        [
            _("Name"),
            "NIP",
            _("Agency"),
            _("Attendance (%)"),
            *[c.name for c in report.components],
            _("Final score"),
            _("Outcome"),
            _("Predicate"),
            _("Missing"),
            _("Deadline"),
            _("Certificate number"),
        ],
    )
    names = {c.pk: c.name for c in report.components}
    for row in report.rows:
        g = row.grade
        append_row(
            sheet,
            [
                row.name,
                row.nip,
                row.agency,
                float(row.attendance) if row.attendance is not None else None,
                *[float(s) if s is not None else None for s in row.scores],
                float(g.final_score) if g and g.final_score is not None else None,
                _outcome(g),
                g.predicate if g else "",
                ", ".join(names.get(m, str(m)) for m in (g.missing if g else [])),
                g.deadline.isoformat() if g and g.deadline else "",
                row.certificate,
            ],
        )
    change = workbook.create_sheet(_("Pre-post change")[:31])
    append_row(change, [_("Instrument"), _("Scale"), "n", _("Pre mean"), _("Post mean"), "d_z"])
    for report_change in report.changes:
        for scale in report_change.scales:
            p = scale.paired
            if p is None:
                continue
            append_row(
                change,
                [
                    report_change.pre.version.instrument.name,
                    scale.name or scale.code,
                    p.n,
                    round(p.pre_mean, 2),
                    round(p.post_mean, 2),
                    round(p.dz, 2) if p.dz is not None else None,
                ],
            )
    reaction = workbook.create_sheet(_("Reaction evaluations")[:31])
    append_row(
        reaction,
        [_("Questionnaire"), _("About"), "n", _("Item"), _("Category"), _("Answers"), _("Mean")],
    )
    for result in report.reactions:
        if not result.shown:
            append_row(
                reaction,
                [
                    result.title,
                    result.about,
                    result.n,
                    _("hidden: too few answers or grades not final"),
                ],
            )
            continue
        for item in result.items:
            for label, count in item.categories:
                append_row(
                    reaction,
                    [
                        result.title,
                        result.about,
                        result.n,
                        item.text,
                        label,
                        count,
                        round(item.mean, 2) if item.mean is not None else None,
                    ],
                )
    return Export(f"laporan-{batch.code}.xlsx", XLSX, xlsx_bytes(workbook))


def graduates_xlsx(batch: Batch) -> Export:
    """Graduates for the HR system: one row per Lulus participant."""
    report = build_report(batch)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Graduates")[:31]
    append_row(
        sheet,
        ["NIP", _("Name"), _("Programme"), _("Start"), _("End"), "JP", _("Certificate number")],
    )
    for row in report.rows:
        if row.grade is None or row.grade.outcome != Outcome.PASSED:
            continue
        append_row(
            sheet,
            [
                row.nip,
                row.name,
                batch.programme.name,
                batch.start_date.isoformat(),
                batch.end_date.isoformat(),
                report.jp,
                row.certificate,
            ],
        )
    return Export(f"lulusan-{batch.code}.xlsx", XLSX, xlsx_bytes(workbook))


def render_pdf(batch: Batch) -> bytes:
    import weasyprint

    html = render_to_string("grading/report_pdf.html", {"report": build_report(batch)})
    return bytes(weasyprint.HTML(string=html).write_pdf())


def report_pdf_request(*, batch: Batch, person: Any) -> Job:
    return job_start(
        kind=PDF_KIND,
        owner=person,
        target=f"training.batch:{batch.pk}",
        params={"batch": batch.pk, "language": translation.get_language() or "id"},
    )


@job_kind(PDF_KIND, steps={"rendering": gettext_lazy("rendering the PDF")})
def render_export(job: Job, progress: Progress) -> Output:
    batch = Batch.objects.select_related("programme").get(pk=job.params["batch"])
    progress(0, 0, "rendering")
    with translation.override(job.params.get("language") or "id"):
        content = render_pdf(batch)
    return Output(
        file=content, file_name=f"laporan-{batch.code}.pdf", content_type="application/pdf"
    )
