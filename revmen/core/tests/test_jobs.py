"""One job model for all background work: run, fail, stall, progress and its one partial."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from revmen.core.jobs import KINDS, Output, job_kind, job_run, job_start, latest_job, step_fraction
from revmen.core.models import Job
from revmen.front.testing import run_queued_tasks

pytestmark = pytest.mark.django_db
calls: list[tuple[int, int, str]] = []


@job_kind("test.count", steps={"reading": "reading", "writing": "writing"})
def count(job: Job, progress) -> Output:  # type: ignore[no-untyped-def]
    if job.params.get("fail"):
        raise OSError("disk full")
    progress(1, 4, "reading")
    calls.append((1, 4, "reading"))
    progress(2, 2, "writing")
    return Output(result={"n": job.params["n"]}, file=b"abc", file_name="a.txt", content_type="x")


@pytest.fixture(autouse=True)
def _kinds():  # type: ignore[no-untyped-def]
    yield
    calls.clear()


def test_a_job_runs_in_the_worker_and_keeps_what_it_made(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test.count", target="thing:1", params={"n": 3})
    assert job.status == "queued"
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.status, job.result, bytes(job.file)) == ("done", {"n": 3}, b"abc")
    assert (job.step, job.done, job.total) == ("writing", 2, 2)
    assert job.finished_at is not None
    assert latest_job("thing:1") == job
    assert job_run(job.pk).status == "done" and calls == [(1, 4, "reading")]  # not run again


def test_a_failure_is_recorded_on_the_job_not_lost() -> None:
    job = job_start(kind="test.count", params={"fail": True}, enqueue=False)
    job = job_run(job.pk)
    assert (job.status, job.error, job.has_failed) == ("failed", "disk full", True)


def test_a_silent_job_is_stalled_and_may_be_started_again() -> None:
    job = job_start(kind="test.count", params={"n": 1}, enqueue=False)
    assert not job.has_failed
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=31))
    job.refresh_from_db()
    assert job.is_stalled and job.has_failed


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        job_start(kind="no.such.kind")


def test_the_bar_runs_over_all_steps() -> None:
    job = Job(kind="test.count", step="writing", done=1, total=4)
    assert step_fraction(job) == (1.25, 2.0)
    assert step_fraction(Job(kind="agencies", done=3, total=6)) == (3.0, 6.0)
    assert step_fraction(Job(kind="agencies")) is None
    assert "test.count" in KINDS


def test_the_partial_polls_while_running_and_stops_when_done() -> None:
    job = Job.objects.create(kind="test.count", status="running", step="reading", done=1, total=4)
    context = {"job": job, "poll_url": "/poll/", "done_template": "core/_import_done.html"}
    html = render_to_string("core/_job_progress.html", context)
    assert 'hx-get="/poll/"' in html and "reading" in html
    assert 'value="0.250" max="2"' in html
    job.status = "done"
    html = render_to_string("core/_job_progress.html", context)
    assert "hx-get" not in html and 'data-status="done"' in html


@job_kind("test.words", steps={})
def words(job: Job, progress) -> Output:  # type: ignore[no-untyped-def]
    from django.utils.translation import gettext

    moment = timezone.localtime(timezone.now())
    return Output(result={"word": gettext("Done"), "zone": str(moment.tzinfo)})


def test_a_job_runs_in_the_language_and_zone_of_whoever_started_it() -> None:
    from zoneinfo import ZoneInfo

    from django.utils import translation

    with translation.override("en"), timezone.override(ZoneInfo("Asia/Makassar")):
        english = job_start(kind="test.words", enqueue=False)
    indonesian = job_start(kind="test.words", enqueue=False)  # the site's: id, WIB
    assert (english.language, english.time_zone) == ("en", "Asia/Makassar")
    assert (indonesian.language, indonesian.time_zone) == ("id", "Asia/Jakarta")
    # the worker's thread is in the site's language and zone; each job runs in its own
    assert job_run(english.pk).result == {"word": "Done", "zone": "Asia/Makassar"}
    assert job_run(indonesian.pk).result == {"word": "Selesai", "zone": "Asia/Jakarta"}
