"""A unit tree as arrays, for the sums the anonymity rules need over whole subtrees.

Rows are nodes; ``parent[i]`` is the row of node i's parent (-1 at a root); ``levels`` lists the
non-root rows by depth, deepest first, so that one pass per level moves every value up to its
parent (``np.add.at``): a subtree sum over a national tree of 100,000 units is a few dozen NumPy
calls, not 100,000 Python ones.

- ``subtree_sums(own)``: each node's own value plus all its descendants' (any trailing shape:
  respondent counts, answer counts per item and value, headcounts);
- ``covered(subtree, shown)``: what each node's *topmost shown descendants* hold together;
- ``residuals(subtree, shown)``: ``subtree - covered``, the part of a node's group that no
  shown descendant accounts for. For a shown node this is what a reader can compute by
  subtraction (the differencing rule of ``suppression.suppress`` keeps it 0 or at least k);
- ``residual_regions(own, shown)``: the residuals of the shown nodes, the finest disjoint groups
  the shown figures let a reader compute, which a cut is audited against
  (``suppression.audit_cut_against_regions``).

``suppression.residual`` (one node) is this same arithmetic; ``tests/test_tree.py`` checks both
against a brute force on random trees.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Tree(Generic[K]):
    index: dict[K, int]  # node -> row
    parent: np.ndarray  # row of each node's parent, -1 at a root
    levels: list[np.ndarray]  # non-root rows by depth, deepest first

    @classmethod
    def of(
        cls,
        nodes: Sequence[K],
        parents: Sequence[K | None],
        depths: Sequence[int] | None = None,
    ) -> Tree[K]:
        """From the nodes, their parents (``None`` or unknown = a root) and, if known, depths."""
        index = {node: row for row, node in enumerate(nodes)}
        parent = np.array(
            [index.get(p, -1) if p is not None else -1 for p in parents], dtype=np.int64
        )
        depth = np.array(depths if depths is not None else _depths(parent), dtype=np.int64)
        levels = [
            np.flatnonzero((depth == level) & (parent >= 0))
            for level in range(int(depth.max(initial=0)), 0, -1)
        ]
        return cls(index, parent, levels)

    def __len__(self) -> int:
        return len(self.index)

    def subtree_sums(self, own: np.ndarray) -> np.ndarray:
        """Each row's value plus all its descendants' (``own`` is summed in place)."""
        for rows in self.levels:
            np.add.at(own, self.parent[rows], own[rows])
        return own

    def covered(self, subtree: np.ndarray, shown: np.ndarray) -> np.ndarray:
        """What each row's topmost shown descendants hold together (from subtree sums)."""
        held = np.zeros_like(subtree)
        for rows in self.levels:
            mine = shown[rows].reshape((-1,) + (1,) * (subtree.ndim - 1))
            np.add.at(held, self.parent[rows], np.where(mine, subtree[rows], held[rows]))
        return held

    def residuals(self, subtree: np.ndarray, shown: np.ndarray) -> np.ndarray:
        """Each row's group minus what its topmost shown descendants account for."""
        result: np.ndarray = subtree - self.covered(subtree, shown)
        return result

    def residual_regions(self, own: np.ndarray, shown: np.ndarray) -> list[dict[int, int]]:
        """The residuals of the shown rows (non-empty ones), each as ``{column: count}``.

        ``own`` is rows x columns (e.g. respondents per answer to one profile question); the
        regions are disjoint and, when the roots are shown, cover everyone.
        """
        subtree = self.subtree_sums(own.copy())
        regions = self.residuals(subtree, shown)[shown]
        return [dict(enumerate(row.tolist())) for row in regions if row.any()]


def _depths(parent: np.ndarray) -> list[int]:
    depth = [-1] * len(parent)
    for row in range(len(parent)):
        chain = []
        node = row
        while node >= 0 and depth[node] < 0:
            chain.append(node)
            node = int(parent[node])
            if len(chain) > len(parent):
                raise ValueError("the parents do not form a tree (a cycle)")
        base = depth[node] if node >= 0 else -1
        for offset, member in enumerate(reversed(chain), start=1):
            depth[member] = base + offset
    return depth
