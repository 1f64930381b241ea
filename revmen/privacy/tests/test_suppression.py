"""Minimum group size and differencing protection on unit trees, with property-based tests."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from revmen.privacy.suppression import (
    audit_cut_against_regions,
    comparable,
    may_show_filter,
    residual,
    suppress,
    suppress_cut,
)


def test_a_group_below_k_shows_its_count_but_no_score() -> None:
    d = suppress({"A": None, "B": "A"}, {"A": 10, "B": 4}, k=5)
    assert (d["B"].n, d["B"].shown, d["B"].reason) == (4, False, "below_k")
    assert (d["A"].n, d["A"].shown) == (14, True)


def test_a_small_sibling_forces_its_big_sibling_to_be_hidden() -> None:
    # A = B + C; showing A and B would give C (3 people) by subtraction.
    d = suppress({"A": None, "B": "A", "C": "A"}, {"B": 12, "C": 3}, k=5)
    assert d["A"].shown
    assert (d["B"].shown, d["B"].reason) == (False, "differencing")


def test_people_attached_directly_to_a_unit_count_as_a_hidden_group() -> None:
    # A has 2 own people; showing A and both children would reveal those 2.
    d = suppress({"A": None, "B": "A", "C": "A"}, {"A": 2, "B": 10, "C": 20}, k=5)
    assert d["A"].shown
    assert [d["B"].shown, d["C"].shown] == [False, True]  # the smaller one goes


def test_it_hides_as_little_as_possible() -> None:
    parents = {"A": None, "B": "A", "C": "A", "D": "B", "E": "B"}
    d = suppress(parents, {"A": 2, "C": 20, "D": 10, "E": 10}, k=5)
    assert {node for node, decision in d.items() if not decision.shown} == {"C"}


def test_a_zero_residual_needs_nothing_hidden() -> None:
    d = suppress({"A": None, "B": "A", "C": "A"}, {"B": 6, "C": 7}, k=5)
    assert all(decision.shown for decision in d.values())


def test_empty_groups_are_not_shown_and_hide_nothing() -> None:
    d = suppress({"A": None, "B": "A", "C": "A"}, {"B": 9}, k=5)
    assert (d["C"].n, d["C"].shown) == (0, False)
    assert d["A"].shown and d["B"].shown


def test_edge_cases() -> None:
    assert suppress({}, {}) == {}
    with pytest.raises(ValueError):
        suppress({"A": None}, {"A": 1}, k=0)
    with pytest.raises(ValueError):
        suppress({"A": "B", "B": "A"}, {})
    with pytest.raises(ValueError):
        suppress({"A": "X"}, {})


def test_filters_need_both_sides_at_k() -> None:
    assert may_show_filter(5, 10, k=5)
    assert not may_show_filter(6, 10, k=5)
    assert not may_show_filter(4, 20, k=5)


def test_trends_compare_only_groups_shown_in_both_waves() -> None:
    assert comparable({"A": True}, {"A": True}, "A")
    assert not comparable({"A": False}, {"A": True}, "A")
    assert not comparable({}, {"A": True}, "A")


@st.composite
def trees(draw: st.DrawFn, max_nodes: int = 8) -> tuple[dict[int, int | None], dict[int, int]]:
    size = draw(st.integers(min_value=1, max_value=max_nodes))
    parents: dict[int, int | None] = {0: None}
    for node in range(1, size):
        parents[node] = draw(st.integers(min_value=0, max_value=node - 1))
    own = {node: draw(st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 30])) for node in parents}
    return parents, own


def _atoms(parents: dict[int, int | None], node: int) -> set[int]:
    """The nodes whose own people belong to ``node``'s group (its subtree)."""
    result = {node}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in result and child not in result:
                result.add(child)
                changed = True
    return result


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(min_value=1, max_value=10))
def test_every_shown_groups_residual_is_zero_or_at_least_k(tree, k) -> None:  # type: ignore[no-untyped-def]
    parents, own = tree
    decisions = suppress(parents, own, k=k)
    shown = {node: d.shown for node, d in decisions.items()}
    for node, decision in decisions.items():
        assert decision.n == sum(own[a] for a in _atoms(parents, node))
        if decision.shown:
            assert decision.n >= k
            r = residual(parents, own, shown, node)
            assert r == 0 or r >= k


@settings(max_examples=200, deadline=None)
@given(trees(max_nodes=7), st.integers(min_value=2, max_value=8))
def test_no_combination_of_shown_figures_isolates_fewer_than_k_people(tree, k) -> None:  # type: ignore[no-untyped-def]
    """Brute force: every sum/difference of shown groups (coefficients -1, 0, 1) that equals a
    set of people must hold 0 or at least k of them."""
    parents, own = tree
    decisions = suppress(parents, own, k=k)
    nodes = sorted(parents)
    vectors = [
        np.array([1 if a in _atoms(parents, node) else 0 for a in nodes])
        for node in nodes
        if decisions[node].shown
    ]
    sizes = np.array([own[a] for a in nodes])
    for coefficients in itertools.product((-1, 0, 1), repeat=len(vectors)):
        if not any(coefficients):
            continue
        combined = sum(
            (c * v for c, v in zip(coefficients, vectors, strict=True)),
            np.zeros(len(nodes), dtype=int),
        )
        if set(np.unique(combined)) <= {0, 1}:
            people = int(sizes @ combined)
            assert people == 0 or people >= k, (coefficients, people)


@settings(max_examples=200, deadline=None)
@given(trees(max_nodes=10), st.integers(min_value=2, max_value=8))
def test_no_hidden_small_group_lies_in_the_span_of_shown_groups(tree, k) -> None:  # type: ignore[no-untyped-def]
    parents, own = tree
    decisions = suppress(parents, own, k=k)
    nodes = sorted(parents)
    shown_rows = [
        [1.0 if a in _atoms(parents, node) else 0.0 for a in nodes]
        for node in nodes
        if decisions[node].shown
    ]
    if not shown_rows:
        return
    basis = np.array(shown_rows)
    rank = np.linalg.matrix_rank(basis)
    for node in nodes:
        decision = decisions[node]
        if not decision.shown and 0 < decision.n < k:
            target = [1.0 if (a in _atoms(parents, node) and own[a]) else 0.0 for a in nodes]
            stacked = np.vstack([basis * (np.array([own[a] > 0 for a in nodes])), target])
            assert (
                np.linalg.matrix_rank(stacked)
                > np.linalg.matrix_rank(basis * np.array([own[a] > 0 for a in nodes]))
                or rank == 0
            )


# Cuts of one group (demographic answers within the whole agency).


def test_a_cut_hides_its_small_parts_and_whatever_would_give_them_away() -> None:
    # 3 people with "> 15 years" are hidden; showing both others would give them (23 - 12 - 8).
    d = suppress_cut(23, {"<5": 12, "5-15": 8, ">15": 3}, k=5)
    assert [d[p].shown for p in ("<5", "5-15", ">15")] == [True, False, False]
    assert d[">15"].reason == "below_k" and d["5-15"].reason == "differencing"


def test_those_who_did_not_answer_count_as_a_hidden_part() -> None:
    # 2 skipped the question: both answers shown would give the 2 skippers' figure.
    d = suppress_cut(22, {"a": 10, "b": 10}, k=5)
    assert sorted(x.shown for x in d.values()) == [False, True]  # one hidden joins the 2
    d = suppress_cut(25, {"a": 10, "b": 10}, k=5)  # 5 skipped: enough
    assert all(x.shown for x in d.values())


def test_a_part_that_is_the_whole_group_is_not_shown() -> None:
    d = suppress_cut(12, {"a": 12, "b": 0}, k=5)
    assert not d["a"].shown


def test_nothing_of_a_cut_shows_when_the_group_is_below_k() -> None:
    d = suppress_cut(4, {"a": 2, "b": 2}, k=3)
    assert not any(x.shown for x in d.values())


def test_a_cut_refuses_parts_larger_than_the_group() -> None:
    with pytest.raises(ValueError):
        suppress_cut(5, {"a": 4, "b": 2}, k=3)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=6),
    st.integers(min_value=0, max_value=15),
    st.integers(min_value=1, max_value=10),
)
def test_no_hidden_part_of_a_cut_can_be_computed_by_subtraction(
    parts: list[int], skipped: int, k: int
) -> None:
    group = sum(parts) + skipped
    d = suppress_cut(group, dict(enumerate(parts)), k=k)
    shown = [i for i in d if d[i].shown]
    if group < k:  # the group itself shows no figure, so neither may any part
        assert not shown
        return
    for i in shown:
        assert parts[i] >= k and group - parts[i] >= k
    hidden_total = group - sum(parts[i] for i in shown)
    assert hidden_total == 0 or hidden_total >= k
    # Every subset of shown parts, subtracted from the group, leaves 0 or at least k people.
    for size in range(len(shown) + 1):
        for subset in itertools.combinations(shown, size):
            rest = group - sum(parts[i] for i in subset)
            assert rest == 0 or rest >= k
    if skipped == 0 and all(n >= k for n in parts) and len(parts) >= 2:
        assert len(shown) == len(parts)  # nothing hidden without a reason


@settings(max_examples=400, deadline=None)
@given(
    st.lists(  # regions: for each, how many gave answer 0 (none), 1, 2 or 3
        st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4),
        min_size=1,
        max_size=5,
    ),
    st.integers(min_value=2, max_value=6),
)
def test_no_hidden_group_falls_out_of_a_cut_and_the_unit_figures(
    regions: list[list[int]], k: int
) -> None:
    """Brute force: every union S of shown answer groups and the hidden rest, set against every
    set of regions nested inside S or covering S, leaves 0 or at least k people."""
    regions = [r for r in regions if sum(r) == 0 or sum(r) >= k]  # as the unit rule leaves them
    group = sum(sum(r) for r in regions)
    parts = {v: sum(r[v] for r in regions) for v in (1, 2, 3)}
    decided = suppress_cut(group, parts, k=k)
    shown = {v for v, d in decided.items() if d.shown}
    everyone = {0: group - sum(parts.values()), **parts}
    by_part = [dict(enumerate(r)) for r in regions]
    final = shown - audit_cut_against_regions(shown, everyone, by_part, k=k)
    if not final:
        return
    rest = [v for v in everyone if v not in final]
    blocks = [[v] for v in sorted(final)] + ([rest] if rest else [])
    for mask in range(1, 2 ** len(blocks)):
        members = [v for i, b in enumerate(blocks) if mask >> i & 1 for v in b]
        in_s = [sum(r[v] for v in members) for r in regions]
        size_s = sum(in_s)
        for size in range(len(regions) + 1):
            for chosen in itertools.combinations(range(len(regions)), size):
                total = sum(sum(regions[i]) for i in chosen)
                if all(in_s[i] == sum(regions[i]) for i in chosen):  # nested inside S
                    assert size_s - total == 0 or size_s - total >= k
                if all(in_s[i] == 0 for i in range(len(regions)) if i not in chosen):
                    assert total - size_s == 0 or total - size_s >= k  # covering S
