"""Task names of jobs queued before the one job model: they run the same job (``core.jobs``)."""

from __future__ import annotations

from django_tasks import task

from .jobs import job_run


@task()
def run_import_job(job_id: int) -> str:
    return job_run(job_id).status
