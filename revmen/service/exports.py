"""Files out: the SKM report in the regulation's layout (PDF), its .xlsx, the counter poster."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from revmen.core.exports import Export, append_row, xlsx_bytes
from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job
from revmen.stats.skm import ELEMENTS

from .models import ServiceUnit, SkmPeriod
from .selectors import period_report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def public_link(service_unit: ServiceUnit) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("service_skm", args=[service_unit.slug])


def _name(period: SkmPeriod, ext: str) -> str:
    return f"skm-{period.service_unit.slug}-{period.name}.{ext}".replace(" ", "-")


def _elements(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "code": code,
            "name": ELEMENTS[i].split(" ", 1)[1],
            "mean": report["element_means"][code],
            "weighted": report["element_means"][code] / len(ELEMENTS)
            if report["element_means"][code] is not None
            else None,
        }
        for i, code in enumerate(report["element_means"])
    ]


def report_pdf(period: SkmPeriod) -> Export:
    import weasyprint

    report = period_report(period)
    html = render_to_string(
        "service/report_pdf.html",
        {"period": period, "report": report, "elements": _elements(report)},
    )
    return Export(_name(period, "pdf"), "application/pdf", weasyprint.HTML(string=html).write_pdf())


def report_xlsx(period: SkmPeriod) -> Export:
    report = period_report(period)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "SKM"
    append_row(sheet, ["Unit layanan", period.service_unit.name])
    append_row(sheet, ["Periode", period.name])
    append_row(sheet, ["Jumlah responden", report["n"]])
    append_row(sheet, ["Populasi", report["population"]])
    append_row(sheet, ["Sampel minimum (Krejcie-Morgan)", report["min_sample"]])
    append_row(sheet, [])
    append_row(sheet, ["Unsur", "Nama", "NRR", "NRR tertimbang"])
    for element in _elements(report):
        append_row(sheet, [element["code"], element["name"], element["mean"], element["weighted"]])
    append_row(sheet, [])
    append_row(sheet, ["IKM", report["ikm"]])
    append_row(sheet, ["Mutu pelayanan", report["grade"]])
    append_row(sheet, ["Kinerja unit pelayanan", report["label"]])
    profile = book.create_sheet("Profil")
    append_row(profile, ["Pertanyaan", "Jawaban", "Jumlah"])
    for entry in report["profile"].values():
        for answer in entry["answers"]:
            append_row(profile, [entry["question"], answer["option"], answer["n"]])
    notes = book.create_sheet("Catatan")
    for warning in report["warnings"]:
        append_row(notes, [warning])
    if report["follow_up"]:
        append_row(notes, ["Rencana tindak lanjut", report["follow_up"]])
    return Export(_name(period, "xlsx"), XLSX, xlsx_bytes(book))


def poster_pdf(service_unit: ServiceUnit) -> Export:
    import weasyprint

    link = public_link(service_unit)
    qr = segno.make(link, error="m").svg_inline(scale=10, omitsize=True)
    html = render_to_string(
        "service/poster_pdf.html", {"service_unit": service_unit, "link": link, "qr": mark_safe(qr)}
    )
    return Export(
        f"poster-skm-{service_unit.slug}.pdf",
        "application/pdf",
        weasyprint.HTML(string=html).write_pdf(),
    )


# --------------------------------------------------------------------------- PDFs in the background

PDF_KIND = "service.pdf"


def pdf_target(*, period: SkmPeriod | None = None, service_unit: ServiceUnit | None = None) -> str:
    if period is not None:
        return f"service.report:{period.pk}"
    assert service_unit is not None
    return f"service.poster:{service_unit.pk}"


def pdf_request(
    *, person: Any, period: SkmPeriod | None = None, service_unit: ServiceUnit | None = None
) -> Job:
    """Queue the SKM report (``period``) or the counter poster (``service_unit``) as a PDF."""
    return job_start(
        kind=PDF_KIND,
        owner=person,
        target=pdf_target(period=period, service_unit=service_unit),
        params={
            "period": period.pk if period is not None else None,
            "service_unit": service_unit.pk if service_unit is not None else None,
            "language": translation.get_language() or "id",
        },
    )


@job_kind(PDF_KIND, steps={"rendering": gettext_lazy("rendering the PDF")})
def render_pdf_job(job: Job, progress: Progress) -> Output:
    progress(0, 0, "rendering")
    with translation.override(job.params.get("language") or "id"):
        if job.params.get("period"):
            period = SkmPeriod.objects.select_related(
                "administration", "service_unit__unit__agency"
            ).get(pk=job.params["period"])
            export = report_pdf(period)
        else:
            export = poster_pdf(ServiceUnit.objects.get(pk=job.params["service_unit"]))
    return Output(file=export.content, file_name=export.name, content_type=export.content_type)
