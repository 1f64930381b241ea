"""Report exports: a PDF rendered by WeasyPrint in the background task worker."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import ReportExport
from .report import build_report


def export_request(*, wave, root, person) -> ReportExport:  # type: ignore[no-untyped-def]
    from django.db import transaction

    export = ReportExport.objects.create(wave=wave, root=root, requested_by=person)
    language = translation.get_language() or "id"
    transaction.on_commit(lambda: render_export.enqueue(export.pk, language))
    return export


def render_pdf(export: ReportExport) -> bytes:
    import weasyprint

    report = build_report(export.wave, root=export.root)
    html = render_to_string("culture/report_pdf.html", {"report": report, "wave": export.wave})
    return weasyprint.HTML(string=html).write_pdf()


@task()
def render_export(export_id: int, language: str = "id") -> str:
    export = ReportExport.objects.select_related("wave__agency", "root").get(pk=export_id)
    with translation.override(language):
        try:
            export.content = render_pdf(export)
            export.status = ReportExport.Status.DONE
        except Exception as error:  # a broken export must say so, not hang as "queued"
            export.status, export.error = ReportExport.Status.FAILED, str(error)
    export.save(update_fields=["content", "status", "error"])
    return export.status
