"""Which groups of a unit tree a report may show: minimum size plus protection against
differencing (recovering a small hidden group by subtracting shown figures).

The tree: every node has ``own`` respondents attached directly to it (people of the unit itself,
not of a sub-unit) and children. A node's group is its whole subtree; ``n`` is the subtree total.

Rules (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4 and 5: threshold
rule with secondary suppression for hierarchical tables):

1. Primary suppression: a node with ``n < k`` shows its count but no figure.
2. Differencing: for every shown node G, the respondents of G not covered by G's topmost shown
   descendants (its *residual*: its own people plus every hidden piece beneath it) number either
   0 or at least k. Otherwise shown figures would let someone compute the figure of fewer than k
   people (G minus its shown sub-groups). When a residual is 0 < r < k, the smallest topmost
   shown descendant whose own residual is at least k is hidden too (secondary suppression), so
   its residual joins G's, which then reaches at least k.

Nodes are processed bottom-up, so each node's descendants already satisfy the rule when the node
is checked; hiding a topmost shown descendant of G changes only G's residual (G's ancestors see
G, not what lies beneath it).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .groups import DEFAULT_MIN_GROUP_SIZE
from .tree import Tree

K = TypeVar("K", bound=Hashable)  # a node: a unit id, an answer value, ...

DEFAULT_MIN_COMMENT_GROUP = 10


@dataclass(frozen=True)
class Decision:
    """Per node: subtree count ``n``, whether its figures may be shown, and why not."""

    n: int
    shown: bool
    reason: str  # "shown", "below_k" (primary) or "differencing" (secondary)


def suppress(
    parents: Mapping[K, K | None],
    own: Mapping[K, int],
    *,
    k: int = DEFAULT_MIN_GROUP_SIZE,
) -> dict[K, Decision]:
    """Decide for every node of a tree whether its figures may be shown.

    ``parents`` maps each node to its parent (``None`` for the root or roots); ``own`` gives the
    respondents attached directly to a node (missing = 0). Returns one :class:`Decision` per node.

    Edge cases: an empty tree gives ``{}``; a node with n = 0 is never shown (nothing to show)
    and hides nothing; ``k`` below 1 is refused.

    >>> d = suppress({"A": None, "B": "A", "C": "A"}, {"A": 0, "B": 12, "C": 3}, k=5)
    >>> d["A"].shown, d["B"].shown, d["C"].shown, d["B"].reason
    (True, False, False, 'differencing')
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    children: dict[K, list[K]] = {node: [] for node in parents}
    for node, parent in parents.items():
        if parent is not None:
            if parent not in children:
                raise ValueError(f"unknown parent {parent!r} of {node!r}")
            children[parent].append(node)
    order = _post_order(parents, children)
    n = {node: int(own.get(node, 0)) for node in parents}
    for node in order:
        n[node] += sum(n[child] for child in children[node])
    shown = {node: n[node] >= k for node in parents}
    reason = {node: "shown" if shown[node] else "below_k" for node in parents}
    for node in order:
        if shown[node]:
            _protect(node, n, shown, reason, children, k)
    return {node: Decision(n=n[node], shown=shown[node], reason=reason[node]) for node in parents}


def residual(
    parents: Mapping[K, K | None],
    own: Mapping[K, int],
    shown: Mapping[K, bool],
    node: K,
) -> int:
    """Respondents of ``node``'s group not covered by its topmost shown descendants (the
    arithmetic of ``tree.Tree.residuals``, for one node of a tree given as a mapping)."""
    children: dict[K, list[K]] = {v: [] for v in parents}
    for v, parent in parents.items():
        if parent is not None:
            children[parent].append(v)
    _post_order(parents, children)  # refuses cycles and missing roots
    nodes = list(parents)
    tree = Tree.of(nodes, [parents[v] for v in nodes])
    subtree = tree.subtree_sums(np.array([int(own.get(v, 0)) for v in nodes], dtype=np.int64))
    mask = np.array([bool(shown[v]) for v in nodes], dtype=bool)
    return int(tree.residuals(subtree, mask)[tree.index[node]])


def _residual(
    node: K,
    n: Mapping[K, int],
    shown: Mapping[K, bool],
    children: Mapping[K, list[K]],
) -> int:
    covered = 0
    stack = list(children[node])
    while stack:
        child = stack.pop()
        if shown[child]:
            covered += n[child]
        else:
            stack.extend(children[child])
    return n[node] - covered


def _protect(
    node: K,
    n: Mapping[K, int],
    shown: dict[K, bool],
    reason: dict[K, str],
    children: Mapping[K, list[K]],
    k: int,
) -> None:
    """Secondary suppression under one shown node until its residual is 0 or >= k.

    Only the node's topmost shown descendants (its frontier) bound its residual. Hiding a
    frontier node whose own residual is >= k lifts the node's residual to >= k at once; if every
    frontier node has residual 0, hiding the smallest exposes its own frontier and we look again.
    Bottom-most shown nodes have residual n >= k, so this ends.
    """
    while 0 < _residual(node, n, shown, children) < k:
        frontier = _frontier(node, shown, children)
        if not frontier:  # a consistent tree never gets here; fail safe
            shown[node], reason[node] = False, "differencing"
            return
        useful = [f for f in frontier if _residual(f, n, shown, children) >= k]
        victim = min(useful or frontier, key=lambda f: (n[f], str(f)))
        shown[victim], reason[victim] = False, "differencing"


def _frontier(node: K, shown: Mapping[K, bool], children: Mapping[K, list[K]]) -> list[K]:
    """The topmost shown strict descendants of ``node``."""
    result, stack = [], list(children[node])
    while stack:
        child = stack.pop()
        if shown[child]:
            result.append(child)
        else:
            stack.extend(children[child])
    return result


def _post_order(parents: Mapping[K, K | None], children: Mapping[K, Sequence[K]]) -> list[K]:
    """Children before parents (iterative, so deep trees do not hit the recursion limit)."""
    order: list[K] = []
    roots = [node for node, parent in parents.items() if parent is None]
    stack: list[tuple[K, bool]] = [(root, False) for root in roots]
    seen: set[K] = set()
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            raise ValueError(f"cycle at {node!r}")
        seen.add(node)
        stack.append((node, True))
        stack.extend((child, False) for child in children[node])
    if len(order) != len(parents):
        raise ValueError("the parents mapping is not a tree (a cycle or a missing root)")
    return order


def may_show_filter(n_filtered: int, n_group: int, *, k: int = DEFAULT_MIN_GROUP_SIZE) -> bool:
    """A cut of a shown group (e.g. women in unit X) may be shown only when both the cut and
    its complement within the group hold at least k respondents, so that neither can be
    derived from the group's figure.

    >>> may_show_filter(6, 11, k=5), may_show_filter(6, 10, k=5)
    (True, False)
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    return n_filtered >= k and n_group - n_filtered >= k


def suppress_cut(
    group_n: int, parts: Mapping[K, int], *, k: int = DEFAULT_MIN_GROUP_SIZE
) -> dict[K, Decision]:
    """Which parts of a cut of one group (e.g. the answers to "years of service" within the
    whole agency) may show their figures.

    ``group_n`` is the group's size, ``parts`` the respondents per answer; those who did not
    answer (``group_n`` minus the parts) are a part that is never shown. The cut is a one-level
    tree under the group, so :func:`suppress` applies: every shown part holds at least k, and the
    hidden parts together (non-answers included) hold 0 or at least k, so subtracting the shown
    parts from the group reveals no one. On top, :func:`may_show_filter`: a part is shown only if
    its complement within the group holds at least k too (a part that is the whole group would
    repeat the group's figure under a more revealing name). Nothing is shown when the group
    itself is below k.

    >>> d = suppress_cut(23, {"a": 12, "b": 8, "c": 3}, k=5)
    >>> d["a"].shown, d["b"].shown, d["c"].shown, d["b"].reason
    (True, False, False, 'differencing')
    """
    answered = sum(int(n) for n in parts.values())
    if answered > group_n or any(int(n) < 0 for n in parts.values()):
        raise ValueError("the parts hold more respondents than the group")
    if group_n < k:
        return {
            part: Decision(n=int(n), shown=False, reason="below_k") for part, n in parts.items()
        }
    root = object()
    tree: dict[Hashable, Hashable | None] = {root: None, **{part: root for part in parts}}
    own: dict[Hashable, int] = {root: group_n - answered, **{p: int(n) for p, n in parts.items()}}
    decisions = suppress(tree, own, k=k)
    result: dict[K, Decision] = {}
    for part in parts:
        decision = decisions[part]
        if decision.shown and not may_show_filter(decision.n, group_n, k=k):
            decision = Decision(n=decision.n, shown=False, reason="differencing")
        result[part] = decision
    return result


def audit_cut_against_regions(
    shown: set[K],
    parts: Mapping[K, int],
    regions: Sequence[Mapping[K, int]],
    *,
    k: int = DEFAULT_MIN_GROUP_SIZE,
) -> set[K]:
    """The parts of a cut (shown by :func:`suppress_cut`) to hide as well because of the other
    figures of the report.

    ``parts`` gives the size of every part of the group, those who did not answer included;
    ``regions`` are the finest pieces the other figures let a reader compute, disjoint and
    covering the group (for a unit tree: the residual of every shown unit, which is 0 or at
    least k), each as its count per part. A reader can compute any union S of shown parts and of
    the hidden rest, and any union of regions. Subtracting nested sets isolates people, so for
    every such S, both

    - S minus the regions inside S (S's people in regions only partly in S), and
    - the regions touching S minus S (the others in those regions)

    must hold 0 or at least k people; otherwise the smallest shown part of S (or, for the hidden
    rest alone, the smallest shown part) is hidden too, and everything is checked again. A
    difference of overlapping sets is a signed mix of two groups and isolates no one by itself.

    >>> sorted(audit_cut_against_regions({"new", "old"}, {"new": 11, "old": 5},
    ...                                   [{"new": 10, "old": 0}, {"new": 1, "old": 5}], k=5))
    ['new', 'old']
    """
    if not shown or not regions:
        return set()
    names = list(parts)
    column = {name: i for i, name in enumerate(names)}
    by_region = np.array([[int(r.get(name, 0)) for name in names] for r in regions], dtype=np.int64)
    sizes = by_region.sum(axis=1)
    size_of = np.array([int(parts[name]) for name in names], dtype=np.int64)

    def risky(count: int) -> bool:
        return 0 < count < k

    hidden: set[K] = set()
    while True:
        current = sorted(shown - hidden, key=str)
        if not current:
            return hidden
        rest = [name for name in names if name not in current]
        blocks = [[name] for name in current] + ([rest] if rest else [])
        victim = None
        if rest and risky(int(sum(size_of[column[n]] for n in rest))):
            victim = min(current, key=lambda n: (parts[n], str(n)))
        for mask in range(1, 2 ** len(blocks) - 1):
            if victim is not None:
                break
            members = [n for i, block in enumerate(blocks) if mask >> i & 1 for n in block]
            cols = [column[n] for n in members]
            inside = by_region[:, cols].sum(axis=1)
            total = int(size_of[cols].sum())
            within = total - int(sizes[(inside == sizes) & (sizes > 0)].sum())
            around = int(sizes[inside > 0].sum()) - total
            if risky(within) or risky(around):
                candidates = [n for n in members if n in current] or current
                victim = min(candidates, key=lambda n: (parts[n], str(n)))
        if victim is None:
            return hidden
        hidden.add(victim)


def comparable(shown_before: Mapping[K, bool], shown_now: Mapping[K, bool], node: K) -> bool:
    """Trends compare a group only when it was shown in both waves."""
    return bool(shown_before.get(node)) and bool(shown_now.get(node))
