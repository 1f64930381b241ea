"""Training pages: batches, enrolment, sessions, attendance. Outsiders get 404 everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.core.audit import audit
from revmen.core.exports import download
from revmen.core.forms import add_validation_errors
from revmen.core.jobs import import_start
from revmen.core.models import Job
from revmen.training import access

from . import selectors, services
from .exports import enrolment_list, enrolment_template
from .forms import EnrolConfirmForm, EnrolUploadForm, ParticipantForm
from .models import Batch


def _get_enrol_job(request: HttpRequest, batch: Batch, pk: int) -> Job:
    """The user's own enrolment job for this batch, or 404."""
    job = Job.objects.filter(pk=pk, owner=person_of(request), kind="enrolment").first()
    if job is None or job.params.get("options", {}).get("batch_id") != batch.pk:
        raise Http404
    return job


@login_required
def batch_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The organiser's (and batch staff's) page: roster, attendance grid, who is at risk."""
    batch = access.get_batch_for_user(request, code)
    return render(
        request,
        "training/batch_detail.html",
        {
            "batch": batch,
            "grid": selectors.attendance_grid(batch),
            "inactive": selectors.participants_of(batch).filter(is_active=False),
            "staff": selectors.staff_of(batch),
            "can_manage": access.can_manage_batch(person_of(request), batch),
            "capacity_warning": services.capacity_warning(batch),
        },
    )


@login_required
def enrol(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a sheet: the check runs in the background and ends on a preview page."""
    batch = access.get_batch_for_user(request, code, manage=True)
    form = EnrolUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_start(
            kind="enrolment",
            created_by=request.user,
            filename=upload.name,
            content=upload.read(),
            options={
                "batch_id": batch.pk,
                "dry_run": True,
                "language": get_language(),
                "viewer_id": person_of(request).pk,
            },
        )
        return redirect("enrol_job", code=batch.code, pk=job.pk)
    return render(
        request,
        "training/enrol.html",
        {"batch": batch, "form": form, "participant_form": ParticipantForm()},
    )


@login_required
def enrol_job(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Progress, then the preview (bad rows, warnings) with its confirm button, or the result."""
    batch = access.get_batch_for_user(request, code, manage=True)
    job = _get_enrol_job(request, batch, pk)
    form = EnrolConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        preview = job.result
        if not (job.is_finished and preview.get("dry_run") and "rows" in preview):
            raise Http404
        if job.errors and not form.cleaned_data["only_valid"]:
            messages.error(
                request, _("Fix the bad rows first, or choose to enrol only the valid rows.")
            )
            return redirect("enrol_job", code=batch.code, pk=job.pk)
        confirmed = import_start(
            kind="enrolment",
            created_by=request.user,
            filename=job.filename,
            content=bytes(job.content),
            only_valid=form.cleaned_data["only_valid"],
            options={
                "batch_id": batch.pk,
                "dry_run": False,
                "language": get_language(),
                "viewer_id": person_of(request).pk,
            },
        )
        return redirect("enrol_job", code=batch.code, pk=confirmed.pk)
    template = (
        "training/_enrol_progress.html"
        if request.headers.get("HX-Request")
        else "training/enrol_job.html"
    )
    return render(request, template, {"batch": batch, "job": job, "form": form})


@login_required
@require_POST
def participant_add(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_user(request, code, manage=True)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        try:
            result = services.participant_enrol(
                batch=batch, viewer=person_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(request, result.as_dict()["message"])
            return redirect("enrol", code=batch.code)
    return render(
        request,
        "training/enrol.html",
        {"batch": batch, "form": EnrolUploadForm(), "participant_form": form},
    )


@login_required
def enrol_template(request: HttpRequest, code: str) -> HttpResponse:
    access.get_batch_for_user(request, code, manage=True)
    return download(enrolment_template())


@login_required
def enrolment_export(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_user(request, code, manage=True)
    export = enrolment_list(batch)
    audit(request.user, "training.enrolment.export", batch, note=export.name)
    return download(export)
