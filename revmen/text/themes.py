"""Themes across a set of texts: k-means over their embeddings, labelled by distinctive stems.

- Clustering: k-means (Lloyd's algorithm, k-means++ seeding of Arthur & Vassilvitskii 2007,
  ``N_INIT`` seeded restarts; fitted on a seeded sample of ``FIT_SAMPLE`` texts when there are
  more, every text then going to its nearest centre) for every k from 2 to ``max_themes``; the k
  with the highest mean silhouette (Rousseeuw 1987, on a seeded sample of at most
  ``SILHOUETTE_SAMPLE`` points) wins. BLAS runs single-threaded inside (threadpoolctl, when
  installed): the matrices are small and a shared, busy machine makes threaded BLAS thrash.
  Only k with ``k * min_size <= n`` are tried; a best silhouette <= 0 (no structure), fewer than
  two distinct vectors or ``n < 2 * min_size`` give a single theme. Clusters smaller than
  ``min_size`` are left unassigned.
- Labels: up to three stems (Sastrawi, stop words removed) most distinctive of the cluster
  against the rest, by the z-scored log-odds ratio with an informative Dirichlet prior (Monroe,
  Colaresi & Quinn 2008, "Fightin' words", eq. 16–22), counting each stem once per text. Only
  stems found in at least two of the cluster's texts (or its only text) are eligible.
- Examples: up to three members nearest (cosine) the cluster's centroid.

``adjusted_rand_index`` (Hubert & Arabie 1985) measures agreement of two partitions; the tests
use it on planted topics.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import NDArray

from revmen.text.tokens import content_stems

N_INIT = 3
MAX_ITER = 60
SILHOUETTE_SAMPLE = 1000
FIT_SAMPLE = 2000
PRIOR_STRENGTH = 10.0
FALLBACK_LABEL = "-"


@dataclass(frozen=True)
class Theme:
    label: str
    members: tuple[int, ...]
    examples: tuple[int, ...]


@dataclass(frozen=True)
class Themes:
    themes: tuple[Theme, ...]
    unassigned: tuple[int, ...]


FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


def _sq_distances(x: FloatArray, centres: FloatArray, xx: FloatArray | None = None) -> FloatArray:
    """Squared Euclidean distances of the rows of ``x`` to ``centres`` (``xx``: the rows'
    squared norms, when already known)."""
    if xx is None:
        xx = np.einsum("ij,ij->i", x, x)
    d = xx[:, None] - 2.0 * (x @ centres.T) + np.einsum("ij,ij->i", centres, centres)[None, :]
    result: FloatArray = np.maximum(d, 0.0)
    return result


def _kmeans_once(
    x: FloatArray, xx: FloatArray, k: int, rng: np.random.Generator
) -> tuple[IntArray, float, FloatArray]:
    n = x.shape[0]
    centres = np.empty((k, x.shape[1]))
    centres[0] = x[rng.integers(n)]
    closest = _sq_distances(x, centres[:1], xx)[:, 0]
    for j in range(1, k):
        total = closest.sum()
        if total <= 0:
            centres[j] = x[rng.integers(n)]
        else:
            centres[j] = x[rng.choice(n, p=closest / total)]
        closest = np.minimum(closest, _sq_distances(x, centres[j : j + 1], xx)[:, 0])
    labels = np.zeros(n, dtype=np.int64)
    rows = np.arange(n)
    for iteration in range(MAX_ITER):
        d = _sq_distances(x, centres, xx)
        new = d.argmin(1).astype(np.int64)
        if iteration and np.array_equal(new, labels):
            break
        labels = new
        counts = np.bincount(labels, minlength=k)
        onehot = np.zeros((n, k))
        onehot[rows, labels] = 1.0
        sums = onehot.T @ x
        for j in range(k):
            if counts[j]:
                centres[j] = sums[j] / counts[j]
            else:  # an emptied cluster restarts at the point farthest from its centre
                centres[j] = x[int(d[rows, labels].argmax())]
    d = _sq_distances(x, centres, xx)
    labels = d.argmin(1).astype(np.int64)
    inertia = float(d[rows, labels].sum())
    return labels, inertia, centres


def kmeans(
    x: FloatArray, k: int, *, seed: int = 0, n_init: int = N_INIT
) -> tuple[IntArray, FloatArray]:
    """Labels and centres of the best of ``n_init`` seeded k-means runs (lowest
    within-cluster sum of squares)."""
    rng = np.random.default_rng(seed)
    xx = np.einsum("ij,ij->i", x, x)
    best: tuple[IntArray, float, FloatArray] | None = None
    for _ in range(n_init):
        run = _kmeans_once(x, xx, k, rng)
        if best is None or run[1] < best[1]:
            best = run
    assert best is not None
    return best[0], best[2]


def silhouette(distances: FloatArray, labels: IntArray) -> float:
    """Mean silhouette width given a full distance matrix (points in one-point clusters score
    0, as in Rousseeuw 1987)."""
    clusters = np.unique(labels)
    if clusters.size < 2:
        return 0.0
    n = labels.size
    sums = np.stack([distances[:, labels == c].sum(1) for c in clusters], axis=1)
    sizes = np.array([(labels == c).sum() for c in clusters], dtype=np.float64)
    own = np.searchsorted(clusters, labels)
    own_size = sizes[own]
    a = np.where(own_size > 1, sums[np.arange(n), own] / np.maximum(own_size - 1, 1), 0.0)
    mean_other = sums / sizes[None, :]
    mean_other[np.arange(n), own] = np.inf
    b = mean_other.min(1)
    s = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def choose_clusters(x: FloatArray, *, min_size: int, max_themes: int, seed: int) -> IntArray:
    """Cluster labels for the rows of ``x`` with k chosen by silhouette. Above ``FIT_SAMPLE``
    rows, k-means is fitted on a seeded sample and every row goes to its nearest centre."""
    n = x.shape[0]
    single = np.zeros(n, dtype=np.int64)
    top = min(max_themes, n // max(min_size, 1), n - 1)
    if top < 2:
        return single
    distinct = np.unique(np.round(x, 6), axis=0).shape[0]
    if distinct < 2:
        return single
    top = min(top, distinct)
    rng = np.random.default_rng(seed)
    fit = np.sort(rng.choice(n, size=FIT_SAMPLE, replace=False)) if n > FIT_SAMPLE else None
    judge = (
        np.sort(rng.choice(n, size=SILHOUETTE_SAMPLE, replace=False))
        if n > SILHOUETTE_SAMPLE
        else np.arange(n)
    )
    xj = x[judge]
    distances = np.sqrt(_sq_distances(xj, xj))
    xx = np.einsum("ij,ij->i", x, x)
    best_labels, best_score = single, 0.0
    for k in range(2, top + 1):
        if fit is None:
            labels, _centres = kmeans(x, k, seed=seed + k)
        else:
            _fit_labels, centres = kmeans(x[fit], k, seed=seed + k)
            labels = _sq_distances(x, centres, xx).argmin(1).astype(np.int64)
        value = silhouette(distances, labels[judge])
        if value > best_score + 1e-9:
            best_labels, best_score = labels, value
    return best_labels


def _label(inside: Counter[str], outside: Counter[str], size: int, prior: Counter[str]) -> str:
    n_in = sum(inside.values())
    n_out = sum(outside.values())
    n_all = sum(prior.values())
    if not n_in:
        return FALLBACK_LABEL
    minimum = 2 if size > 1 else 1
    scored: list[tuple[float, str]] = []
    for word, y_in in inside.items():
        if y_in < minimum:
            continue
        alpha = PRIOR_STRENGTH * prior[word] / n_all
        y_out = outside.get(word, 0)
        delta = math.log((y_in + alpha) / max(n_in + PRIOR_STRENGTH - y_in - alpha, 1e-6))
        if n_out:
            delta -= math.log((y_out + alpha) / max(n_out + PRIOR_STRENGTH - y_out - alpha, 1e-6))
            z = delta / math.sqrt(1.0 / (y_in + alpha) + 1.0 / (y_out + alpha))
        else:
            z = float(y_in)
        scored.append((z, word))
    scored.sort(key=lambda item: (-item[0], item[1]))
    words = [w for z, w in scored[:3] if z > 0 or not n_out]
    return ", ".join(words) if words else FALLBACK_LABEL


def _single_threaded_blas() -> AbstractContextManager[object]:
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - threadpoolctl ships with the dev tools
        return nullcontext()
    return cast(AbstractContextManager[object], threadpool_limits(limits=1, user_api="blas"))


def find_themes(
    vectors: NDArray[np.floating] | FloatArray,
    texts: Sequence[str],
    *,
    min_size: int = 3,
    max_themes: int = 8,
    seed: int = 0,
) -> Themes:
    """Themes of ``texts`` (row ``i`` of ``vectors`` embeds ``texts[i]``); indexes are 0-based."""
    x = np.asarray(vectors, dtype=np.float64)
    n = x.shape[0] if x.ndim == 2 else 0
    if n != len(texts):
        raise ValueError(f"{n} vectors for {len(texts)} texts")
    if n == 0 or n < min_size:
        return Themes((), tuple(range(n)))
    with _single_threaded_blas():
        labels = choose_clusters(x, min_size=min_size, max_themes=max_themes, seed=seed)
    bags = [Counter(set(content_stems(t))) for t in texts]
    prior: Counter[str] = Counter()
    for bag in bags:
        prior.update(bag)
    found: list[Theme] = []
    unassigned: list[int] = []
    for c in np.unique(labels):
        members = np.flatnonzero(labels == c)
        if members.size < min_size:
            unassigned.extend(int(i) for i in members)
            continue
        inside: Counter[str] = Counter()
        for i in members:
            inside.update(bags[int(i)])
        outside = prior - inside
        centre = x[members].mean(0)
        norm = np.linalg.norm(centre)
        rows = x[members]
        row_norms = np.linalg.norm(rows, axis=1)
        row_norms[row_norms == 0] = 1.0
        closeness = (rows @ centre) / row_norms / (norm if norm else 1.0)
        order = np.argsort(-closeness, kind="stable")[:3]
        found.append(
            Theme(
                label=_label(inside, outside, int(members.size), prior),
                members=tuple(int(i) for i in members),
                examples=tuple(int(members[j]) for j in order),
            )
        )
    found.sort(key=lambda t: (-len(t.members), t.members[0]))
    return Themes(tuple(found), tuple(sorted(unassigned)))


def adjusted_rand_index(a: Sequence[int] | IntArray, b: Sequence[int] | IntArray) -> float:
    """Hubert & Arabie's (1985) adjusted Rand index of two labellings of the same items:
    ``(Σ C(n_ij,2) − E) / (½(Σ C(a_i,2) + Σ C(b_j,2)) − E)``, with
    ``E = Σ C(a_i,2) Σ C(b_j,2) / C(n,2)``. 1 for identical partitions, ~0 by chance."""
    left = np.asarray(a)
    right = np.asarray(b)
    if left.shape != right.shape:
        raise ValueError("labellings of different lengths")
    n = left.size
    if n < 2:
        return 1.0
    _u, li = np.unique(left, return_inverse=True)
    _v, ri = np.unique(right, return_inverse=True)
    table = np.zeros((li.max() + 1, ri.max() + 1), dtype=np.int64)
    np.add.at(table, (li, ri), 1)

    def pairs(values: NDArray[np.int64]) -> float:
        return float((values * (values - 1) // 2).sum())

    index = pairs(table)
    rows = pairs(table.sum(1))
    cols = pairs(table.sum(0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
