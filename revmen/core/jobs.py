"""Background imports: store the upload as a job, run it in the task worker, report progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import ImportJob

# kind -> function(filename, content, *, only_valid, progress) -> result with .as_dict()
RUNNERS: dict[str, Callable[..., Any]] = {}


def register(kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
        RUNNERS[kind] = function
        return function

    return decorator


def job_create(
    *,
    kind: str,
    created_by: Any,
    filename: str,
    content: bytes,
    only_valid: bool = False,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Store the upload and queue it; ``options`` reach the runner as keyword arguments."""
    from .tasks import run_import_job

    if kind not in RUNNERS:
        raise ValueError(f"unknown import kind {kind!r}")
    job = ImportJob.objects.create(
        kind=kind,
        created_by=created_by,
        filename=filename,
        content=content,
        summary={"only_valid": only_valid, "options": options or {}},
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def job_run(job_id: int) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    if job.is_finished:
        return job
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed=done, total=total)

    try:
        result = RUNNERS[job.kind](
            job.filename,
            bytes(job.content),
            only_valid=bool(job.summary.get("only_valid")),
            progress=progress,
            **job.summary.get("options", {}),
        )
    except Exception as error:
        job.status, job.errors = ImportJob.Status.FAILED, [str(error)]
    else:
        summary = result.as_dict()
        job.errors = summary.pop("errors")
        job.summary = {**job.summary, **summary}
        job.status = ImportJob.Status.DONE
    job.refresh_from_db(fields=["processed", "total"])
    job.finished_at = timezone.now()
    job.save()
    return job
