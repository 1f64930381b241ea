"""Instrument administrations and their results; culture waves and their reports.

A wave's report is ``culture.report.build_report`` for the same root as the page
(``culture.access.report_root``), and shows exactly what the page shows: counts for every
unit, scores only where the page shows them (``row.scores`` is set only for shown units),
comments and drivers only as the page has them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query
from ninja.errors import HttpError

from revmen.culture import access as culture_access
from revmen.culture.models import Wave
from revmen.culture.report import WaveReport, build_report
from revmen.instruments.analysis import KNOWLEDGE, _scales, item_matrix
from revmen.instruments.models import Administration, IdentityMode
from revmen.stats.scoring import correct_answers, scale_scores

from . import schemas as s
from . import selectors
from .api import api, page
from .auth import viewer_of
from .docs import ERRORS_READ, responses
from .endpoints import Paging

ERR_NOT_IDENTIFIED = (
    "Results name people only for identified administrations; this one is {identity}."
)
ERR_WAVE_OPEN = "The report exists once the wave is closed; until then only counts are kept."


class AdministrationFilter(Paging):
    batch: str | None = s.Field(None, max_length=40)
    purpose: str | None = s.Field(None, max_length=16)


def _administration_out(a: Administration) -> dict[str, Any]:
    return {
        "id": a.pk,
        "title": a.title,
        "purpose": a.purpose,
        "audience": a.audience,
        "subject": a.subject,
        "identity": a.identity,
        "instrument": a.version.instrument.code,
        "version": a.version.number,
        "batch": a.batch.code if a.batch else None,
        "agency": a.agency.code if a.agency else None,
        "opens_at": a.opens_at,
        "closes_at": a.closes_at,
        "is_open": a.is_open(),
        "responses": a.responses.count(),
        "invited": a.invitations.count(),
    }


def _administrations(request: HttpRequest) -> Any:
    return selectors.administrations_for(viewer_of(request)).select_related(
        "version__instrument", "batch", "agency"
    )


@api.get(
    "/administrations/",
    response=responses(s.page_of(s.AdministrationOut), *ERRORS_READ),
    tags=["instruments"],
    operation_id="administration_list",
    url_name="api_administration_list",
)
def administration_list(request: HttpRequest, filters: Query[AdministrationFilter]) -> Any:
    administrations = _administrations(request)
    if filters.batch:
        administrations = administrations.filter(batch__code=filters.batch)
    if filters.purpose:
        administrations = administrations.filter(purpose=filters.purpose)
    return page(request, administrations, filters.limit, filters.offset, _administration_out)


@api.get(
    "/administrations/{id}/",
    response=responses(s.AdministrationOut, *ERRORS_READ, 404),
    tags=["instruments"],
    operation_id="administration_detail",
    url_name="api_administration_detail",
)
def administration_detail(request: HttpRequest, id: s.Id) -> Any:
    return _administration_out(get_object_or_404(_administrations(request), pk=id))


def results_of(administration: Administration) -> list[dict[str, Any]]:
    """Each respondent's scale scores, from the instrument engine's scoring (self-reports only:
    answers about someone else belong to that someone's 360° page)."""
    responses_ = list(
        administration.responses.filter(respondent__isnull=False, subject__isnull=True)
        .select_related("respondent")
        .order_by("respondent__name", "pk")
    )
    answers = [bytes(r.answers) for r in responses_]
    scores: dict[str, list[float | None]] = {}
    for code, _name, items in _scales(administration):
        matrix = item_matrix(answers, items)
        if code == KNOWLEDGE:
            keys = [float("nan") if item.key is None else item.key for item in items]
            values = 100 * scale_scores(correct_answers(matrix, keys))
        else:
            values = scale_scores(matrix)
        scores[code] = [None if np.isnan(v) else round(float(v), 6) for v in values]
    rows = []
    for index, response in enumerate(responses_):
        person = response.respondent
        assert person is not None
        rows.append(
            {
                "person": person.pk,
                "nip": person.nip,
                "name": person.name,
                "submitted_on": response.submitted_on,
                "scores": {code: values[index] for code, values in scores.items()},
                # EXTENSION POINT (grading, certificates): the batch outcome and the STTPP of
                # this person, once those apps are in main, e.g. grading.selectors.outcome_of.
                "outcome": None,
                "certificate": None,
            }
        )
    return rows


@api.get(
    "/administrations/{id}/results/",
    response=responses(s.page_of(s.ResultOut), *ERRORS_READ, 404, 409),
    tags=["instruments"],
    operation_id="result_list",
    url_name="api_result_list",
)
def result_list(request: HttpRequest, id: s.Id, paging: Query[Paging]) -> Any:
    """Scores per respondent (identified administrations only: confidential and anonymous
    answers are never tied to a name, as on the pages)."""
    administration = get_object_or_404(_administrations(request), pk=id)
    if administration.identity != IdentityMode.IDENTIFIED:
        raise HttpError(409, ERR_NOT_IDENTIFIED.format(identity=administration.identity))
    return page(request, results_of(administration), paging.limit, paging.offset, lambda r: r)


# Culture waves ---------------------------------------------------------------------------------


def _wave_out(wave: Wave) -> dict[str, Any]:
    return {
        "id": wave.pk,
        "name": wave.name,
        "agency": wave.agency.code,
        "opens_at": wave.administration.opens_at,
        "closes_at": wave.administration.closes_at,
        "closed_at": wave.closed_at,
        "is_closed": wave.is_closed,
        "min_group_size": wave.min_group_size,
        "min_comment_group": wave.min_comment_group,
    }


@api.get(
    "/waves/",
    response=responses(s.page_of(s.WaveOut), *ERRORS_READ),
    tags=["culture"],
    operation_id="wave_list",
    url_name="api_wave_list",
)
def wave_list(request: HttpRequest, paging: Query[Paging]) -> Any:
    waves = selectors.waves_for(viewer_of(request))
    return page(request, waves, paging.limit, paging.offset, _wave_out)


@api.get(
    "/waves/{id}/",
    response=responses(s.WaveOut, *ERRORS_READ, 404),
    tags=["culture"],
    operation_id="wave_detail",
    url_name="api_wave_detail",
)
def wave_detail(request: HttpRequest, id: s.Id) -> Any:
    return _wave_out(get_object_or_404(selectors.waves_for(viewer_of(request)), pk=id))


def _scores(scores: Any) -> dict[str, Any] | None:
    if scores is None:
        return None
    return {"index": scores.index, "category": scores.category, "dimensions": scores.dimensions}


def report_out(report: WaveReport, root_id: int | None) -> dict[str, Any]:
    """The page's report as data: what the page hides is absent here too."""
    return {
        "wave": report.wave.pk,
        "min_group_size": report.k,
        "scoped_to": root_id,
        "dimensions": dict(report.dimensions),
        "units": [
            {
                "unit": row.unit.pk,
                "name": row.unit.name,
                "path": row.unit.path,
                "depth": row.depth,
                "n": row.n,
                "shown": row.shown,
                "reason": row.reason if not row.shown else "",
                "scores": _scores(row.scores),
                "trend": row.trend if row.scores is not None else None,
            }
            for row in report.rows
        ],
        "cuts": [
            {
                "code": cut.code,
                "question": cut.question,
                "unanswered": cut.unanswered,
                "rows": [
                    {"label": r.label, "n": r.n, "shown": r.shown, "scores": _scores(r.scores)}
                    for r in cut.rows
                ],
            }
            for cut in report.cuts
        ],
        "drivers": [
            {"dimension": d.dimension, "r": d.r, "p": d.p, "n": d.n} for d in report.drivers
        ],
        "comments": list(report.comments),
    }


@api.get(
    "/waves/{id}/report/",
    response=responses(s.WaveReportOut, *ERRORS_READ, 404, 409),
    tags=["culture"],
    operation_id="wave_report",
    url_name="api_wave_report",
)
def wave_report(request: HttpRequest, id: s.Id) -> Any:
    """The closed wave's report, as the report page shows it to this token."""
    viewer = viewer_of(request)
    wave = get_object_or_404(selectors.waves_for(viewer), pk=id)
    root = culture_access.report_root(viewer, wave)
    if not wave.is_closed:
        raise HttpError(409, ERR_WAVE_OPEN)
    return report_out(build_report(wave, root=root), root.pk if root else None)
