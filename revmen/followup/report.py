"""Adapter between a round's stored answers and ``revmen.stats.multirater``.

Rows become matrices through the engine's ``item_matrix`` (0 = missing → NaN, reverse keyed);
every figure comes from the pure core. Called once per round, when its window closes
(``services.round_freeze``); pages read the frozen ``Snapshot`` only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from revmen.core.values import scale_value
from revmen.instruments.analysis import item_matrix
from revmen.instruments.models import Administration, Item, Response
from revmen.instruments.qtypes import SCALE
from revmen.stats.multirater import TOTAL, MultiraterResult, multirater
from revmen.stats.scoring import scale_scores

from .models import RaterRole, Round

GROUPS = ("self", "mentor", "peers", "others")


def _items(administration: Administration) -> list[Item]:
    return [
        item
        for item in administration.version.items.select_related("scale").order_by("position")
        if item.qtype.scoring == SCALE and item.scale_id
    ]


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 4)


def figures_of(round_: Round) -> tuple[dict[str, Any], dict[str, int]]:
    """The round's figures as plain JSON, and how many answered in each group."""
    administration = round_.administration
    alumnus_id = round_.enrolment.person_id
    mentors = set(round_.raters.filter(role=RaterRole.MENTOR).values_list("person_id", flat=True))
    rows: dict[str, list[bytes]] = {"self": [], "mentor": [], "peers": []}
    for response in Response.objects.filter(administration=administration):
        answers = bytes(response.answers)
        if response.respondent_id == alumnus_id and response.subject_id is None:
            rows["self"].append(answers)
        elif response.respondent_id in mentors and response.subject_id == alumnus_id:
            rows["mentor"].append(answers)
        elif response.respondent_id is None and response.subject_id == alumnus_id:
            rows["peers"].append(answers)
    items = _items(administration)
    scales = [item.scale.code for item in items if item.scale is not None]
    result = multirater(
        item_matrix(rows["self"], items),
        item_matrix(rows["mentor"], items),
        item_matrix(rows["peers"], items),
        scales,
    )
    counts = {group: len(found) for group, found in rows.items()}
    return _plain(result, items), counts


def _plain(result: MultiraterResult, items: list[Item]) -> dict[str, Any]:
    names = {item.scale.code: item.scale.name for item in items if item.scale is not None}
    return {
        "scales": [{"code": code, "name": names.get(code, "")} for code in result.scales],
        "min_peers": result.min_peers,
        **{
            group: {
                "n": getattr(result, group).n,
                "shown": getattr(result, group).shown,
                "means": {k: _number(v) for k, v in getattr(result, group).means.items()},
            }
            for group in GROUPS
        },
        "gap": {k: _number(v) for k, v in result.gap.items()},
    }


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    self: float | None
    mentor: float | None
    peers: float | None
    others: float | None
    gap: float | None
    pre: float | None = None
    post: float | None = None

    @property
    def is_total(self) -> bool:
        return self.code == TOTAL


PrePost = dict[str, tuple[float | None, float | None]]


def rows_of(figures: dict[str, Any], prepost: PrePost) -> list[Row]:
    """Table rows of a frozen snapshot, with the alumnus's own pre/post scores beside them."""
    rows = []
    for scale in figures["scales"]:
        code = scale["code"]
        pre, post = prepost.get(code, (None, None))
        rows.append(
            Row(
                code=code,
                name=scale["name"],
                self=figures["self"]["means"].get(code),
                mentor=figures["mentor"]["means"].get(code),
                peers=figures["peers"]["means"].get(code),
                others=figures["others"]["means"].get(code),
                gap=figures["gap"].get(code),
                pre=pre,
                post=post,
            )
        )
    return rows


def own_prepost(round_: Round) -> PrePost:
    """The alumnus's own pre and post attitude scores (SIKAP-RM) per BerAKHLAK value, from the
    batch's latest pre and post administrations of the same instrument; empty when missing."""
    enrolment = round_.enrolment
    administrations = enrolment.batch.administrations.filter(
        purpose__in=["pre", "post"], version__instrument__kind="attitude"
    ).select_related("version__instrument")
    latest: dict[str, Administration] = {}
    for administration in administrations.order_by("opens_at"):
        latest[administration.purpose] = administration
    if "post" not in latest:
        return {}
    scores: dict[str, dict[str, float | None]] = {}
    for purpose, administration in latest.items():
        response = administration.responses.filter(
            respondent_id=enrolment.person_id, subject__isnull=True
        ).first()
        if response is None:
            continue
        scores[purpose] = _own_scores(administration, bytes(response.answers))
    codes = set(scores.get("pre", {})) | set(scores.get("post", {}))
    return {
        code: (scores.get("pre", {}).get(code), scores.get("post", {}).get(code)) for code in codes
    }


def _own_scores(administration: Administration, answers: bytes) -> dict[str, float | None]:
    items = _items(administration)
    groups: dict[str, list[Item]] = {}
    for item in items:
        assert item.scale is not None
        known = scale_value(item.scale.code)
        if known is not None and known.family == "berakhlak":
            groups.setdefault(known.code, []).append(item)
    result: dict[str, float | None] = {}
    for code, members in groups.items():
        score = scale_scores(item_matrix([answers], members))[0]
        result[code] = None if np.isnan(score) else float(score)
    everything = [item for members in groups.values() for item in members]
    if everything:
        total = scale_scores(item_matrix([answers], everything))[0]
        result[TOTAL] = None if np.isnan(total) else float(total)
    return result
