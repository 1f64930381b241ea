"""Managing a service unit: periods and their reports, the standard, kiosks, complaints."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.core.exports import Export, download
from revmen.core.forms import add_validation_errors, choice_field, label_options
from revmen.core.models import Job

from . import access, exports, selectors, services
from .forms import (
    FollowUpForm,
    KioskForm,
    PeriodForm,
    ReplyForm,
    ServiceUnitEditForm,
    ServiceUnitForm,
    StandardForm,
)
from .models import Complaint, ServiceUnit, SkmPeriod
from .public_views import set_kiosk_cookie
from .standard import COMPONENTS


def _unit_form(request: HttpRequest) -> ServiceUnitForm:
    form = ServiceUnitForm(request.POST or None)
    field = choice_field(form, "unit")
    field.queryset = access.units_that_may_serve(person_of(request)).filter(
        service_unit__isnull=True
    )
    label_options(field, lambda u: f"{u.agency.code} · {u.path or u.agency.name}")
    return form


@login_required
def service_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    units = access.service_units_managed_by(person)
    may_create = access.may_create_service_units(person)
    if not units.exists() and not may_create:
        raise Http404
    form = _unit_form(request) if may_create else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            service_unit = services.service_unit_create(
                unit=data["unit"],
                slug=data["slug"],
                name=data["name"],
                population=data["population"],
                by=person,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("service_manage", slug=service_unit.slug)
    return render(request, "service/list.html", {"units": units, "form": form})


@login_required
def service_manage(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug)
    person = person_of(request)
    edit = ServiceUnitEditForm(
        request.POST or None,
        initial={"name": service_unit.name, "population": service_unit.population},
    )
    if request.method == "POST" and edit.is_valid():
        services.service_unit_update(
            service_unit=service_unit,
            name=edit.cleaned_data["name"],
            population=edit.cleaned_data["population"],
        )
        return redirect("service_manage", slug=slug)
    period = services.open_period(service_unit)
    context = {
        "service_unit": service_unit,
        "edit_form": edit,
        "period": period,
        "period_count": selectors.response_count(period) if period else None,
        "period_form": PeriodForm(initial={"population": service_unit.population}),
        "periods": service_unit.periods.select_related("administration"),
        "draft": services.standard_draft(service_unit),
        "published": services.standard_published(service_unit),
        "can_approve": access.can_approve(person, service_unit),
        "open_complaints": service_unit.complaints.exclude(status="closed").count(),
        "link": exports.public_link(service_unit),
    }
    return render(request, "service/manage.html", context)


@login_required
@require_POST
def period_open_view(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug)
    form = PeriodForm(request.POST)
    if form.is_valid():
        closes = timezone.make_aware(datetime.combine(form.cleaned_data["closes_on"], time.max))
        try:
            services.period_open(
                service_unit=service_unit,
                name=form.cleaned_data["name"],
                closes_at=closes,
                population=form.cleaned_data["population"],
                by=person_of(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(m) for ms in form.errors.values() for m in ms))
    return redirect("service_manage", slug=slug)


def _period(request: HttpRequest, slug: str, pk: int) -> SkmPeriod:
    service_unit = access.get_service_unit_for_user(request, slug)
    return get_object_or_404(
        SkmPeriod.objects.select_related("administration", "service_unit__unit__agency"),
        pk=pk,
        service_unit=service_unit,
    )


@login_required
@require_POST
def period_close_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    period = _period(request, slug, pk)
    if request.POST.get("confirm"):
        services.period_close(period=period)
    return redirect("service_period", slug=slug, pk=pk)


@login_required
def period_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    period = _period(request, slug, pk)
    form = FollowUpForm(
        request.POST or None,
        initial={
            "population": period.population,
            "follow_up": period.follow_up,
            "publish": period.follow_up_published_at is not None,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.period_follow_up(
            period=period,
            text=form.cleaned_data["follow_up"],
            publish=form.cleaned_data["publish"],
            population=form.cleaned_data["population"],
        )
        return redirect("service_period", slug=slug, pk=pk)
    report = selectors.period_report(period)
    return render(
        request,
        "service/period.html",
        {
            "period": period,
            "service_unit": period.service_unit,
            "report": report,
            "form": form,
            "elements": exports._elements(report),
        },
    )


def _pdf_page(
    request: HttpRequest,
    service_unit: ServiceUnit,
    title: str,
    *,
    period: SkmPeriod | None = None,
    poster: ServiceUnit | None = None,
) -> HttpResponse:
    """A PDF made in the background: POST queues it; GET shows this user's latest one with its
    progress (polled with htmx) and ``?download=<job>`` hands out the file."""
    if request.method == "POST":
        exports.pdf_request(person=request.user, period=period, service_unit=poster)
        return redirect(request.path)
    jobs = Job.objects.filter(
        kind=exports.PDF_KIND,
        owner=person_of(request),
        target=exports.pdf_target(period=period, service_unit=poster),
    )
    wanted = request.GET.get("download", "")
    if wanted.isdigit():
        done = get_object_or_404(jobs, pk=int(wanted), status=Job.Status.DONE, file__isnull=False)
        return download(Export(done.file_name, done.content_type, bytes(done.file or b"")))
    job = jobs.order_by("-pk").first()
    context = {"service_unit": service_unit, "title": title, "job": job}
    if job is not None and request.headers.get("HX-Request"):
        return render(request, "service/_pdf_progress.html", context)
    return render(request, "service/pdf.html", context)


@login_required
def period_export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    period = _period(request, slug, pk)
    if fmt == "pdf":
        return _pdf_page(request, period.service_unit, f"SKM · {period.name}", period=period)
    if fmt == "xlsx" and request.method == "GET":
        return download(exports.report_xlsx(period))
    raise Http404


@login_required
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug)
    return _pdf_page(request, service_unit, _("Poster (PDF)"), poster=service_unit)


@login_required
def standard_edit(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug)
    base = services.standard_draft(service_unit) or services.standard_published(service_unit)
    initial = {}
    if base is not None:
        initial = {
            "service_name": base.service_name,
            "is_free": base.is_free,
            "pledge": base.pledge,
            **{f"c_{c.code}": base.components.get(c.code, "") for c in COMPONENTS},
        }
        if base.status != "published":
            initial["change_note"] = base.change_note
    form = StandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.standard_save(
                service_unit=service_unit,
                service_name=data["service_name"],
                components=form.components(),
                is_free=data["is_free"],
                pledge=data["pledge"],
                change_note=data["change_note"],
                submit=data["submit_for_approval"],
                by=person_of(request),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("service_manage", slug=slug)
    draft = services.standard_draft(service_unit)
    return render(
        request,
        "service/standard_form.html",
        {
            "service_unit": service_unit,
            "form": form,
            "draft": draft,
            "missing": services.missing_components(draft) if draft else [],
            "can_approve": access.can_approve(person_of(request), service_unit),
        },
    )


@login_required
@require_POST
def standard_approve_view(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug, approve=True)
    try:
        version = services.standard_approve(service_unit=service_unit, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("service_standard", slug=slug)
    messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
    return redirect("service_manage", slug=slug)


@login_required
def kiosks(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug)
    form = KioskForm(request.POST or None)
    code = None
    if request.method == "POST":
        revoke = request.POST.get("revoke", "")
        if revoke.isdigit():
            kiosk = get_object_or_404(service_unit.kiosks, pk=int(revoke))
            services.kiosk_revoke(kiosk=kiosk)
            return redirect("service_kiosks", slug=slug)
        if form.is_valid():
            name, person = form.cleaned_data["name"], person_of(request)
            if "here" in request.POST:
                kiosk, secret = services.kiosk_pair_here(
                    service_unit=service_unit, name=name, by=person
                )
                page = redirect("service_kiosk", slug=slug)
                set_kiosk_cookie(page, service_unit, kiosk, secret)
                return page
            _kiosk, code = services.kiosk_pairing_code(
                service_unit=service_unit, name=name, by=person
            )
    return render(
        request,
        "service/kiosks.html",
        {
            "service_unit": service_unit,
            "form": form,
            "code": code,
            "kiosks": service_unit.kiosks.all(),
            "minutes": services.KIOSK_CODE_MINUTES,
        },
    )


@login_required
def complaints(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = access.get_service_unit_for_user(request, slug)
    return render(
        request,
        "service/complaints.html",
        {
            "service_unit": service_unit,
            "complaints": service_unit.complaints.all()[:500],
            "times": selectors.service_response_times(service_unit),
        },
    )


@login_required
def complaint_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    service_unit: ServiceUnit = access.get_service_unit_for_user(request, slug)
    complaint = get_object_or_404(
        Complaint.objects.prefetch_related("replies"), pk=pk, service_unit=service_unit
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.complaint_answer(
            complaint=complaint,
            text=form.cleaned_data["text"],
            close=form.cleaned_data["close"],
            by=person_of(request),
        )
        return redirect("service_complaint", slug=slug, pk=pk)
    return render(
        request,
        "service/complaint.html",
        {"service_unit": service_unit, "complaint": complaint, "form": form},
    )
