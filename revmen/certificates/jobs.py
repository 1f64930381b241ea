"""Background work: every valid certificate of a batch as PDFs in one .zip, with progress."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job
from revmen.training.models import Batch

from .models import Certificate, Status
from .pdf import file_name, render_certificates, zip_files

ZIP_KIND = "certificates.zip"
# Certificates laid out per WeasyPrint document: large enough to share the layout work,
# small enough to show progress.
CHUNK = 20


def zip_target(batch_id: int) -> str:
    return f"certificates.batch:{batch_id}"


def zip_start(*, batch: Batch, by: Any) -> Job:
    """Queue the batch's .zip; a second click while one of this person's is still being made
    gets that one (a double submit makes one job)."""
    pending = Job.objects.filter(
        kind=ZIP_KIND,
        target=zip_target(batch.pk),
        owner=by,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
    ).first()
    if pending is not None:
        return pending
    return job_start(
        kind=ZIP_KIND,
        owner=by,
        target=zip_target(batch.pk),
        params={"batch": batch.pk},
    )


def batch_zip(certificates: list[Certificate], progress: Progress | None = None) -> bytes:
    """Render what has no PDF yet (stored for reprints), then zip all of them."""
    missing = [c for c in certificates if not c.pdf]
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        for cert, content in zip(chunk, render_certificates(chunk), strict=True):
            Certificate.objects.filter(pk=cert.pk, external=False).update(pdf=content)
            cert.pdf = content
        if progress:
            progress(start + len(chunk), len(missing), "rendering")
    if progress:
        progress(0, 0, "zipping")
    return zip_files([(file_name(c), bytes(c.pdf)) for c in certificates])


@job_kind(
    ZIP_KIND,
    steps={
        "rendering": gettext_lazy("rendering the certificates"),
        "zipping": gettext_lazy("packing the .zip"),
    },
)
def run_zip(job: Job, progress: Progress) -> Output:
    certificates = list(
        Certificate.objects.filter(batch_id=job.params["batch"], status=Status.VALID)
        .select_related("batch")
        .order_by("issued_at", "pk")
    )
    content = batch_zip(certificates, progress)
    code = certificates[0].batch_code if certificates else str(job.params["batch"])
    return Output(
        result={"certificates": len(certificates)},
        file=content,
        file_name=f"sertifikat-{code}.zip",
        content_type="application/zip",
    )
