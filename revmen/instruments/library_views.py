"""The instrument library pages: browse, preview, export to Excel, import from Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from revmen.accounts import access
from revmen.accounts.models import Person
from revmen.core.exports import XLSX, Export, download
from revmen.core.jobs import import_start

from .access import get_instrument_for_user, instruments_visible_to, is_author
from .forms import InstrumentImportForm
from .models import Instrument
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
        },
    )


@login_required
def instrument_export(request: HttpRequest, code: str, number: int) -> HttpResponse:
    instrument = get_instrument_for_user(request, code)
    version = get_object_or_404(instrument.versions, number=number)
    return download(Export(f"{instrument.code}-v{number}.xlsx", XLSX, export_version(version)))


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
