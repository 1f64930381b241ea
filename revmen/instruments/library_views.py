"""The instrument library pages: browse, preview, export (Excel, LimeSurvey), import (Excel,
LimeSurvey), and answers collected elsewhere imported with a column-to-item mapping screen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts import access
from revmen.accounts.models import Person
from revmen.core.exports import XLSX, Export, download
from revmen.core.jobs import import_start, job_start, run_job
from revmen.core.models import Job
from revmen.core.spreadsheets import SpreadsheetError

from . import datasets
from .access import get_instrument_for_user, instruments_visible_to, is_author
from .forms import ColumnMapForm, InstrumentImportForm, ResponsesUploadForm
from .jobs import RESPONSES_IMPORT
from .limesurvey import LSS, export_lss
from .models import Administration, Instrument, Version
from .response_imports import preview
from .spreadsheet import export_version


def _require_author(request: HttpRequest) -> Person:
    """Platform admins and organisers author instruments; everyone else gets 404."""
    person = access.person_of(request)
    if not is_author(person):
        raise Http404
    return person


def _may_import(person: Person, code: str) -> str:
    """Platform admins may version any instrument; organisers only their institute's own."""
    instrument = Instrument.objects.filter(code=code).first()
    if instrument is None or access.is_platform_admin(person):
        return ""
    if instrument.is_builtin:
        return _("Built-in instruments are changed by platform administrators only.")
    if instrument.owner_id not in access.institute_ids(person):
        return _("This instrument belongs to another institute: choose another code.")
    return ""


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    person = _require_author(request)
    instruments = (
        instruments_visible_to(person).prefetch_related("versions").order_by("kind", "name")
    )
    return render(request, "instruments/library.html", {"instruments": instruments})


@login_required
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = get_instrument_for_user(request, code)
    versions = list(instrument.versions.order_by("number"))
    chosen = versions[-1] if versions else None
    if request.GET.get("version"):
        chosen = next((v for v in versions if str(v.number) == request.GET["version"]), None)
        if chosen is None:
            raise Http404
    sections = chosen.sections.prefetch_related("items__scale") if chosen else []
    return render(
        request,
        "instruments/instrument.html",
        {
            "instrument": instrument,
            "versions": versions,
            "version": chosen,
            "sections": sections,
            "imported": _imported(request, instrument)
            .select_related("version")
            .annotate(n_responses=Count("responses")),
        },
    )


def _imported(request: HttpRequest, instrument: Instrument) -> QuerySet[Administration]:
    """The administrations imported from elsewhere into ``instrument`` that the viewer may
    export: their own imports, or all of them for a platform admin."""
    found = Administration.objects.filter(version__instrument=instrument, audience="imported")
    person = access.person_of(request)
    if not access.is_platform_admin(person):
        found = found.filter(created_by=person)
    return found.order_by("-created_at")


@login_required
def instrument_export(request: HttpRequest, code: str, number: int) -> HttpResponse:
    instrument = get_instrument_for_user(request, code)
    version = get_object_or_404(instrument.versions, number=number)
    return download(Export(f"{instrument.code}-v{number}.xlsx", XLSX, export_version(version)))


@login_required
def instrument_export_lss(request: HttpRequest, code: str, number: int) -> HttpResponse:
    instrument = get_instrument_for_user(request, code)
    version = get_object_or_404(instrument.versions, number=number)
    return download(Export(f"{instrument.code}-v{number}.lss", LSS, export_lss(version)))


@login_required
def responses_import(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: the response sheet, stored in a job that waits for its column mapping."""
    instrument = get_instrument_for_user(request, code)
    versions = list(instrument.versions.order_by("number"))
    form = ResponsesUploadForm(request.POST or None, request.FILES or None, versions=versions)
    context = {"instrument": instrument, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = job_start(
            kind=RESPONSES_IMPORT,
            owner=request.user,
            target=f"instruments.instrument:{instrument.pk}",
            filename=data["file"].name,
            content=data["file"].read(),
            params={
                "only_valid": False,
                "options": {
                    "version_id": data["version"],
                    "source": data["source"],
                    "title": data["title"],
                    "created_by_id": request.user.pk,
                },
            },
            enqueue=False,  # queued once the columns are mapped
        )
        return redirect("responses_map", code=instrument.code, pk=job.pk)
    return render(request, "instruments/responses_import.html", context)


@login_required
def responses_map(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Step 2: which item each column fills (suggested from the headings), then the import runs
    in the background, all or nothing, and its page lists every bad cell."""
    instrument = get_instrument_for_user(request, code)
    job = get_object_or_404(
        Job, pk=pk, owner=request.user, kind=RESPONSES_IMPORT, status=Job.Status.QUEUED
    )
    options = job.params["options"]
    if "mapping" in options:  # already mapped and queued
        return redirect("job_detail", pk=job.pk)
    version = get_object_or_404(Version, pk=options["version_id"], instrument=instrument)
    try:
        columns, notes, n_rows = preview(
            version=version,
            source=options["source"],
            filename=job.filename,
            content=bytes(job.content),
        )
    except SpreadsheetError:
        raise Http404 from None  # the upload form checked the file; a job edited by hand
    items = list(version.items.order_by("position"))
    form = ColumnMapForm(request.POST or None, columns=columns, items=items)
    if request.method == "POST" and form.is_valid():
        job.params = {**job.params, "options": {**options, "mapping": form.mapping(columns)}}
        job.save(update_fields=["params"])
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
        return redirect("job_detail", pk=job.pk)
    rows = [
        (name, heading, form[name] if name in form.fields else None)
        for name, heading in form.headings
    ]
    context = {
        "instrument": instrument,
        "version": version,
        "job": job,
        "form": form,
        "rows": rows,
        "notes": notes,
        "n_rows": n_rows,
    }
    return render(request, "instruments/responses_map.html", context)


@login_required
@require_POST
def imported_responses_export(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """An imported administration's data set (.xlsx, .csv or .sav), made in the background."""
    instrument = get_instrument_for_user(request, code)
    administration = get_object_or_404(_imported(request, instrument), pk=pk)
    fmt = request.POST.get("format", "")
    if fmt not in datasets.FORMATS:
        raise Http404
    job = datasets.export_start(
        administration=administration, fmt=fmt, person=access.person_of(request)
    )
    return redirect("responses_export", pk=job.pk)


@login_required
def instrument_import(request: HttpRequest) -> HttpResponse:
    person = _require_author(request)
    form = InstrumentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        error = _may_import(person, data["code"])
        if error:
            form.add_error("code", error)
            return render(request, "instruments/import.html", {"form": form})
        job = import_start(
            kind="instrument",
            created_by=person,
            filename=data["file"].name,
            content=data["file"].read(),
            options={
                "code": data["code"],
                "name": data["name"],
                "kind": data["kind"],
                "owner_id": next(iter(access.institute_ids(person)), None),
            },
        )
        return redirect("job_detail", pk=job.pk)
    return render(request, "instruments/import.html", {"form": form})
