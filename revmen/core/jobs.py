"""Background work: register a kind of job, start it, run it in the task worker, report progress.

Every long piece of work is a ``Job`` row (``core.models``) run by the one task ``run_job``:

- ``@job_kind("culture.close", steps={...})`` registers ``run(job, progress) -> Output | None``;
  ``progress(done, total, step="")`` records how far it is (and that it is alive);
- ``job_start(kind=…, owner=…, target=…, params=…)`` stores the job and queues it when the
  transaction commits; ``job_run(pk)`` runs it here and now (tests, ``wait=True``);
- ``@register("agencies")`` adapts a spreadsheet import
  ``import_x(filename, content, *, only_valid, progress, **options) -> result.as_dict()``;
  ``import_start(…)`` starts one from an upload.

Pages show any job with the one partial ``core/_job_progress.html``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_tasks import task

from .models import Job

Progress = Callable[..., None]


@dataclass
class Output:
    """What a runner hands back: figures for the page and, for exports, a file."""

    result: dict[str, Any] = field(default_factory=dict)
    file: bytes | None = None
    file_name: str = ""
    content_type: str = ""


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Callable[[Job, Progress], Output | None]
    # step code -> label, in the order the runner goes through them
    steps: Mapping[str, str | Promise] = field(default_factory=dict)


KINDS: dict[str, JobKind] = {}
# The kinds registered with ``register``: their page is ``job_detail``.
IMPORT_KINDS: set[str] = set()


def job_kind(
    name: str, *, steps: Mapping[str, str | Promise] | None = None
) -> Callable[[Callable[[Job, Progress], Output | None]], Callable[[Job, Progress], Output | None]]:
    def decorator(
        run: Callable[[Job, Progress], Output | None],
    ) -> Callable[[Job, Progress], Output | None]:
        KINDS[name] = JobKind(name, run, dict(steps or {}))
        return run

    return decorator


def step_label(job: Job) -> str | Promise:
    kind = KINDS.get(job.kind)
    return kind.steps.get(job.step, "") if kind else ""


def step_fraction(job: Job) -> tuple[float, float] | None:
    """(value, max) for a progress bar over all steps, ``None`` while nothing is known."""
    kind = KINDS.get(job.kind)
    steps = list(kind.steps) if kind else []
    within = job.done / job.total if job.total else 0.0
    if job.step in steps:
        return steps.index(job.step) + within, float(len(steps))
    if job.total:
        return float(job.done), float(job.total)
    return None


def job_start(
    *,
    kind: str,
    owner: Any = None,
    target: str = "",
    filename: str = "",
    content: bytes = b"",
    params: dict[str, Any] | None = None,
    enqueue: bool = True,
) -> Job:
    """Store a job and queue it for the worker once the surrounding transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        owner=owner,
        target=target,
        filename=filename,
        content=content,
        params=params or {},
    )
    if enqueue:
        job_id = job.pk
        transaction.on_commit(lambda: run_job.enqueue(job_id))
    return job


def latest_job(target: str, kind: str | None = None) -> Job | None:
    jobs = Job.objects.filter(target=target)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    return jobs.order_by("-created_at", "-pk").first()


def next_allowed(target: str, kind: str, gap: timedelta) -> datetime | None:
    """When a job of ``kind`` for ``target`` may start again, if the last one started less
    than ``gap`` ago (e.g. reminders: one per unit a day); None when it may start now."""
    last = latest_job(target, kind)
    if last is None or last.created_at <= timezone.now() - gap:
        return None
    return last.created_at + gap


def job_run(job_id: int) -> Job:
    """Run a queued job here; a finished job is left alone, a failure is recorded on the job."""
    job = Job.objects.get(pk=job_id)
    if job.is_finished:
        return job
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, updated_at=timezone.now())

    def progress(done: int, total: int, step: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(
            done=done, total=total, step=step, updated_at=timezone.now()
        )

    try:
        # in the language and zone of whoever started it (the worker's own are the site's)
        with (
            translation.override(job.language or settings.LANGUAGE_CODE),
            timezone.override(ZoneInfo(job.time_zone or settings.TIME_ZONE)),
        ):
            output = KINDS[job.kind].run(job, progress) or Output()
    except Exception as error:  # a broken job must say so, not hang as "running"
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            error=str(error) or type(error).__name__,
            updated_at=timezone.now(),
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE,
            result={**job.result, **output.result},
            file=output.file,
            file_name=output.file_name,
            content_type=output.content_type,
            updated_at=timezone.now(),
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


@task()
def run_job(job_id: int) -> str:
    return job_run(job_id).status


# Spreadsheet imports -------------------------------------------------------------------------

ImportRunner = Callable[..., Any]


def register(kind: str) -> Callable[[ImportRunner], ImportRunner]:
    """Register ``import_x(filename, content, *, only_valid, progress, **options)`` as a job."""

    def decorator(function: ImportRunner) -> ImportRunner:
        def run(job: Job, progress: Progress) -> Output:
            summary = function(
                job.filename,
                bytes(job.content),
                only_valid=bool(job.params.get("only_valid")),
                progress=lambda done, total: progress(done, total),
                **job.params.get("options", {}),
            ).as_dict()
            return Output(result=summary)

        KINDS[kind] = JobKind(kind, run)
        IMPORT_KINDS.add(kind)
        return function

    return decorator


def import_start(
    *,
    kind: str,
    created_by: Any,
    filename: str,
    content: bytes,
    only_valid: bool = False,
    options: dict[str, Any] | None = None,
) -> Job:
    """Store an upload and queue its import; ``options`` reach the import as keyword arguments."""
    return job_start(
        kind=kind,
        owner=created_by,
        filename=filename,
        content=content,
        params={"only_valid": only_valid, "options": options or {}},
    )
