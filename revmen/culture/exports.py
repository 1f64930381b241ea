"""Report exports: a PDF rendered by WeasyPrint in the background (a ``core`` job)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Unit
from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job

from .models import Wave
from .report import build_report

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


def render_pdf(wave: Wave, root: Unit | None) -> bytes:
    import weasyprint

    report = build_report(wave, root=root)
    html = render_to_string("culture/report_pdf.html", {"report": report, "wave": wave})
    return weasyprint.HTML(string=html).write_pdf()


@job_kind(PDF_KIND, steps={"rendering": _("rendering the PDF")})
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
