"""Reads of the service app: the SKM report of a period (through the stats core), the public
page's figures, and the plain-data selectors other apps read (projects: before/after)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.core.cache import cache
from django.utils import timezone

from revmen.accounts.models import Unit
from revmen.instruments.answers import answer_matrix
from revmen.instruments.models import Item, Response
from revmen.privacy.groups import DEFAULT_MIN_GROUP_SIZE, may_show
from revmen.privacy.suppression import suppress
from revmen.stats.errors import InsufficientData
from revmen.stats.responsiveness import response_times
from revmen.stats.skm import ELEMENTS, skm_index, skm_min_sample

from .models import Complaint, ServiceUnit, SkmPeriod

ELEMENT_CODES = tuple(f"U{i}" for i in range(1, len(ELEMENTS) + 1))
PROFILE_CODES = ("R1", "R2", "R3", "R4")  # sex, age band, education, occupation (choices)
SERVICE_USED = "R5"  # the service used: free text, never shown, counted only
WEAKEST = 3
REPORT_CACHE_SECONDS = 24 * 3600


def _items(period: SkmPeriod) -> list[Item]:
    return list(
        Item.objects.filter(version_id=period.administration.version_id).order_by("position")
    )


def period_matrix(period: SkmPeriod) -> tuple[np.ndarray, list[Item]]:
    """The period's answers as respondents x items (0 = missing), and the items."""
    items = _items(period)
    rows = Response.objects.filter(administration_id=period.administration_id).values_list(
        "answers", flat=True
    )
    return answer_matrix(rows, len(items)), items


def skm_elements(matrix: np.ndarray, items: list[Item]) -> np.ndarray:
    """Columns U1-U9 as floats, missing as NaN: the stats core's input."""
    position = {item.code: item.position for item in items}
    columns = matrix[:, [position[code] for code in ELEMENT_CODES]].astype(float)
    columns[columns == 0] = np.nan
    return columns


def _profile(matrix: np.ndarray, items: list[Item], k: int) -> dict[str, Any]:
    """Counts per answer of each profile question; a count is shown only where the privacy
    core allows it (below k hidden, and a hidden one not recoverable by subtraction)."""
    profile: dict[str, Any] = {}
    for item in items:
        if item.code not in PROFILE_CODES:
            continue
        column = matrix[:, item.position]
        own = {
            f"{value}": int((column == value).sum()) for value in range(1, len(item.options) + 1)
        }
        parents: dict[str, str | None] = {"all": None, **dict.fromkeys(own, "all")}
        decisions = suppress(parents, {"all": int((column == 0).sum()), **own}, k=k)
        profile[item.code] = {
            "question": item.text,
            "answers": [
                {
                    "option": option,
                    "n": own[f"{i}"] if decisions[f"{i}"].shown else None,
                }
                for i, option in enumerate(item.options, start=1)
            ],
            "unanswered": int((column == 0).sum()) if decisions["all"].shown else None,
        }
    return profile


def period_report(period: SkmPeriod, *, k: int = DEFAULT_MIN_GROUP_SIZE) -> dict[str, Any]:
    """The SKM report of a period as plain data (the CLI's JSON, the page, the exports).

    Figures only once the period is closed (while open: the count of answers) and only for at
    least ``k`` respondents; a figure that cannot be given is ``None`` with the reason in
    ``warnings``.
    """
    matrix, items = period_matrix(period)
    unit = period.service_unit.unit
    result: dict[str, Any] = {
        "unit": unit.path or unit.agency.name,
        "service_unit": period.service_unit.slug,
        "period": period.name,
        "opens_at": period.administration.opens_at.isoformat(),
        "closes_at": period.administration.closes_at.isoformat(),
        "open": period.administration.is_open(),
        "n": int(matrix.shape[0]),
        "element_means": dict.fromkeys(ELEMENT_CODES),
        "ikm": None,
        "grade": None,
        "label": None,
        "weakest": [],
        "profile": {},
        "population": period.population,
        "min_sample": skm_min_sample(period.population) if period.population else None,
        "follow_up": period.follow_up if period.follow_up_published_at else None,
        "warnings": [],
    }
    warnings: list[str] = result["warnings"]
    if result["min_sample"] is None:
        warnings.append("population: not entered, so the minimum sample is unknown")
    elif result["n"] < result["min_sample"]:
        warnings.append(
            f"sample: {result['n']} answers, below the {result['min_sample']} the "
            f"Krejcie-Morgan table asks for a population of {period.population}"
        )
    if result["open"]:
        warnings.append("open: figures are shown once the period is closed")
        return result
    if not may_show(result["n"], min_group_size=k):
        warnings.append(f"n: {result['n']} answers, below the minimum group of {k}")
        return result
    try:
        skm = skm_index(skm_elements(matrix, items))
    except InsufficientData as error:
        warnings.append(f"ikm: {error.reason}")
        return result
    means = dict(zip(ELEMENT_CODES, skm.element_means, strict=True))
    result.update(
        element_means=means,
        ikm=skm.ikm,
        ikm_rounded=skm.ikm_rounded,
        grade=skm.grade,
        label=skm.label,
        weakest=sorted(means, key=lambda code: (means[code], code))[:WEAKEST],
        profile=_profile(matrix, items, k),
    )
    return result


def closed_periods(service_unit: ServiceUnit) -> list[SkmPeriod]:
    moment = timezone.now()
    return list(
        service_unit.periods.select_related("administration", "service_unit__unit__agency")
        .filter(administration__closes_at__lte=moment)
        .order_by("-administration__closes_at")
    )


def closed_report(period: SkmPeriod) -> dict[str, Any]:
    """``period_report`` of a closed period, cached: a closed period's answers no longer change
    (the settle job only reorders them), so the public page does not recompute it per visit.
    The key holds everything the report reads besides the answers."""
    administration = period.administration
    parts = (
        period.pk,
        administration.closes_at.timestamp(),
        period.population,
        period.follow_up_published_at.timestamp() if period.follow_up_published_at else 0,
        hashlib.sha256(period.follow_up.encode()).hexdigest()[:16],
    )
    key = "service.report:" + ":".join(str(p) for p in parts)
    report: dict[str, Any] | None = cache.get(key)
    if report is None:
        report = period_report(period)
        cache.set(key, report, REPORT_CACHE_SECONDS)
    return report


def skm_trend(
    service_unit: ServiceUnit, closed: list[SkmPeriod] | None = None
) -> list[dict[str, Any]]:
    """Closed periods (``closed``, or read now), newest first, each with its report."""
    periods = closed_periods(service_unit) if closed is None else closed
    return [{"period": p, "report": closed_report(p)} for p in periods]


def page_periods(service_unit: ServiceUnit) -> tuple[SkmPeriod | None, list[SkmPeriod]]:
    """The open period (or ``None``) and the closed ones, newest first, in one query: a unit
    runs a few periods a year."""
    moment = timezone.now()
    periods = list(
        service_unit.periods.select_related("administration", "service_unit__unit__agency")
        .filter(administration__opens_at__lte=moment)
        .order_by("-administration__closes_at")
    )
    closed = [p for p in periods if p.administration.closes_at <= moment]
    current = next((p for p in periods if p.administration.closes_at > moment), None)
    return current, closed


def page_key(service_unit: ServiceUnit, closed: list[SkmPeriod], shown_in: str) -> str:
    """The cache key of the public page's parts: whatever they show changes the key. Writes
    raise ``figures_version``; a period that closes by the clock changes the closed list; the
    unit's creation time keeps a rebuilt database from meeting an old entry; ``shown_in`` is
    the language and time zone the dates and numbers are written in."""
    windows = ",".join(f"{p.pk}@{p.administration.closes_at.timestamp():.0f}" for p in closed)
    parts = (
        service_unit.pk,
        f"{service_unit.created_at.timestamp():.6f}",
        service_unit.figures_version,
        hashlib.sha256(windows.encode()).hexdigest()[:16],
        shown_in,
    )
    return "service.page:" + ":".join(str(p) for p in parts)


def response_count(period: SkmPeriod) -> int:
    return Response.objects.filter(administration_id=period.administration_id).count()


def _response_rows(service_unit_ids: list[int], since: datetime | None) -> list[tuple[Any, ...]]:
    complaints = Complaint.objects.filter(service_unit_id__in=service_unit_ids)
    if since is not None:
        complaints = complaints.filter(created_at__gte=since)
    zone = timezone.get_current_timezone()
    return [
        (
            created.astimezone(zone),
            answered.astimezone(zone) if answered else None,
            closed.astimezone(zone) if closed else None,
        )
        for created, answered, closed in complaints.values_list(
            "created_at", "first_answered_at", "closed_at"
        )
    ]


def _times(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [
        {
            "month": m.month,
            "n": m.n,
            "first_answer": {
                "n": m.first_answer.n,
                "open": m.first_answer.open,
                "median_hours": m.first_answer.median,
                "p90_hours": m.first_answer.p90,
            },
            "closing": {
                "n": m.closing.n,
                "open": m.closing.open,
                "median_hours": m.closing.median,
                "p90_hours": m.closing.p90,
            },
        }
        for m in response_times(rows)
    ]


def service_response_times(
    service_unit: ServiceUnit, since: datetime | None = None
) -> list[dict[str, Any]]:
    return _times(_response_rows([service_unit.pk], since))


# --------------------------------------------------------------------------- for other apps


def _service_units_of(unit: Unit) -> list[ServiceUnit]:
    return list(ServiceUnit.objects.filter(unit__in=Unit.objects.subtree(unit)))


def skm_before_after(unit: Unit, on: date) -> dict[str, Any]:
    """The SKM of ``unit``'s service units (the unit and below) before and after ``on``: per
    service unit the last closed period that ended before ``on`` and the first one that began
    on or after it, as plain data (``{"service_units": [{"slug", "name", "before", "after"}]}``,
    ``before``/``after`` a report dict or ``None``)."""
    out = []
    zone = ZoneInfo(unit.agency.timezone)  # dates as the office lives them (WIB/WITA/WIT)
    for service_unit in _service_units_of(unit):
        before = after = None
        for period in reversed(closed_periods(service_unit)):  # oldest first
            ended, began = (
                timezone.localdate(period.administration.closes_at, zone),
                timezone.localdate(period.administration.opens_at, zone),
            )
            if ended <= on:
                before = period
            elif began >= on and after is None:
                after = period
        out.append(
            {
                "slug": service_unit.slug,
                "name": service_unit.name,
                "before": period_report(before) if before else None,
                "after": period_report(after) if after else None,
            }
        )
    return {"unit": unit.path, "date": on.isoformat(), "service_units": out}


def complaint_response_times(unit: Unit, since: datetime | None = None) -> list[dict[str, Any]]:
    """Response times (hours) per month of the complaints to ``unit``'s service units."""
    return _times(_response_rows([s.pk for s in _service_units_of(unit)], since))


def change_project_figures(unit: Unit, on: date) -> dict[str, Any]:
    """What a change project's page shows about the service it changes (``unit``, changed on
    ``on``): the SKM before and after (``skm_before_after``) and the complaint response times
    per month of the year around the change. Render it with
    ``{% include "service/_change_project.html" with figures=figures %}``."""
    zone = ZoneInfo(unit.agency.timezone)
    since = datetime.combine(on, datetime.min.time(), tzinfo=zone) - timedelta(days=365)
    return {
        "skm": skm_before_after(unit, on),
        "times": complaint_response_times(unit, since)[-12:],
    }
