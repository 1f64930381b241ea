"""The tree arithmetic of the anonymity rules against a brute force on random trees."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revmen.privacy.suppression import _residual, suppress
from revmen.privacy.tree import Tree


@st.composite
def forests(draw: st.DrawFn) -> tuple[list[int | None], list[int], list[bool]]:
    """Parents given in a shuffled order (rows are not sorted by depth), own counts, shown."""
    size = draw(st.integers(min_value=1, max_value=12))
    parents: list[int | None] = [None]
    for node in range(1, size):
        parents.append(None if draw(st.integers(0, 9)) == 0 else draw(st.integers(0, node - 1)))
    order = draw(st.permutations(range(size)))
    own = [draw(st.integers(0, 9)) for _ in range(size)]
    shown = [draw(st.booleans()) for _ in range(size)]
    return [parents[i] for i in order], [own[i] for i in order], [shown[i] for i in order], order  # type: ignore[return-value]


def _children(nodes: list[int], parents: list[int | None]) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {node: [] for node in nodes}
    for node, parent in zip(nodes, parents, strict=True):
        if parent is not None:
            children[parent].append(node)
    return children


def _brute(nodes, parents, own, shown):  # type: ignore[no-untyped-def]
    children = _children(nodes, parents)
    mine = dict(zip(nodes, own, strict=True))
    visible = dict(zip(nodes, shown, strict=True))

    def total(node: int) -> int:
        return mine[node] + sum(total(c) for c in children[node])

    def held(node: int) -> int:
        return sum(total(c) if visible[c] else held(c) for c in children[node])

    return [total(n) for n in nodes], [total(n) - held(n) for n in nodes]


@settings(max_examples=300, deadline=None)
@given(forests())
def test_subtree_sums_and_residuals_match_a_brute_force(forest) -> None:  # type: ignore[no-untyped-def]
    parents, own, shown, nodes = forest
    tree = Tree.of(list(nodes), parents)
    subtree = tree.subtree_sums(np.array(own, dtype=np.int64))
    totals, residuals = _brute(list(nodes), parents, own, shown)
    assert subtree.tolist() == totals
    assert tree.residuals(subtree, np.array(shown, dtype=bool)).tolist() == residuals


@settings(max_examples=200, deadline=None)
@given(forests())
def test_the_numpy_residual_is_the_one_suppression_decides_by(forest) -> None:  # type: ignore[no-untyped-def]
    parents, own, shown, nodes = forest
    nodes = list(nodes)
    children = _children(nodes, parents)
    totals, _r = _brute(nodes, parents, own, shown)
    n = dict(zip(nodes, totals, strict=True))
    visible = dict(zip(nodes, shown, strict=True))
    tree = Tree.of(nodes, parents)
    ours = tree.residuals(tree.subtree_sums(np.array(own)), np.array(shown, dtype=bool))
    assert ours.tolist() == [_residual(node, n, visible, children) for node in nodes]


@settings(max_examples=200, deadline=None)
@given(forests(), st.integers(min_value=1, max_value=8))
def test_regions_of_a_suppressed_tree_are_disjoint_cover_everyone_and_are_safe(forest, k) -> None:  # type: ignore[no-untyped-def]
    parents, own, _shown, nodes = forest
    nodes = list(nodes)
    decisions = suppress(
        dict(zip(nodes, parents, strict=True)), dict(zip(nodes, own, strict=True)), k=k
    )
    shown = np.array([decisions[node].shown for node in nodes], dtype=bool)
    tree = Tree.of(nodes, parents)
    regions = tree.residual_regions(np.array(own).reshape(-1, 1), shown)
    sizes = [region[0] for region in regions]
    assert all(size >= k for size in sizes)  # what subtraction can reach is never a small group
    roots_shown = all(shown[row] for row, p in enumerate(parents) if p is None)
    if roots_shown:
        assert sum(sizes) == sum(own)  # the regions partition everyone


def test_depths_are_found_when_not_given_and_cycles_are_refused() -> None:
    tree = Tree.of(["c", "a", "b"], ["b", None, "a"])
    assert [rows.tolist() for rows in tree.levels] == [[0], [2]]
    with pytest.raises(ValueError):
        Tree.of(["a", "b"], ["b", "a"])
