"""The early-warning rules of a batch's journal, as plain data in and out (no Django).

Three reasons put a participant on the list:

- ``missing``: no entry for any of the last ``last_prompts`` prompts whose deadline has passed
  (all of them when fewer have closed);
- ``absence``: absent (no check-in, not excused) from at least ``min_absences`` held sessions;
- ``falling``: the person's affect is falling, judged relatively, never against an absolute
  level. For each prompt the person answered, their *relative affect* is their score minus the
  batch's mean score for that same prompt (so a hard session that saddens everyone flags
  nobody). They are flagged when their latest relative affect is below the batch's mean by at
  least ``below`` *and* has dropped by at least ``drop`` against the mean of their own earlier
  relative affects (so a person who always writes soberly is not flagged either). It needs at
  least two answered prompts, and a prompt's mean is only used with ``min_peers`` entries.

Example: prompt means 0.2 and 0.1; a person scored 0.4 then -0.4. Relative: +0.2, -0.5; the
latest is 0.5 below the batch (>= 0.25) and fell 0.7 against their own earlier level (>= 0.25):
``falling``.

``MOOD_REASONS`` are shown only to those who may read the entries (the batch's facilitators).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

MISSING = "missing"
ABSENCE = "absence"
FALLING = "falling"
MOOD_REASONS = frozenset({FALLING})


@dataclass(frozen=True)
class Reason:
    code: str
    # missing: number of prompts without entry; absence: sessions absent; falling: the
    # latest relative affect and the drop against the person's own earlier level.
    count: int = 0
    relative: float = 0.0
    drop: float = 0.0


@dataclass(frozen=True)
class Rules:
    last_prompts: int = 2
    min_absences: int = 2
    below: float = 0.25
    drop: float = 0.25
    min_peers: int = 3


def prompt_means(scores: Mapping[tuple[int, int], float], min_peers: int) -> dict[int, float]:
    """The mean affect of each prompt over everyone who answered it (``(person, prompt)``
    keys), for prompts with at least ``min_peers`` entries."""
    by_prompt: dict[int, list[float]] = {}
    for (_person, prompt), score in scores.items():
        by_prompt.setdefault(prompt, []).append(score)
    return {p: fmean(s) for p, s in by_prompt.items() if len(s) >= min_peers}


def falling(
    person: int,
    prompts: Sequence[int],
    scores: Mapping[tuple[int, int], float],
    means: Mapping[int, float],
    rules: Rules,
) -> Reason | None:
    """The ``falling`` reason for ``person`` over ``prompts`` (in time order), or None."""
    relative = [
        scores[(person, p)] - means[p] for p in prompts if (person, p) in scores and p in means
    ]
    if len(relative) < 2:
        return None
    latest, earlier = relative[-1], fmean(relative[:-1])
    if latest <= -rules.below and latest - earlier <= -rules.drop:
        return Reason(FALLING, relative=round(latest, 3), drop=round(earlier - latest, 3))
    return None


def early_warnings(
    people: Sequence[int],
    prompts: Sequence[int],
    closed_prompts: Sequence[int],
    answered: Mapping[int, set[int]],
    scores: Mapping[tuple[int, int], float],
    absences: Mapping[int, int],
    rules: Rules = Rules(),
) -> dict[int, list[Reason]]:
    """``{person: reasons}`` for everyone with at least one reason.

    ``prompts`` are every prompt of the batch in time order and ``closed_prompts`` those whose
    deadline has passed (in the same order); ``answered[person]`` the prompts they wrote an
    entry for; ``scores[(person, prompt)]`` the affect of the entries analysed so far;
    ``absences[person]`` the held sessions they were absent from.
    """
    means = prompt_means(scores, rules.min_peers)
    recent = list(closed_prompts)[-rules.last_prompts :] if rules.last_prompts else []
    found: dict[int, list[Reason]] = {}
    for person in people:
        reasons = []
        mine = answered.get(person, set())
        if recent and not (set(recent) & mine):
            reasons.append(Reason(MISSING, count=len(recent)))
        if absences.get(person, 0) >= rules.min_absences:
            reasons.append(Reason(ABSENCE, count=absences[person]))
        trend = falling(person, prompts, scores, means, rules)
        if trend is not None:
            reasons.append(trend)
        if reasons:
            found[person] = reasons
    return found


def without_mood(warnings: Mapping[int, list[Reason]]) -> dict[int, list[Reason]]:
    """The list for those who may not read the entries: attendance and missing entries only."""
    kept = {p: [r for r in rs if r.code not in MOOD_REASONS] for p, rs in warnings.items()}
    return {p: rs for p, rs in kept.items() if rs}
