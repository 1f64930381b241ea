"""Adapter between stored responses and the statistics core (``revmen.stats``).

Rows become NumPy arrays here (0 = missing becomes NaN, reverse-keyed items are flipped by the
core's ``reverse_key``); every number comes from the pure core. Nothing here computes a
statistic itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from revmen.accounts.models import Person
from revmen.stats.change import (
    Magnitude,
    PairedResult,
    ReliableChanges,
    effect_magnitude,
    paired_comparison,
    reliable_change,
)
from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.reliability import AlphaResult, cronbach_alpha, mcdonald_omega
from revmen.stats.scoring import correct_answers, reverse_key, scale_scores

from .answers import answer_matrix
from .models import Administration, IdentityMode, Item
from .qtypes import KEY, SCALE

TOTAL = "TOTAL"
KNOWLEDGE = "KNOWLEDGE"


@dataclass
class ScaleChange:
    code: str
    name: str
    k: int
    paired: PairedResult | None = None
    alpha: AlphaResult | None = None
    omega: float | None = None
    rci: ReliableChanges | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class PersonChange:
    label: str
    person: Person | None
    pre: float | None
    post: float | None
    rc: float | None
    category: str | None


@dataclass
class ChangeReport:
    pre: Administration
    post: Administration
    n_pre: int
    n_post: int
    n_matched: int
    scales: list[ScaleChange]
    people: list[PersonChange]
    named: bool
    warnings: list[str] = field(default_factory=list)
    headline: ScaleChange | None = None  # the scale the per-person rows and the summary use

    @property
    def magnitude(self) -> Magnitude | None:
        """Cohen's word for the headline's d_z, for the plain-language summary."""
        paired = self.headline.paired if self.headline else None
        if paired is None or paired.dz is None:
            return None
        return effect_magnitude(paired.dz)

    def chart(self) -> list[ChartRow]:
        """Pre and post means of each 1-5 scale as bar lengths in percent of the axis (1 to 5);
        the knowledge test (% correct) is on another axis and left out."""
        rows = []
        for scale in self.scales:
            p = scale.paired
            if p is None or scale.code == KNOWLEDGE:
                continue
            rows.append(ChartRow(scale, _bar(p.pre_mean), _bar(p.post_mean)))
        return rows


@dataclass(frozen=True)
class ChartRow:
    scale: ScaleChange
    pre: float  # bar length, 0-100
    post: float


def _bar(mean: float) -> float:
    return round(max(0.0, min(100.0, (mean - 1) / 4 * 100)), 1)


def item_matrix(answers: list[bytes], items: list[Item]) -> np.ndarray:
    """People x items as floats: stored 0 (missing) becomes NaN; reverse-keyed items flipped."""
    if not answers:
        return np.empty((0, len(items)))
    width = max(item.position for item in items) + 1
    full = answer_matrix(answers, width).astype(float)
    matrix = full[:, [item.position for item in items]]
    matrix[matrix == 0] = np.nan
    for points in {int(item.points or 0) for item in items}:
        columns = [i for i, item in enumerate(items) if int(item.points or 0) == points]
        mask = np.array([items[i].reverse for i in columns])
        if mask.any():
            matrix[:, columns] = reverse_key(matrix[:, columns], mask, 1, points)
    return matrix


def _scales(administration: Administration) -> list[tuple[str, str, list[Item]]]:
    items = [
        i
        for i in administration.version.items.select_related("scale")
        if i.qtype.scoring == SCALE and i.scale_id
    ]
    groups: dict[str, tuple[str, list[Item]]] = {}
    for item in items:
        assert item.scale is not None
        groups.setdefault(item.scale.code, (item.scale.name, []))[1].append(item)
    result = [(code, name, members) for code, (name, members) in groups.items()]
    if len(result) > 1:
        result.insert(0, (TOTAL, "", items))
    keyed = [i for i in administration.version.items.all() if i.qtype.scoring == KEY and i.key]
    if keyed:
        result.append((KNOWLEDGE, "", keyed))
    return result


def scales_of(administration: Administration) -> list[tuple[str, str, list[Item]]]:
    """The administration's scored scales as ``(code, name, items)``: TOTAL first when there
    are several, KNOWLEDGE (keyed items) last; for readers outside this app (the API)."""
    return _scales(administration)


def prepost_change(pre: Administration, post: Administration) -> ChangeReport:
    """Group and per-person change between two administrations of the same instrument."""
    pre_rows = _by_respondent(pre)
    post_rows = _by_respondent(post)
    matched = sorted(set(pre_rows) & set(post_rows))
    report = ChangeReport(
        pre=pre,
        post=post,
        n_pre=len(pre_rows),
        n_post=len(post_rows),
        n_matched=len(matched),
        scales=[],
        people=[],
        named=pre.identity == post.identity == IdentityMode.IDENTIFIED,
    )
    if IdentityMode.ANONYMOUS in (pre.identity, post.identity):
        report.warnings.append("anonymous")
        return report
    post_items = {i.code: i for i in post.version.items.all()}
    scores_by_code: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for code, name, items in _scales(pre):
        twins = [post_items.get(item.code) for item in items]
        if any(t is None for t in twins):
            report.warnings.append(f"scale {code}: items differ between the two versions")
            continue
        change, scores = _scale_change(
            code,
            name,
            items,
            [t for t in twins if t],
            [pre_rows[p] for p in matched],
            [post_rows[p] for p in matched],
        )
        report.scales.append(change)
        scores_by_code[code] = scores
    # Per person: the total over all scales, else the only scale, else the knowledge test.
    codes = [c.code for c in report.scales]
    chosen = next(
        (c for c in [TOTAL, *codes] if c in scores_by_code and c != KNOWLEDGE),
        KNOWLEDGE if KNOWLEDGE in scores_by_code else None,
    )
    if chosen is not None:
        change = report.scales[codes.index(chosen)]
        report.headline = change
        report.people = _people(matched, scores_by_code[chosen], change, report.named)
    return report


def _by_respondent(administration: Administration) -> dict[int, bytes]:
    rows = administration.responses.filter(respondent__isnull=False, subject__isnull=True)
    return {r.respondent_id: bytes(r.answers) for r in rows}  # type: ignore[misc]


def _scale_change(
    code: str,
    name: str,
    pre_items: list[Item],
    post_items: list[Item],
    pre_answers: list[bytes],
    post_answers: list[bytes],
) -> tuple[ScaleChange, tuple[np.ndarray, np.ndarray]]:
    change = ScaleChange(code=code, name=name, k=len(pre_items))
    pre_matrix = item_matrix(pre_answers, pre_items)
    post_matrix = item_matrix(post_answers, post_items)
    if code == KNOWLEDGE:  # items scored 1/0 against their key; the score is % correct
        keys = [float("nan") if item.key is None else item.key for item in pre_items]
        pre_matrix = correct_answers(pre_matrix, keys)
        post_matrix = correct_answers(post_matrix, keys)
        pre_scores, post_scores = 100 * scale_scores(pre_matrix), 100 * scale_scores(post_matrix)
    else:
        pre_scores, post_scores = scale_scores(pre_matrix), scale_scores(post_matrix)
    try:
        change.paired = paired_comparison(pre_scores, post_scores)
    except (InsufficientData, InvalidInput) as error:
        change.warnings.append(str(error))
    try:
        change.alpha = cronbach_alpha(pre_matrix)
    except (InsufficientData, InvalidInput) as error:
        change.warnings.append(str(error))
    try:
        change.omega = mcdonald_omega(pre_matrix).omega
    except (InsufficientData, InvalidInput) as error:
        change.warnings.append(str(error))
    if change.alpha is not None and change.alpha.alpha < 1:
        try:
            change.rci = reliable_change(pre_scores, post_scores, reliability=change.alpha.alpha)
        except (InsufficientData, InvalidInput) as error:
            change.warnings.append(str(error))
    return change, (pre_scores, post_scores)


def _people(
    matched: list[int], scores: tuple[np.ndarray, np.ndarray], change: ScaleChange, named: bool
) -> list[PersonChange]:
    people = Person.objects.in_bulk(matched)
    rows = []
    for index, person_id in enumerate(matched):
        rc = change.rci[index] if change.rci is not None else None
        pre, post = scores[0][index], scores[1][index]
        rows.append(
            PersonChange(
                label=people[person_id].name if named else "",
                person=people[person_id] if named else None,
                pre=None if np.isnan(pre) else float(pre),
                post=None if np.isnan(post) else float(post),
                rc=rc.rc if rc else None,
                category=rc.category if rc else None,
            )
        )
    if named:
        return sorted(rows, key=lambda r: r.label)
    # Confidential: no names; ordered by change, which says nothing about who is who.
    rows.sort(key=lambda r: (r.rc is None, -(r.rc or 0.0)))
    for number, row in enumerate(rows, start=1):
        row.label = f"P-{number:02d}"
    return rows
