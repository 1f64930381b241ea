"""A wave's report: per unit and its subtree, with the anonymity rules of ``revmen.privacy``
and the culture scores of ``revmen.stats.culture``. Adapter only: this module loads counts into
arrays, asks the pure cores (``privacy.suppression`` and ``privacy.tree`` decide what may be shown
and what a reader could compute by subtraction; ``stats.culture`` scores) and shapes the result.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Count

from revmen.accounts.models import Person, Unit
from revmen.asn.unitpath import path_key
from revmen.instruments.answers import answer_matrix
from revmen.instruments.models import Item, ItemKind, Response
from revmen.privacy.suppression import (
    Decision,
    audit_cut_against_regions,
    comparable,
    suppress,
    suppress_cut,
)
from revmen.privacy.tree import Tree
from revmen.stats.culture import (
    Benchmark,
    CultureScores,
    Driver,
    benchmark,
    culture_scores_many,
    drivers,
    respondent_shares,
)

from .aggregates import MAX_VALUE, PROFILE, decode, stored
from .comments import comment_summary
from .models import CutAggregate, Headcount, ProfileCount, Wave

OUTCOME_SCALE = "OV"
DRIVER_MIN_N = 30
BENCHMARK_MIN_AGENCIES = 5


@dataclass
class UnitRow:
    unit: Unit
    depth: int
    n: int
    shown: bool
    reason: str
    headcount: int = 0
    # "entered" (by the culture admin for this wave), "sum" (of the sub-units' entered
    # headcounts), "registered" (people in revmen, when no headcount was entered) or "".
    headcount_source: str = "registered"
    scores: CultureScores | None = None
    diff: dict[str, float | None] = field(default_factory=dict)
    trend: float | None = None

    @property
    def rate(self) -> float | None:
        return 100.0 * self.n / self.headcount if self.headcount else None

    @property
    def over(self) -> bool:
        """More answers than people: a wrong headcount, or an open link passed around."""
        return bool(self.headcount) and self.n > self.headcount


@dataclass
class CutRow:
    label: str
    n: int
    shown: bool
    reason: str
    scores: CultureScores | None = None


@dataclass
class Cut:
    """One profile question across the whole agency: a row per answer, suppressed as a cut."""

    code: str
    question: str
    rows: list[CutRow]
    unanswered: int


@dataclass
class WaveReport:
    wave: Wave
    k: int
    rows: list[UnitRow]
    dimensions: list[tuple[str, str]]
    closed: bool
    previous: Wave | None = None
    bench: Benchmark | None = None
    drivers: list[Driver] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    # From revmen.text at closing (comments.py), where the comments are shown: label counts and
    # mean affect; themes of the embedded sample (examples as texts); the sample's size.
    comment_affect: dict[str, Any] | None = None
    comment_themes: list[dict[str, Any]] = field(default_factory=list)
    comment_sample: dict[str, int] | None = None
    cuts: list[Cut] = field(default_factory=list)

    @property
    def root(self) -> UnitRow:
        return self.rows[0]


@dataclass
class Layout:
    """The instrument's scored dimensions as rows of the count matrix."""

    dimensions: dict[str, list[int]]
    names: dict[str, str]
    points: list[int]
    reverse: list[bool]
    outcome: list[int]
    text_codes: list[str]


def layout(wave: Wave) -> Layout:
    items = list(
        Item.objects.filter(version_id=wave.administration.version_id)
        .select_related("scale")
        .order_by("position")
    )
    dims: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    outcome: list[int] = []
    for item in items:
        if item.kind != ItemKind.LIKERT or item.scale is None:
            continue
        if item.scale.code == OUTCOME_SCALE:
            outcome.append(item.position)
            continue
        dims.setdefault(item.scale.code, []).append(item.position)
        names[item.scale.code] = item.scale.name
    points = [int(item.points or 5) if item.kind == ItemKind.LIKERT else 5 for item in items]
    reverse = [item.reverse for item in items]
    texts = [item.code for item in items if item.is_text]
    return Layout(dims, names, points, reverse, outcome, texts)


def _ordered_units(wave: Wave) -> list[Unit]:
    """The agency's units, depth-first (sorted by their names from the root down)."""
    units = Unit.objects.filter(agency_id=wave.agency_id).only(
        "id", "agency_id", "parent_id", "name", "path", "depth"
    )
    return sorted(units, key=lambda u: path_key(u.path))


def _in_subtree(unit: Unit, root: Unit | None) -> bool:
    return (
        root is None
        or unit.path == root.path
        or unit.path.startswith(root.path + "/")
        or root.path == ""
    )


def decisions_for(
    wave: Wave, k: int
) -> tuple[list[Unit], dict[int, Decision], dict[int, tuple[int, np.ndarray]]]:
    """Suppression decisions over the whole agency tree (never a subtree: a head of unit's
    view must not differ from what the agency view would allow)."""
    units = _ordered_units(wave)
    own = stored(wave)
    parents = {u.pk: u.parent_id for u in units}
    decisions = suppress(parents, {pk: own.get(pk, (0, None))[0] for pk in parents}, k=k)
    return units, decisions, own


def unit_tree(units: list[Unit]) -> Tree[int]:
    return Tree.of([u.pk for u in units], [u.parent_id for u in units], [u.depth for u in units])


def subtree_counts(
    tree: Tree[int], own: dict[int, tuple[int, np.ndarray]], n_items: int
) -> np.ndarray:
    """Counts of every unit's whole subtree, one row per unit of ``tree``."""
    totals = np.zeros((len(tree.index), n_items, MAX_VALUE + 1), dtype=np.int64)
    for unit_id, (_n, counts) in own.items():
        if unit_id in tree.index:
            totals[tree.index[unit_id]] = counts
    return tree.subtree_sums(totals)


@contextmanager
def _no_collection() -> Iterator[None]:
    """Build without pausing for the cycle collector: a national report makes ~50,000 objects
    that all live until the page is rendered, so collecting meanwhile only costs (~25 %)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_report(
    wave: Wave, *, root: Unit | None = None, k: int | None = None, with_extras: bool = True
) -> WaveReport:
    with _no_collection():
        return _build_report(wave, root=root, k=k, with_extras=with_extras)


def _build_report(wave: Wave, *, root: Unit | None, k: int | None, with_extras: bool) -> WaveReport:
    k = k or wave.min_group_size
    spec = layout(wave)
    units, decisions, own = decisions_for(wave, k)
    tree = unit_tree(units)
    in_scope = {u.pk for u in units if _in_subtree(u, root)}
    closed = wave.is_closed
    totals = subtree_counts(tree, own, len(spec.points)) if closed else None
    headcounts = _headcounts(wave, units, tree)
    rows = []
    for unit in units:
        if unit.pk not in in_scope:
            continue
        decision = decisions[unit.pk]
        row = UnitRow(
            unit=unit,
            depth=unit.depth - (root.depth if root else 0),
            n=decision.n,
            shown=decision.shown and closed,
            reason=decision.reason,
            headcount=headcounts.get(unit.pk, (0, ""))[0],
            headcount_source=headcounts.get(unit.pk, (0, ""))[1],
        )
        rows.append(row)
    shown = [row for row in rows if row.shown]
    if shown:
        scores = culture_scores_many(
            totals[[tree.index[row.unit.pk] for row in shown]],  # type: ignore[index]
            [row.n for row in shown],
            spec.dimensions,
            spec.points,
            spec.reverse,
        )
        for row, score in zip(shown, scores, strict=True):
            row.scores = score
    report = WaveReport(
        wave=wave,
        k=k,
        rows=rows,
        closed=closed,
        dimensions=[(c, spec.names[c]) for c in spec.dimensions],
    )
    _heatmap(report)
    if closed and root is None and rows:
        report.cuts = _cuts(wave, spec, rows[0], k, units, decisions, tree)
    if closed and with_extras:
        _trend(report, root)
        report.bench = _benchmark()
        if root is None and wave.summary:
            report.drivers = [Driver(**d) for d in wave.summary.get("drivers", [])]
            report.comments = list(wave.summary.get("comments", []))
            if report.comments:
                report.comment_affect = wave.summary.get("comment_affect")
                report.comment_themes = list(wave.summary.get("comment_themes", []))
                report.comment_sample = wave.summary.get("comment_sample")
        else:
            _respondent_extras(report, spec, in_scope)
    return report


def _cuts(
    wave: Wave,
    spec: Layout,
    whole: UnitRow,
    k: int,
    units: list[Unit],
    decisions: dict[int, Decision],
    tree: Tree[int],
) -> list[Cut]:
    """Profile questions across the whole agency (never a unit: a unit's cut set against the
    agency's would isolate the rest), each answer shown by the cut rule of ``revmen.privacy``
    and checked against the shown unit figures (``audit_cut_against_regions``)."""
    items = {
        item.code: item
        for item in Item.objects.filter(version_id=wave.administration.version_id, **PROFILE)
    }
    if not items:
        return []
    n_items = len(spec.points)
    stored_cuts: dict[str, dict[int, tuple[int, np.ndarray]]] = {}
    for code, value, n, raw in CutAggregate.objects.filter(wave=wave).values_list(
        "item_code", "value", "n", "counts"
    ):
        stored_cuts.setdefault(code, {})[value] = (n, decode(raw, n_items))
    cuts = []
    for code, item in sorted(items.items(), key=lambda pair: pair[1].position):
        by_value = stored_cuts.get(code, {})
        parts = {v: by_value.get(v, (0, None))[0] for v in range(1, len(item.options) + 1)}
        group_n = whole.n if whole.shown else 0
        decided = suppress_cut(group_n, parts, k=k) if group_n >= sum(parts.values()) else {}
        shown_values = {v for v, d in decided.items() if d.shown}
        regions = (
            _unit_regions_by_answer(wave, units, decisions, tree, code, len(item.options) + 1)
            if shown_values
            else []
        )
        everyone = {0: max(group_n - sum(parts.values()), 0), **parts}
        hidden_by_units = audit_cut_against_regions(shown_values, everyone, regions, k=k)
        rows = [
            CutRow(
                label=str(label),
                n=parts[value],
                shown=value in shown_values and value not in hidden_by_units,
                reason="differencing"
                if value in hidden_by_units
                else decided[value].reason
                if value in decided
                else "below_k",
            )
            for value, label in enumerate(item.options, start=1)
        ]
        shown = [(row, value) for value, row in enumerate(rows, start=1) if row.shown]
        if shown:
            scores = culture_scores_many(
                np.stack([by_value[value][1].astype(np.int64) for _row, value in shown]),
                [row.n for row, _value in shown],
                spec.dimensions,
                spec.points,
                spec.reverse,
            )
            for (row, _value), score in zip(shown, scores, strict=True):
                row.scores = score
        unanswered = max(whole.n - sum(parts.values()), 0)
        cuts.append(Cut(code=code, question=item.text, rows=rows, unanswered=unanswered))
    return cuts


def _unit_regions_by_answer(
    wave: Wave,
    units: list[Unit],
    decisions: dict[int, Decision],
    tree: Tree[int],
    code: str,
    width: int,
) -> list[dict[int, int]]:
    """For one profile question, the finest groups the unit figures let a reader compute: the
    residual of every shown unit (its subtree minus its topmost shown descendants), each as
    respondents per answer (0 = did not answer). They are disjoint and cover the agency (whose
    root is shown)."""
    own = np.zeros((len(units), width), dtype=np.int64)
    for unit_id, value, n in ProfileCount.objects.filter(wave=wave, item_code=code).values_list(
        "unit_id", "value", "n"
    ):
        if unit_id in tree.index:
            own[tree.index[unit_id], value if value < width else 0] += n
    shown = np.array([decisions[u.pk].shown for u in units], dtype=bool)
    return tree.residual_regions(own, shown)


def _headcounts(wave: Wave, units: list[Unit], tree: Tree[int]) -> dict[int, tuple[int, str]]:
    """Each unit's headcount (whole subtree) and where it comes from: entered for the wave, else
    the sum of its sub-units' (if any has one); with nothing entered, people registered."""
    if not units:
        return {}
    entered = dict(Headcount.objects.filter(wave=wave).values_list("unit_id", "n"))
    if entered:
        return resolve_headcounts([(u.pk, u.parent_id, u.depth) for u in units], entered)
    direct = dict(
        Person.objects.filter(unit__agency_id=units[0].agency_id)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    own = np.array([direct.get(u.pk, 0) for u in units], dtype=np.int64)
    sums = tree.subtree_sums(own).tolist()
    return {pk: (n, "registered") for pk, n in zip(tree.index, sums, strict=True)}


def resolve_headcounts(
    units: list[tuple[int, int | None, int]], entered: dict[int, int]
) -> dict[int, tuple[int, str]]:
    """``units`` as (id, parent id, depth). A unit's entered headcount counts for its whole
    subtree and wins over its sub-units'; a unit without one takes the sum of its sub-units'
    when every one of them has a headcount; else it has none (0, ""), since a partial sum would
    give a rate that is too high.

    >>> resolve_headcounts([(1, None, 0), (2, 1, 1), (3, 1, 1)], {2: 40, 3: 10})
    {2: (40, 'entered'), 3: (10, 'entered'), 1: (50, 'sum')}
    """
    children: dict[int, list[int]] = {}
    for pk, parent, _depth in units:
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    resolved: dict[int, tuple[int, str]] = {}
    for pk, _parent, _depth in sorted(units, key=lambda u: -u[2]):
        below = [resolved[child] for child in children.get(pk, [])]
        if pk in entered:
            resolved[pk] = (entered[pk], "entered")
        elif below and all(source for _n, source in below):
            resolved[pk] = (sum(n for n, _source in below), "sum")
        else:
            resolved[pk] = (0, "")
    return resolved


def _heatmap(report: WaveReport) -> None:
    base = report.rows[0].scores if report.rows else None
    for row in report.rows:
        if row.scores is None or base is None:
            continue
        for code, _name in report.dimensions:
            mine, whole = row.scores.dimensions.get(code), base.dimensions.get(code)
            row.diff[code] = mine - whole if mine is not None and whole is not None else None


def _trend(report: WaveReport, root: Unit | None) -> None:
    previous = (
        Wave.objects.filter(
            agency_id=report.wave.agency_id,
            closed_at__isnull=False,
            administration__opens_at__lt=report.wave.administration.opens_at,
        )
        .order_by("-administration__opens_at")
        .first()
    )
    if previous is None:
        return
    report.previous = previous
    # The earlier wave's figures may appear only where its own rules (and, if stricter, this
    # report's) would show them: a trend is a difference, so it must not reveal a hidden score.
    strict = max(report.k, previous.min_group_size)
    before = build_report(previous, root=root, k=strict, with_extras=False)
    old = {row.unit.pk: row for row in before.rows}
    shown_before = {pk: row.shown for pk, row in old.items()}
    shown_now = {row.unit.pk: row.shown for row in report.rows}
    for row in report.rows:
        past = old.get(row.unit.pk)
        if (
            row.scores
            and past
            and comparable(shown_before, shown_now, row.unit.pk)
            and past.scores
            and row.scores.index is not None
            and past.scores.index is not None
        ):
            row.trend = row.scores.index - past.scores.index


def _benchmark() -> Benchmark:
    """Agency-level indices of every agency's latest closed wave (stored at closing)."""
    latest: dict[int, Wave] = {}
    for wave in Wave.objects.filter(closed_at__isnull=False).order_by("administration__opens_at"):
        latest[wave.agency_id] = wave
    indices = [w.summary["index"] for w in latest.values() if w.summary.get("index") is not None]
    if len(indices) < BENCHMARK_MIN_AGENCIES:
        # With few agencies the median and quartile would give away another agency's index.
        return Benchmark(len(indices), None, None)
    return benchmark(indices)


def summarise(wave: Wave) -> dict[str, Any]:
    """What a closed wave's report needs beyond the aggregates, computed once from the answers:
    the agency index (for benchmarks), drivers, and the comments in random order."""
    report = build_report(wave, with_extras=False)
    spec = layout(wave)
    in_scope = {row.unit.pk for row in report.rows}
    _respondent_extras(report, spec, in_scope)
    root = report.rows[0] if report.rows else None
    return {
        "index": root.scores.index if root and root.scores else None,
        "n": root.n if root else 0,
        "drivers": [
            {"dimension": d.dimension, "r": d.r, "p": d.p, "n": d.n} for d in report.drivers
        ],
        "comments": report.comments,
        **(comment_summary(wave, report.comments) if report.comments else {}),
    }


def _respondent_extras(report: WaveReport, spec: Layout, in_scope: set[int]) -> None:
    root = report.rows[0] if report.rows else None
    if root is None:
        return
    responses = list(
        Response.objects.filter(
            administration_id=report.wave.administration_id, unit_id__in=in_scope
        ).values_list("answers", "texts")
    )
    if root.shown and root.n >= DRIVER_MIN_N and spec.outcome:
        matrix = answer_matrix((a for a, _t in responses), len(spec.points)).astype(np.int64)
        shares = respondent_shares(matrix, spec.dimensions, spec.points, spec.reverse)
        outcome = matrix[:, spec.outcome].astype(float)
        outcome[outcome == 0] = np.nan
        with np.errstate(invalid="ignore"):
            mean_outcome = np.nanmean(outcome, axis=1) if outcome.size else outcome
        report.drivers = drivers(shares, mean_outcome, min_n=DRIVER_MIN_N)
    # Comments only for the whole agency: a subtree's comments set against the agency's would
    # isolate the comments of the rest, however small (the same differencing as scores).
    at_agency_root = root.unit.parent_id is None
    if at_agency_root and root.shown and root.n >= report.wave.min_comment_group:
        comments = [
            text
            for _a, texts in responses
            for code, text in (texts or {}).items()
            if code in spec.text_codes and text.strip()
        ]
        random.SystemRandom().shuffle(comments)
        report.comments = comments


def report_json(report: WaveReport) -> dict[str, Any]:
    """The JSON of ``revmen culture report``: one entry per unit, depth-first, unrounded."""
    codes = [code for code, _name in report.dimensions]
    units = []
    for row in report.rows:
        scores = row.scores
        units.append(
            {
                "unit": row.unit.path if row.unit.path else report.wave.agency.name,
                "n": row.n,
                "shown": row.shown,
                "index": scores.index if scores else None,
                "dimensions": {c: (scores.dimensions.get(c) if scores else None) for c in codes},
                "category": scores.category if scores else None,
                "category_label": scores.category_label if scores else None,
            }
        )
    return {
        "organisation": report.wave.agency.code,
        "wave": report.wave.name,
        "min_group_size": report.k,
        "units": units,
    }
