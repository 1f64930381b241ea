from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django_ratelimit.exceptions import Ratelimited

from .exports import Export, download, problems_export
from .jobs import IMPORT_KINDS
from .models import Job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress; the page polls itself (htmx) until the job is finished.
    ``?download=errors``: all its problems as a spreadsheet."""
    job = get_object_or_404(Job, pk=pk, owner=request.user, kind__in=IMPORT_KINDS)
    if request.GET.get("download") == "errors":
        return download(problems_export(job.filename, job.errors))
    if request.headers.get("HX-Request"):
        return render(
            request,
            "core/_job_progress.html",
            {
                "job": job,
                "poll_url": reverse("job_detail", args=[job.pk]),
                "done_template": "core/_import_done.html",
            },
        )
    return render(request, "core/job.html", {"job": job})


def job_file_page(
    request: HttpRequest, pk: int, *, kind: str, template: str, partial: str
) -> HttpResponse:
    """The page of a file made in the background (a PDF, a .zip, a data set): its progress
    (``partial``, polled with htmx; ``template`` around it on a first visit), then the file
    itself with ``?download=1``. Only the job's owner sees it; anyone else gets 404."""
    job = get_object_or_404(Job, pk=pk, owner=request.user, kind=kind)
    if request.GET.get("download") and job.status == Job.Status.DONE and job.file is not None:
        return download(Export(job.file_name, job.content_type, bytes(job.file)))
    return render(request, partial if request.headers.get("HX-Request") else template, {"job": job})


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, Ratelimited):
        return render(request, "core/ratelimited.html", status=429)
    return render(request, "403.html", status=403)


def int_param(request: HttpRequest, name: str) -> int | None:
    """An integer query parameter, ``None`` when absent; anything else is a 404, not a 500."""
    from django.http import Http404

    raw = request.GET.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit():
        raise Http404
    return int(raw)
