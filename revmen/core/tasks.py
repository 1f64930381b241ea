from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    from .jobs import job_run

    return job_run(job_id).status
