"""Adapter: a batch's stored evidence → the four levels of the impact chain, as plain JSON.

reaction  (grading's reaction evaluations, as POMP 0-100 per answer sheet)
learning  (the pre/post pairs through ``instruments.analysis.prepost_change``)
behaviour (the frozen 360° snapshots of ``followup``; the change projects at +6 months)
results   (SKM before/after the batch at the projects' service units; the culture index of the
          alumni's agencies)

Every figure comes from the pure cores (``revmen.stats``); a figure below the programme's minimum
group size is ``None`` with the reason in ``warnings``, as ``revmen analyze`` does.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
from django.utils import timezone

from revmen.culture.models import Wave
from revmen.followup.models import Snapshot
from revmen.followup.services import add_months
from revmen.grading.exports import prepost_pairs
from revmen.grading.models import Reaction
from revmen.grading.services import settings_for
from revmen.instruments.analysis import item_matrix, prepost_change
from revmen.instruments.models import Item, Response
from revmen.instruments.qtypes import SCALE
from revmen.privacy.groups import may_show
from revmen.projects import selectors as projects_selectors
from revmen.projects import status as project_states
from revmen.projects.models import Plan
from revmen.service import selectors as service_selectors
from revmen.stats.descriptives import describe
from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.impact import dropout, pomp, wilson_interval
from revmen.training.models import Batch, BatchRole, Enrolment

LEVELS = ("reaction", "learning", "behaviour", "results")
FOLLOW_UP_MONTHS = 6
ALIVE = {
    project_states.PLANNING,
    project_states.ON_TRACK,
    project_states.LATE,
    project_states.COMPLETED,
}
CAVEAT = (
    "Before/after figures without a comparison group show change, not its cause: other things "
    "changed in the offices too."
)


def _number(value: float | None, places: int = 4) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), places)


def _mean(values: list[float]) -> dict[str, Any]:
    """Mean with its t interval (``describe``); the interval is ``None`` for one value."""
    d = describe(values)
    ci = None if d.ci_low is None or d.ci_high is None else [_number(d.ci_low), _number(d.ci_high)]
    return {"mean": _number(d.mean), "ci": ci, "n": d.n}


def _share(k: int, n: int) -> dict[str, Any]:
    p = wilson_interval(k, n)
    return {"k": k, "n": n, "share": _number(p.share), "ci": [_number(c) for c in p.ci]}


# --------------------------------------------------------------------------- reaction


def _scale_items(reaction: Reaction) -> list[Item]:
    return [
        item
        for item in reaction.administration.version.items.order_by("position")
        if item.qtype.scoring == SCALE and item.points
    ]


def _sheet_indices(answers: list[bytes], items: list[Item]) -> list[float]:
    """Each answer sheet's mean over its answered items, every item on POMP 0-100."""
    if not answers or not items:
        return []
    matrix = item_matrix(answers, items)
    columns = [pomp(matrix[:, i], 1, int(item.points or 0)) for i, item in enumerate(items)]
    scaled = np.column_stack(columns)
    answered = ~np.isnan(scaled).all(axis=1)
    return [float(v) for v in np.nanmean(scaled[answered], axis=1)]


def reaction_level(batch: Batch, k: int, warnings: list[str]) -> dict[str, Any]:
    evaluations = []
    headline: dict[str, Any] | None = None
    for reaction in Reaction.objects.filter(batch=batch).select_related("administration__version"):
        answers = [
            bytes(a)
            for a in Response.objects.filter(administration=reaction.administration).values_list(
                "answers", flat=True
            )
        ]
        indices = _sheet_indices(answers, _scale_items(reaction))
        # Facilitator evaluations hold one sheet per facilitator: people = the most answered.
        people = len(
            {
                r
                for r in Response.objects.filter(
                    administration=reaction.administration
                ).values_list("respondent_id", flat=True)
                if r is not None
            }
        ) or len(answers)
        entry: dict[str, Any] = {
            "title": reaction.administration.title,
            "about_facilitators": reaction.about_facilitators,
            "n": people,
            "index": None,
        }
        if not batch.is_closed:
            warnings.append(f"reaction {entry['title']}: shown when the batch is closed")
        elif not may_show(people, min_group_size=k) or not indices:
            warnings.append(f"reaction {entry['title']}: fewer than {k} answered")
        else:
            entry["index"] = _mean(indices)
        evaluations.append(entry)
        if not reaction.about_facilitators and headline is None:
            headline = entry
    if headline is None and evaluations:
        headline = max(evaluations, key=lambda e: e["n"])
    if not evaluations:
        warnings.append("reaction: the batch has no reaction evaluation")
    return {
        "n": headline["n"] if headline else 0,
        "index": headline["index"] if headline else None,
        "scale": "POMP 0-100",
        "evaluations": evaluations,
    }


# --------------------------------------------------------------------------- learning


def learning_level(batch: Batch, k: int, warnings: list[str]) -> dict[str, Any]:
    tests = []
    for pre, post in prepost_pairs(batch):
        report = prepost_change(pre, post)
        entry: dict[str, Any] = {
            "instrument": pre.version.instrument.name,
            "n_pre": report.n_pre,
            "n_post": report.n_post,
            "n": report.n_matched,
            "scale": report.headline.code if report.headline else None,
            "mean_diff": None,
            "dz": None,
            "dz_ci": None,
            "g": None,
            "reliable_change": None,
        }
        paired = report.headline.paired if report.headline else None
        if not may_show(report.n_matched, min_group_size=k):
            warnings.append(f"learning {entry['instrument']}: fewer than {k} with pre and post")
        elif paired is None:
            warnings.append(
                f"learning {entry['instrument']}: "
                + "; ".join(
                    report.warnings or (report.headline.warnings if report.headline else [])
                )
            )
        else:
            entry["mean_diff"] = _number(paired.mean_diff)
            entry["dz"] = _number(paired.dz)
            entry["dz_ci"] = [_number(c) for c in paired.dz_ci] if paired.dz_ci else None
            entry["g"] = _number(paired.g)
            rci = report.headline.rci if report.headline else None
            if rci is not None:
                counts = {"improved": 0, "unchanged": 0, "deteriorated": 0}
                for change in rci:
                    if change.category is not None:
                        counts[change.category] += 1
                entry["reliable_change"] = counts
        tests.append(entry)
    if not tests:
        warnings.append("learning: the batch has no pre- and post-test of one instrument")
    headline = max(tests, key=lambda t: t["n"]) if tests else None
    return {
        "n": headline["n"] if headline else 0,
        "dz": headline["dz"] if headline else None,
        "dz_ci": headline["dz_ci"] if headline else None,
        "reliable_change": headline["reliable_change"] if headline else None,
        "tests": tests,
    }


# --------------------------------------------------------------------------- behaviour


def _projects(batch: Batch, k: int, today: date, warnings: list[str]) -> dict[str, Any]:
    on = add_months(batch.end_date, FOLLOW_UP_MONTHS)
    if today < on:
        warnings.append(f"projects: +{FOLLOW_UP_MONTHS} months not reached yet; status of today")
        on = today
    plans = projects_selectors.with_related(
        Plan.objects.filter(enrolment__batch=batch, approved_version__isnull=False)
    )
    statuses = [projects_selectors.plan_status(plan, on) for plan in plans]
    n = len(statuses)
    result: dict[str, Any] = {"n": n, "on": on.isoformat(), "alive": None, "completed": None}
    if not may_show(n, min_group_size=k):
        warnings.append(f"projects: fewer than {k} approved change projects")
        return result
    result["alive"] = _share(sum(s in ALIVE for s in statuses), n)
    result["completed"] = _share(sum(s == project_states.COMPLETED for s in statuses), n)
    return result


def _multirater(batch: Batch, k: int, warnings: list[str]) -> dict[str, Any]:
    rounds: dict[int, list[dict[str, Any]]] = {}
    for snapshot in Snapshot.objects.filter(round__enrolment__batch=batch).select_related("round"):
        rounds.setdefault(snapshot.round.offset_months, []).append(snapshot.figures)
    out = []
    for months, figures in sorted(rounds.items()):
        pairs = [
            (f["self"]["means"].get("TOTAL"), f["others"]["means"].get("TOTAL"))
            for f in figures
            if f["self"]["shown"] and f["others"]["shown"]
        ]
        pairs = [(s, o) for s, o in pairs if s is not None and o is not None]
        entry: dict[str, Any] = {
            "months": months,
            "alumni": len(figures),
            "n": len(pairs),
            "self": None,
            "others": None,
            "gap": None,
        }
        if not may_show(len(pairs), min_group_size=k):
            warnings.append(f"360° at +{months} months: fewer than {k} alumni with self and others")
        else:
            entry["self"] = _mean([s for s, _o in pairs])
            entry["others"] = _mean([o for _s, o in pairs])
            entry["gap"] = _mean([o - s for s, o in pairs])
        out.append(entry)
    if not out:
        warnings.append("360°: no round of this batch has closed yet")
    return {"rounds": out}


def behaviour_level(batch: Batch, k: int, today: date, warnings: list[str]) -> dict[str, Any]:
    multirater = _multirater(batch, k, warnings)
    projects = _projects(batch, k, today, warnings)
    latest = multirater["rounds"][-1] if multirater["rounds"] else None
    return {
        "n": max(latest["n"] if latest else 0, projects["n"]),
        "multirater": multirater,
        "projects": projects,
    }


# --------------------------------------------------------------------------- results


def _skm(batch: Batch, warnings: list[str]) -> dict[str, Any]:
    units = {}
    for plan in Plan.objects.filter(enrolment__batch=batch).select_related("service_unit", "unit"):
        unit = plan.service_unit or plan.unit
        if unit is not None:
            units[unit.pk] = unit
    rows: dict[str, dict[str, Any]] = {}
    for unit in units.values():
        for found in service_selectors.skm_before_after(unit, batch.end_date)["service_units"]:
            before, after = found["before"], found["after"]
            rows[found["slug"]] = {
                "service_unit": found["slug"],
                "name": found["name"],
                "before": _period(before),
                "after": _period(after),
            }
    changes = [
        r["after"]["ikm"] - r["before"]["ikm"]
        for r in rows.values()
        if r["before"] and r["after"] and r["before"]["ikm"] is not None
        if r["after"]["ikm"] is not None
    ]
    if not rows:
        warnings.append("SKM: no change project names a service unit with SKM periods")
    elif not changes:
        warnings.append("SKM: no service unit has an IKM both before and after the batch")
    return {
        "n": len(changes),
        "service_units": sorted(rows.values(), key=lambda r: r["name"]),
        "change": _mean(changes) if changes else None,
    }


def _period(report: dict[str, Any] | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "period": report["period"],
        "n": report["n"],
        "ikm": _number(report["ikm"]),
        "grade": report["grade"],
    }


def _culture(batch: Batch, warnings: list[str]) -> list[dict[str, Any]]:
    agencies = set(
        Enrolment.objects.filter(batch=batch, role=BatchRole.PARTICIPANT)
        .exclude(person__agency__isnull=True)
        .values_list("person__agency_id", flat=True)
    )
    out = []
    waves = (
        Wave.objects.filter(agency_id__in=agencies, closed_at__isnull=False)
        .select_related("agency", "administration")
        .order_by("agency__code", "administration__closes_at")
    )
    for wave in waves:
        n = int(wave.summary.get("n") or 0)
        index = wave.summary.get("index")
        shown = index is not None and may_show(n, min_group_size=wave.min_group_size)
        out.append(
            {
                "agency": wave.agency.code,
                "wave": wave.name,
                "closed_on": timezone.localdate(wave.administration.closes_at).isoformat(),
                "n": n,
                "index": _number(index) if shown else None,
                "before_batch": timezone.localdate(wave.administration.closes_at) <= batch.end_date,
            }
        )
    if not out:
        warnings.append("culture: no closed wave in the alumni's agencies")
    return out


def results_level(batch: Batch, warnings: list[str]) -> dict[str, Any]:
    skm = _skm(batch, warnings)
    return {"n": skm["n"], "skm": skm, "culture": _culture(batch, warnings)}


# --------------------------------------------------------------------------- the chain


def batch_chain(batch: Batch, today: date | None = None) -> dict[str, Any]:
    """The batch's impact chain: ``{"batch", "programme", "enrolled", "reaction", "learning",
    "behaviour", "results", "dropout", "caveat", "warnings"}``."""
    today = today or timezone.localdate()
    k = settings_for(batch.programme).min_group_size
    warnings: list[str] = []
    enrolled = Enrolment.objects.filter(batch=batch, role=BatchRole.PARTICIPANT).count()
    chain: dict[str, Any] = {
        "batch": batch.code,
        "programme": batch.programme.code,
        "name": batch.name,
        "end_date": batch.end_date.isoformat(),
        "closed": batch.is_closed,
        "min_group_size": k,
        "enrolled": enrolled,
    }
    try:
        chain["reaction"] = reaction_level(batch, k, warnings)
        chain["learning"] = learning_level(batch, k, warnings)
        chain["behaviour"] = behaviour_level(batch, k, today, warnings)
        chain["results"] = results_level(batch, warnings)
    except (InsufficientData, InvalidInput) as error:  # pragma: no cover - guarded above
        warnings.append(str(error))
    chain["dropout"] = [
        {"level": s.level, "n": s.n, "kept": _number(s.kept), "dropped": s.dropped}
        for s in dropout(
            [("enrolled", enrolled)]
            + [(level, chain[level]["n"]) for level in LEVELS[:3] if level in chain]
        )
    ]
    chain["caveat"] = CAVEAT
    chain["warnings"] = warnings
    return chain
