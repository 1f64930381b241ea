"""Instrument administrations and their results; culture waves and their reports.

A wave's report is ``culture.report.build_report`` for the same root as the page
(``culture.access.report_root``), and shows exactly what the page shows: counts for every
unit, scores only where the page shows them (``row.scores`` is set only for shown units),
comments and drivers only as the page has them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query
from ninja.errors import HttpError

from revmen.certificates.models import Status as CertificateStatus
from revmen.certificates.selectors import batch_certificates, certificate_row
from revmen.culture import access as culture_access
from revmen.culture.models import Wave
from revmen.culture.report import WaveReport, build_report
from revmen.grading.models import BatchGrading, Grade
from revmen.instruments.analysis import KNOWLEDGE, item_matrix, scales_of
from revmen.instruments.models import Administration, IdentityMode
from revmen.stats.scoring import correct_answers, scale_scores

from . import schemas as s
from . import selectors
from .api import get_one, get_page, page
from .auth import viewer_of
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
        "responses": a.n_responses,  # type: ignore[attr-defined]
        "invited": a.n_invited,  # type: ignore[attr-defined]
    }


def _administrations(request: HttpRequest) -> Any:
    return (
        selectors.administrations_for(viewer_of(request))
        .select_related("version__instrument", "batch", "agency")
        .annotate(
            n_responses=Count("responses", distinct=True),
            n_invited=Count("invitations", distinct=True),
        )
    )


@get_page("/administrations/", s.AdministrationOut, "instruments", "administration_list")
def administration_list(request: HttpRequest, filters: Query[AdministrationFilter]) -> Any:
    administrations = _administrations(request)
    if filters.batch:
        administrations = administrations.filter(batch__code=filters.batch)
    if filters.purpose:
        administrations = administrations.filter(purpose=filters.purpose)
    return page(request, administrations, filters, _administration_out)


@get_one("/administrations/{id}/", s.AdministrationOut, "instruments", "administration_detail")
def administration_detail(request: HttpRequest, id: s.Id) -> Any:
    return _administration_out(get_object_or_404(_administrations(request), pk=id))


def _outcomes(batch: Any, people: list[int]) -> dict[int, dict[str, Any]]:
    """Each person's grade in ``batch`` as the organiser's grading board has it (computed
    grades, ``released`` telling whether participants see them yet)."""
    if batch is None or not people:
        return {}
    released = BatchGrading.objects.filter(batch=batch, released_at__isnull=False).exists()
    grades = Grade.objects.filter(enrolment__batch=batch, enrolment__person_id__in=people)
    return {
        grade.enrolment.person_id: {
            "outcome": grade.outcome,
            "final_score": None if grade.final_score is None else float(grade.final_score),
            "predicate": grade.predicate or None,
            "attendance": float(grade.attendance),
            "released": released,
        }
        for grade in grades.select_related("enrolment")
    }


def _certificates(batch: Any, people: list[int]) -> dict[int, dict[str, Any]]:
    """Each person's valid certificate (STTPP) of ``batch``, as ``certificates list`` shows it."""
    if batch is None or not people:
        return {}
    valid = batch_certificates(batch).filter(
        status=CertificateStatus.VALID, enrolment__person_id__in=people
    )
    return {
        cert.enrolment.person_id: certificate_row(cert)
        for cert in valid.select_related("enrolment")
    }


def results_of(administration: Administration) -> list[dict[str, Any]]:
    """Each respondent's scale scores, from the instrument engine's scoring (self-reports only:
    answers about someone else belong to that someone's 360° page), with their outcome and
    certificate in the administration's batch. A fixed number of queries whatever the count."""
    responses_ = list(
        administration.responses.filter(respondent__isnull=False, subject__isnull=True)
        .select_related("respondent")
        .order_by("respondent__name", "pk")
    )
    answers = [bytes(r.answers) for r in responses_]
    scores: dict[str, list[float | None]] = {}
    for code, _name, items in scales_of(administration):
        matrix = item_matrix(answers, items)
        if code == KNOWLEDGE:
            keys = [float("nan") if item.key is None else item.key for item in items]
            values = 100 * scale_scores(correct_answers(matrix, keys))
        else:
            values = scale_scores(matrix)
        scores[code] = [None if np.isnan(v) else round(float(v), 6) for v in values]
    people = [r.respondent_id for r in responses_ if r.respondent_id is not None]
    outcomes = _outcomes(administration.batch, people)
    certificates = _certificates(administration.batch, people)
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
                "outcome": outcomes.get(person.pk),
                "certificate": certificates.get(person.pk),
            }
        )
    return rows


@get_page("/administrations/{id}/results/", s.ResultOut, "instruments", "result_list", 404, 409)
def result_list(request: HttpRequest, id: s.Id, paging: Query[Paging]) -> Any:
    """Scores per respondent (identified administrations only: confidential and anonymous
    answers are never tied to a name, as on the pages)."""
    administration = get_object_or_404(_administrations(request), pk=id)
    if administration.identity != IdentityMode.IDENTIFIED:
        raise HttpError(409, ERR_NOT_IDENTIFIED.format(identity=administration.identity))
    return page(request, results_of(administration), paging)


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


@get_page("/waves/", s.WaveOut, "culture", "wave_list")
def wave_list(request: HttpRequest, paging: Query[Paging]) -> Any:
    waves = selectors.waves_for(viewer_of(request))
    return page(request, waves, paging, _wave_out)


@get_one("/waves/{id}/", s.WaveOut, "culture", "wave_detail")
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


@get_one("/waves/{id}/report/", s.WaveReportOut, "culture", "wave_report", 409)
def wave_report(request: HttpRequest, id: s.Id) -> Any:
    """The closed wave's report, as the report page shows it to this token."""
    viewer = viewer_of(request)
    wave = get_object_or_404(selectors.waves_for(viewer), pk=id)
    root = culture_access.report_root(viewer, wave)
    if not wave.is_closed:
        raise HttpError(409, ERR_WAVE_OPEN)
    return report_out(build_report(wave, root=root), root.pk if root else None)
