"""Culture waves: open one, hand out links, watch response rates, close, read the report."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.accounts.models import Unit
from revmen.core import ratelimits
from revmen.core.exports import download
from revmen.core.spreadsheets import SpreadsheetError
from revmen.core.views import int_param, job_file_page
from revmen.instruments.datasets import FORMATS
from revmen.instruments.models import Administration
from revmen.instruments.services import token_get

from . import access, exports, reminders, services
from .exports import PDF_KIND, export_request
from .forms import (
    ChooseUnitForm,
    ExtendForm,
    HeadcountsForm,
    HeadcountUploadForm,
    ReminderForm,
    TokensForm,
    WaveForm,
)
from .headcounts import headcount_sheet, headcounts_of, headcounts_set, import_headcounts
from .models import Wave
from .report import build_report

BROWSER_COOKIE = "revmen_wave_%s"
BROWSER_COOKIE_SALT = "revmen.culture.open-link"


@login_required
def wave_list(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    waves = access.waves_visible_to(person).select_related("agency", "administration")
    runs = access.agencies_run_by(person)
    if not waves.exists() and not runs.exists():
        raise Http404
    return render(request, "culture/wave_list.html", {"waves": waves, "agencies": runs})


@login_required
def wave_create(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.agencies_run_by(person_of(request)).filter(code=code.upper()).first()
    if agency is None:
        raise Http404
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(
                agency=agency,
                created_by=person_of(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("wave_detail", pk=wave.pk)
    return render(request, "culture/wave_form.html", {"form": form, "agency": agency})


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request, pk)
    person = person_of(request)
    root = access.report_root(person, wave)
    can_manage = root is None
    return render(
        request,
        "culture/wave_detail.html",
        {
            "wave": wave,
            "report": build_report(wave, root=root, with_extras=False),
            "can_manage": can_manage,
            "close_job": services.close_job(wave) if wave.is_closing else None,
            "link": _open_link(wave),
            "tokens_form": TokensForm(agency=wave.agency) if can_manage else None,
            "extend_form": ExtendForm() if can_manage else None,
            "reminder_form": ReminderForm(agency=wave.agency) if can_manage else None,
            "reminder": reminders.latest_reminder(wave) if can_manage else None,
        },
    )


def _open_link(wave: Wave, unit: Unit | None = None) -> str:
    link = settings.SITE_URL.rstrip("/") + reverse(
        "wave_link", args=[wave.administration.public_key]
    )
    return f"{link}?unit={unit.pk}" if unit else link


@login_required
def wave_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 poster for the counter or the notice board: the open link as a QR code, for the
    whole agency or (``?unit=``) with one unit pre-selected."""
    wave = access.get_wave_for_user(request, pk, manage=True)
    unit_id = int_param(request, "unit")
    unit = Unit.objects.filter(agency=wave.agency, pk=unit_id).first() if unit_id else None
    link = _open_link(wave, unit)
    qr = segno.make(link, error="m").svg_inline(
        scale=8, omitsize=True, title=_("QR code of the survey link")
    )
    return render(
        request,
        "culture/poster.html",
        {"wave": wave, "unit": unit, "link": link, "qr": mark_safe(qr)},
    )


@login_required
@require_POST
def wave_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind everyone in a unit (and below) in the background; never only non-respondents."""
    wave = access.get_wave_for_user(request, pk, manage=True)
    form = ReminderForm(request.POST, agency=wave.agency)
    if form.is_valid():
        try:
            reminders.reminder_start(
                wave=wave, unit=form.cleaned_data["unit"], by=person_of(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The reminder is being sent."))
    else:
        messages.error(request, _("Choose a unit."))
    return redirect("wave_detail", pk=wave.pk)


@login_required
def wave_reminder(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest reminder's progress (polled by the wave page)."""
    wave = access.get_wave_for_user(request, pk, manage=True)
    job = reminders.latest_reminder(wave)
    if job is None:
        raise Http404
    return render(request, "culture/_reminder.html", {"wave": wave, "reminder": job})


@login_required
@require_POST
def wave_extend(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request, pk, manage=True)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.wave_extend(wave=wave, closes_at=form.cleaned_data["closes_at"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            end = formats.date_format(
                timezone.localtime(wave.administration.closes_at), "j F Y H.i"
            )
            messages.success(request, _("The wave now ends on %(end)s.") % {"end": end})
    else:
        messages.error(request, _("Give the new end as a date and time."))
    return redirect("wave_detail", pk=wave.pk)


@login_required
@require_POST
def wave_tokens(request: HttpRequest, pk: int) -> HttpResponse:
    """Single-use links for one unit, as a spreadsheet to print or mail-merge (shown once)."""
    wave = access.get_wave_for_user(request, pk, manage=True)
    form = TokensForm(request.POST, agency=wave.agency)
    if not form.is_valid() or wave.is_closed or wave.is_closing:
        messages.error(request, _("Choose a unit and a number of links."))
        return redirect("wave_detail", pk=wave.pk)
    unit, count = form.cleaned_data["unit"], form.cleaned_data["count"]
    tokens = services.tokens_issue(wave=wave, unit=unit, count=count)
    base = settings.SITE_URL.rstrip("/")
    links = [base + reverse("answer_token", args=[token]) for token in tokens]
    return download(exports.links_xlsx(wave, unit, links))


@login_required
def wave_headcounts(request: HttpRequest, pk: int) -> HttpResponse:
    """The culture admin enters or uploads each unit's real headcount for this wave."""
    wave = access.get_wave_for_user(request, pk, manage=True)
    if request.GET.get("download") == "xlsx":
        return download(headcount_sheet(wave))
    units = list(Unit.objects.filter(agency=wave.agency).order_by("path"))
    current = headcounts_of(wave)
    form = HeadcountsForm(None, units=units, current=current)
    upload = HeadcountUploadForm()
    errors: list[str] = []
    if request.method == "POST" and "file" in request.FILES:
        upload = HeadcountUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                result = import_headcounts(wave=wave, filename=file.name, content=file.read())
            except SpreadsheetError as error:
                errors = [str(error)]
            else:
                if result.written:
                    messages.success(request, result.message())
                    return redirect("wave_detail", pk=wave.pk)
                errors = [str(e) for e in result.errors]
    elif request.method == "POST":
        form = HeadcountsForm(request.POST, units=units, current=current)
        if form.is_valid():
            done, _cleared = headcounts_set(wave=wave, values=form.values())
            messages.success(request, _("Headcounts saved: %(n)s units.") % {"n": done})
            return redirect("wave_detail", pk=wave.pk)
    return render(
        request,
        "culture/headcounts.html",
        {"wave": wave, "form": form, "upload": upload, "errors": errors},
    )


@login_required
@require_POST
def wave_close(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request, pk, manage=True)
    # Closing for good needs the ticked box; retrying a close that failed does not.
    if not (wave.is_closing or wave.is_closed) and request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm: closing cannot be undone."))
        return redirect("wave_detail", pk=wave.pk)
    wave = services.wave_close(wave=wave, by=request.user)
    if not wave.is_closed:
        messages.success(request, _("The wave is closed to answers; the report is being computed."))
    return redirect("wave_detail", pk=wave.pk)


@login_required
def wave_closing(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a closing wave (polled by the wave page); on to the report once it is done."""
    wave = access.get_wave_for_user(request, pk)
    if wave.is_closed and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("wave_report", args=[wave.pk])
        return response
    can_manage = access.report_root(person_of(request), wave) is None
    return render(
        request,
        "culture/_closing.html",
        {"wave": wave, "can_manage": can_manage, "close_job": services.close_job(wave)},
    )


@login_required
def wave_report(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request, pk)
    root = access.report_root(person_of(request), wave)
    if not wave.is_closed:
        return redirect("wave_detail", pk=wave.pk)
    report = build_report(wave, root=root)
    if request.GET.get("format") == "xlsx":
        return download(exports.report_xlsx(report))
    return render(
        request, "culture/report.html", {"report": report, "wave": wave, "scoped": root is not None}
    )


@login_required
@require_POST
def wave_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    wave = access.get_wave_for_user(request, pk)
    if not wave.is_closed:
        raise Http404
    root = access.report_root(person_of(request), wave)
    export = export_request(wave=wave, root=root, person=request.user)
    return redirect("wave_export", pk=export.pk)


@login_required
@require_POST
def wave_responses(request: HttpRequest, pk: int) -> HttpResponse:
    """The closed wave's anonymous answers as a data set, for those who run the agency."""
    wave = access.get_wave_for_user(request, pk, manage=True)
    fmt = request.POST.get("format", "")
    if not wave.is_closed or fmt not in FORMATS:
        raise Http404
    job = exports.wave_responses_start(wave=wave, fmt=fmt, person=person_of(request))
    return redirect("responses_export", pk=job.pk)


@login_required
def wave_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF's progress, then the file (``core.views.job_file_page``)."""
    return job_file_page(
        request,
        pk,
        kind=PDF_KIND,
        template="culture/export.html",
        partial="culture/_export.html",
    )


def wave_link(request: HttpRequest, key: str) -> HttpResponse:
    """The wave's public link: the respondent chooses (or confirms) their unit, then answers.

    Limited per link (answer sheets handed out), never per address: a whole office answers from
    behind one. Only failures (an unknown link, an invalid choice) count per address."""
    administration = (
        Administration.objects.select_related("wave__agency")
        .filter(public_key=key, purpose="culture")
        .first()
    )
    if administration is None:
        ratelimits.refuse_if_flooding(request)
        raise Http404
    wave = administration.wave
    if not administration.is_open():
        return render(request, "instruments/closed.html", {"administration": administration})
    initial = {}
    unit_id = int_param(request, "unit")
    if unit_id is not None:
        unit = Unit.objects.filter(agency=wave.agency, pk=unit_id).first()
        initial = {"unit": unit} if unit else {}
    # One answer per browser: the token handed out is kept in this browser only (a signed
    # cookie); a second visit resumes it, or, once it is used, says so. Nothing that identifies
    # the device is stored on the server.
    cookie = BROWSER_COOKIE % administration.pk
    earlier = request.get_signed_cookie(cookie, default=None, salt=BROWSER_COOKIE_SALT)
    if earlier is not None:
        if token_get(earlier) is not None:
            return redirect("answer_token", token=earlier)
        return render(request, "culture/answered.html", {"wave": wave})
    form = ChooseUnitForm(request.POST or None, agency=wave.agency, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            ratelimits.spend(request, "OPEN_LINK_RATE_LIMIT", per=key)
            token = services.open_link_token_for_unit(wave=wave, unit=form.cleaned_data["unit"])
            response = redirect("answer_token", token=token)
            response.set_signed_cookie(
                cookie,
                token,
                salt=BROWSER_COOKIE_SALT,
                expires=administration.closes_at,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
        ratelimits.refuse_if_flooding(request)
    return render(request, "culture/choose_unit.html", {"wave": wave, "form": form})
