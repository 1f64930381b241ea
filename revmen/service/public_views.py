"""The public side: the service page, the SKM answer page (open link and kiosk), complaints.

No account, no script: every page works as plain HTML forms. The open link remembers an answer
in a signed cookie of the browser (a flag, no id); a kiosk's browser carries its pairing secret
instead and may answer again and again (its own rate limit).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.core import ratelimits
from revmen.instruments.models import Section
from revmen.instruments.services import AlreadySubmitted

from . import selectors
from .access import get_public_service_unit
from .forms import ComplaintForm, PairForm, TrackForm
from .models import Complaint, Kiosk, ServiceUnit, SkmPeriod
from .services import (
    complaint_submit,
    kiosk_for_secret,
    kiosk_pair,
    open_period,
    skm_answer,
    skm_form_key,
    standard_published,
)
from .standard import COMPONENTS

LAPOR_URL = "https://www.lapor.go.id"
ANSWERED_SALT = "revmen.service.answered"
KIOSK_SALT = "revmen.service.kiosk"
KIOSK_RESET_SECONDS = 6


def _answered_cookie(period: SkmPeriod) -> str:
    return f"revmen_skm_{period.pk}"


def _kiosk_cookie(service_unit: ServiceUnit) -> str:
    return f"revmen_kiosk_{service_unit.pk}"


# Short enough that a new release's templates show within minutes, long enough that a busy
# page is rendered a few times an hour, not per visit.
PAGE_CACHE_SECONDS = 10 * 60
PAGE_PARTS = {
    "standard": "service/public/_page_standard.html",
    "results": "service/public/_page_results.html",
    "times": "service/public/_page_times.html",
    "complaint_fields": "service/public/_complaint_fields.html",
    "track_field": "service/public/_track_field.html",
}


def service_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page. Its figures (the standard and its history, the SKM results, response
    times) are rendered once per ``selectors.page_key`` and cached; per visit only the open
    period's count and the complaint form (its CSRF token and one-time key) are fresh."""
    service_unit = get_public_service_unit(slug)
    period, closed = selectors.page_periods(service_unit)
    shown_in = f"{get_language()}:{timezone.get_current_timezone_name()}"  # dates, numbers
    key = f"{selectors.page_key(service_unit, closed, shown_in)}:{','.join(PAGE_PARTS)}"
    parts: dict[str, str] | None = cache.get(key)
    if parts is None:
        parts = _page_parts(service_unit, closed)
        cache.set(key, parts, PAGE_CACHE_SECONDS)
    context: dict[str, Any] = {
        "service_unit": service_unit,
        "parts": {name: mark_safe(html) for name, html in parts.items()},  # escaped when rendered
        "period": period,
        "period_count": selectors.response_count(period) if period else None,
        "form": ComplaintForm(initial={"key": skm_form_key()}),
        "lapor_url": LAPOR_URL,
    }
    return render(request, "service/public/page.html", context)


def _page_parts(service_unit: ServiceUnit, closed: list[SkmPeriod]) -> dict[str, str]:
    """The page's cached parts as HTML, rendered from the database."""
    trend = selectors.skm_trend(service_unit, closed)
    standard = standard_published(service_unit)
    context: dict[str, Any] = {
        "service_unit": service_unit,
        "standard": standard,
        "components": _components(standard),
        "history": service_unit.standards.filter(status="published").order_by("-number"),
        "latest": next((t for t in trend if t["report"]["ikm"] is not None), None),
        "trend": trend,
        "times": selectors.service_response_times(service_unit)[-12:],
    }
    # the forms' empty fields too: per visit only the CSRF token and the one-time key differ
    context |= {"form": ComplaintForm(initial={"kind": "complaint"}), "track_form": TrackForm()}
    return {name: render_to_string(template, context) for name, template in PAGE_PARTS.items()}


def _components(standard: Any) -> list[dict[str, Any]]:
    if standard is None:
        return []
    return [
        {
            "code": c.code,
            "label": c.label,
            "delivery": c.delivery,
            "text": standard.components.get(c.code, ""),
        }
        for c in COMPONENTS
    ]


def standard_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    service_unit = get_public_service_unit(slug)
    standard = service_unit.standards.filter(status="published", number=number).first()
    if standard is None:
        raise Http404
    return render(
        request,
        "service/public/standard.html",
        {"service_unit": service_unit, "standard": standard, "components": _components(standard)},
    )


def _sections(period: SkmPeriod) -> list[Section]:
    return list(period.administration.version.sections.prefetch_related("items").all())


def _form_page(
    request: HttpRequest,
    service_unit: ServiceUnit,
    period: SkmPeriod,
    *,
    kiosk: Kiosk | None,
    key: str,
    errors: dict[str, str],
    status: int = 200,
) -> HttpResponse:
    values = request.POST if request.method == "POST" else {}
    sections = [
        {
            "section": section,
            "fields": [
                {
                    "item": item,
                    "choices": item.qtype.choices(item),
                    "value": str(values.get(item.code, "")),
                    "error": errors.get(item.code),
                }
                for item in section.items.all()
            ],
        }
        for section in _sections(period)
    ]
    context = {
        "service_unit": service_unit,
        "period": period,
        "sections": sections,
        "key": key,
        "kiosk": kiosk,
        "errors": errors,
    }
    page = render(request, "service/public/skm_form.html", context, status=status)
    page["Cache-Control"] = "no-store"
    return page


def _unit_and_open_period(slug: str) -> tuple[ServiceUnit, SkmPeriod | None]:
    """The public service unit of ``slug`` and its open period, in one query when one is open
    (the answer pages' every request)."""
    moment = timezone.now()
    period = (
        SkmPeriod.objects.select_related("administration", "service_unit__unit__agency")
        .filter(
            service_unit__slug=slug,
            administration__opens_at__lte=moment,
            administration__closes_at__gt=moment,
        )
        .first()
    )
    if period is not None:
        return period.service_unit, period
    return get_public_service_unit(slug), None


def skm_answer_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The open link and the QR code's target: one page, one answer per browser."""
    service_unit, period = _unit_and_open_period(slug)
    if period is None:
        return render(request, "service/public/skm_closed.html", {"service_unit": service_unit})
    cookie = _answered_cookie(period)
    if request.get_signed_cookie(cookie, default=None, salt=ANSWERED_SALT):
        return render(
            request, "service/public/skm_done.html", {"service_unit": service_unit, "already": True}
        )
    if request.method != "POST":
        return _form_page(request, service_unit, period, kiosk=None, key=skm_form_key(), errors={})
    page = _take_answer(request, service_unit, period, kiosk=None)
    if page.status_code == 200 and getattr(page, "stored", False):
        page.set_signed_cookie(
            cookie,
            "1",
            salt=ANSWERED_SALT,
            max_age=max(
                60, int((period.administration.closes_at - timezone.now()) / timedelta(seconds=1))
            ),
            path=request.path,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return page


def skm_by_key(request: HttpRequest, key: str) -> HttpResponse:
    """``/s/<key>/`` of an SKM period lands here: the unit's answer page, where the
    one-answer-per-browser cookie applies (the generic open link would hand out a new sheet
    on every visit)."""
    period = (
        SkmPeriod.objects.select_related("service_unit")
        .filter(administration__public_key=key)
        .first()
    )
    if period is None:
        ratelimits.refuse_if_flooding(request)
        raise Http404
    return redirect("service_skm", slug=period.service_unit.slug)


def _take_answer(
    request: HttpRequest, service_unit: ServiceUnit, period: SkmPeriod, *, kiosk: Kiosk | None
) -> HttpResponse:
    key = request.POST.get("key", "")
    if not key or len(key) > 64:
        ratelimits.refuse_if_flooding(request)
        return _form_page(
            request, service_unit, period, kiosk=kiosk, key=skm_form_key(), errors={}, status=400
        )
    if kiosk is not None:
        ratelimits.spend(request, "KIOSK_ANSWER_RATE_LIMIT", per=f"kiosk:{kiosk.pk}")
    else:
        ratelimits.spend(request, "SKM_ANSWER_RATE_LIMIT", per=f"skm:{period.pk}")
    already = False
    try:
        errors = skm_answer(period=period, data=request.POST.dict(), key=key)
    except AlreadySubmitted:
        errors, already = {}, True
    except ValidationError:
        return render(request, "service/public/skm_closed.html", {"service_unit": service_unit})
    if errors:
        ratelimits.refuse_if_flooding(request)
        return _form_page(
            request, service_unit, period, kiosk=kiosk, key=key, errors=errors, status=400
        )
    page = render(
        request,
        "service/public/skm_done.html",
        {
            "service_unit": service_unit,
            "already": already and kiosk is None,
            "kiosk": kiosk,
            "reset_seconds": KIOSK_RESET_SECONDS,
        },
    )
    page.stored = True  # type: ignore[attr-defined]
    page["Cache-Control"] = "no-store"
    return page


def _kiosk_of(request: HttpRequest, service_unit: ServiceUnit) -> Kiosk | None:
    value = request.get_signed_cookie(_kiosk_cookie(service_unit), default="", salt=KIOSK_SALT)
    kiosk_id, _sep, secret = (value or "").partition(":")
    if not kiosk_id.isdigit():
        return None
    return kiosk_for_secret(service_unit, int(kiosk_id), secret)


def set_kiosk_cookie(
    response: HttpResponse, service_unit: ServiceUnit, kiosk: Kiosk, secret: str
) -> None:
    response.set_signed_cookie(
        _kiosk_cookie(service_unit),
        f"{kiosk.pk}:{secret}",
        salt=KIOSK_SALT,
        max_age=365 * 86400,
        path=reverse("service_kiosk", args=[service_unit.slug]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def kiosk_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The counter's tablet: the answer form again after each answer; pairing when not paired."""
    service_unit = get_public_service_unit(slug)
    kiosk = _kiosk_of(request, service_unit)
    if kiosk is None:
        return render(
            request,
            "service/public/kiosk_pair.html",
            {"service_unit": service_unit, "form": PairForm()},
        )
    period = open_period(service_unit)  # the kiosk's own unit, read with its cookie
    if period is None:
        page = render(
            request,
            "service/public/skm_closed.html",
            {"service_unit": service_unit, "kiosk": kiosk},
        )
        page["Refresh"] = "60"
        return page
    if request.method != "POST":
        return _form_page(request, service_unit, period, kiosk=kiosk, key=skm_form_key(), errors={})
    return _take_answer(request, service_unit, period, kiosk=kiosk)


@require_POST
def kiosk_pair_view(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = get_public_service_unit(slug)
    form = PairForm(request.POST)
    if form.is_valid():
        try:
            kiosk, secret = kiosk_pair(service_unit=service_unit, code=form.cleaned_data["code"])
        except ValidationError as error:
            ratelimits.refuse_if_flooding(request)
            form.add_error("code", error.messages[0])
        else:
            page = redirect("service_kiosk", slug=service_unit.slug)
            set_kiosk_cookie(page, service_unit, kiosk, secret)
            return page
    return render(
        request,
        "service/public/kiosk_pair.html",
        {"service_unit": service_unit, "form": form},
        status=400,
    )


@require_POST
def complaint_send(request: HttpRequest, slug: str) -> HttpResponse:
    service_unit = get_public_service_unit(slug)
    form = ComplaintForm(request.POST)
    if not form.is_valid():
        ratelimits.refuse_if_flooding(request)
        return render(
            request,
            "service/public/complaint_form.html",
            {"service_unit": service_unit, "form": form, "lapor_url": LAPOR_URL},
            status=400,
        )
    ratelimits.spend(request, "COMPLAINT_RATE_LIMIT", per=f"complaint:{service_unit.pk}")
    data = form.cleaned_data
    complaint = complaint_submit(
        service_unit=service_unit,
        kind=data["kind"],
        text=data["text"],
        name=data["name"],
        contact=data["contact"],
        submit_key=data["key"],
    )
    return redirect(f"{reverse('service_track')}?code={complaint.tracking_code}")


def complaint_track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    complaint = None
    if form.is_valid():
        code = form.cleaned_data["code"].strip().upper()
        complaint = (
            Complaint.objects.select_related("service_unit")
            .prefetch_related("replies")
            .filter(tracking_code=code)
            .first()
        )
        if complaint is None:
            ratelimits.refuse_if_flooding(request)
            form.add_error("code", _("No complaint has this tracking code."))
    page = render(
        request,
        "service/public/track.html",
        {"form": form, "complaint": complaint, "lapor_url": LAPOR_URL},
        status=404 if form.is_bound and complaint is None else 200,
    )
    page["Cache-Control"] = "no-store"
    page["Referrer-Policy"] = "no-referrer"
    return page
