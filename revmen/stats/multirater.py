"""Multi-rater (360°) feedback: one person rated by themself, their mentor and a peer group.

``multirater(self_rows, mentor_rows, peer_rows, item_scales, min_peers=3)`` takes three
raters x items matrices (NaN for an unanswered item, reverse-keyed already), the scale code of
each item column, and returns per group and per scale:

- each rater's scale score: the mean of their answered items of that scale (``scale_scores``,
  at least 2/3 of the items answered), and ``TOTAL`` over all items;
- the group mean over its raters, x̄_g,s = (1/n_g,s) Σ_r score_r,s, with n_g,s the raters who
  have a score on s; a group is the single self rating, the mentor(s), the peers;
- *others*: the pooled mean over the mentor(s) and the peers, each rater weighing one,
  x̄_o,s = (Σ_mentors score + Σ_peers score) / (n_mentor,s + n_peers,s);
- the gap self − others per scale, d_s = x̄_self,s − x̄_o,s (positive: the person rates
  themself higher than others do, an "over-rater" in the self-other agreement literature).

Confidentiality: the peer group is shown only with at least ``min_peers`` raters
(``peers.shown``). A hidden peer group has no means, and then *others* and the gap are not
shown either (``others.shown`` is false): others would be the mentor alone, or, if the peers
entered it, others − mentor would give away the mean of a group that is too small. So self vs
others exists only once ``min_peers`` peers answered. The caller freezes the result when the
window closes and never recomputes it, so a late answer cannot be subtracted out.

Edge cases: an empty group (no self answer, no mentor) has n = 0, no means (None); a scale
nobody scored is None; gaps are None where either side is None or others is not shown.

Reference: Fleenor, J. W., Smither, J. W., Atwater, L. E., Braddy, P. W., & Sturm, R. E. (2010).
Self–other rating agreement in leadership: A review. *The Leadership Quarterly*, 21(6),
1005-1034; London, M., & Smither, J. W. (1995). Can multi-source feedback change perceptions
of goal accomplishment, self-evaluations, and performance-related outcomes? *Personnel
Psychology*, 48(4), 803-839 (the minimum of three raters per reported group).

Example:
    >>> r = multirater([[4, 4]], [[3, 3]], [[2, 2], [3, 3], [4, 4]], ["A", "A"])
    >>> r.peers.means["A"], r.others.means["A"], r.gap["A"]
    (3.0, 3.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from revmen.stats._arrays import FloatArray, as_matrix
from revmen.stats.errors import InvalidInput
from revmen.stats.scoring import scale_scores

TOTAL = "TOTAL"
DEFAULT_MIN_PEERS = 3


@dataclass(frozen=True)
class Group:
    """One group of raters: how many, whether it may be shown, its mean per scale."""

    n: int
    shown: bool
    means: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class MultiraterResult:
    scales: tuple[str, ...]  # the item scales in first-seen order, then TOTAL
    self: Group
    mentor: Group
    peers: Group
    others: Group
    gap: dict[str, float | None]
    min_peers: int


def _matrix(rows: npt.ArrayLike, width: int, name: str) -> FloatArray:
    array = np.asarray(rows, dtype=np.float64)
    if array.size == 0:
        return np.empty((0, width))
    matrix = as_matrix(array, name)
    if matrix.shape[1] != width:
        raise InvalidInput(f"{name} must have {width} columns; got {matrix.shape[1]}")
    return matrix


def _scores(matrix: FloatArray, columns: dict[str, list[int]]) -> dict[str, FloatArray]:
    """Each rater's score per scale (NaN: too few items answered)."""
    if matrix.shape[0] == 0:
        return {code: np.empty(0) for code in columns}
    return {code: scale_scores(matrix[:, cols]) for code, cols in columns.items()}


def _mean(scores: FloatArray) -> float | None:
    scored = scores[~np.isnan(scores)]
    return float(scored.mean()) if scored.size else None


def _group(scores: dict[str, FloatArray], n: int, shown: bool) -> Group:
    if not shown:
        return Group(n=n, shown=False, means={})
    return Group(n=n, shown=True, means={code: _mean(s) for code, s in scores.items()})


def multirater(
    self_rows: npt.ArrayLike,
    mentor_rows: npt.ArrayLike,
    peer_rows: npt.ArrayLike,
    item_scales: Sequence[str],
    *,
    min_peers: int = DEFAULT_MIN_PEERS,
) -> MultiraterResult:
    """Self, mentor, peers and others per scale, and the self − others gap (module docstring)."""
    if min_peers < 1:
        raise InvalidInput(f"min_peers must be at least 1; got {min_peers}")
    width = len(item_scales)
    if width == 0:
        raise InvalidInput("a multi-rater summary needs at least one item")
    columns: dict[str, list[int]] = {}
    for index, code in enumerate(item_scales):
        columns.setdefault(code, []).append(index)
    columns[TOTAL] = list(range(width))
    own = _matrix(self_rows, width, "self_rows")
    mentor = _matrix(mentor_rows, width, "mentor_rows")
    peers = _matrix(peer_rows, width, "peer_rows")
    own_scores, mentor_scores, peer_scores = (_scores(m, columns) for m in (own, mentor, peers))
    peers_shown = peers.shape[0] >= min_peers
    others_scores = {
        code: np.concatenate([mentor_scores[code], peer_scores[code]]) for code in columns
    }
    n_others = mentor.shape[0] + peers.shape[0]
    self_group = _group(own_scores, own.shape[0], own.shape[0] > 0)
    # Without a peer group that may be shown there is no "others": see the module docstring.
    others = _group(others_scores, n_others, peers_shown)
    gap: dict[str, float | None] = {}
    for code in columns:
        mine, theirs = self_group.means.get(code), others.means.get(code)
        gap[code] = None if mine is None or theirs is None else mine - theirs
    return MultiraterResult(
        scales=tuple(columns),
        self=self_group,
        mentor=_group(mentor_scores, mentor.shape[0], mentor.shape[0] > 0),
        peers=_group(peer_scores, peers.shape[0], peers_shown),
        others=others,
        gap=gap,
        min_peers=min_peers,
    )
