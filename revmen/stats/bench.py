"""Benchmark of the statistics core against a bare NumPy baseline on the same array.

``run()`` builds a synthetic questionnaire in memory (one-factor Likert 1-5 answers, 1% of
answers missing), then times, best of ``repeat``:

- ours: :func:`~revmen.stats.scoring.scale_scores`, :func:`~revmen.stats.reliability.
  cronbach_alpha`, :func:`~revmen.stats.reliability.mcdonald_omega`,
  :func:`~revmen.stats.change.paired_comparison` and :func:`~revmen.stats.change.
  reliable_change` (pre = the scale scores, post = pre plus a shift and noise);
- baseline: the least NumPy that gives the headline numbers: per-person ``np.nanmean``, alpha
  by hand on complete rows, and a paired t by hand.

It prints nothing; ``make bench`` reports the returned figures. Read ``ratio`` (ours / baseline
in the same run), not the seconds.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from revmen.stats._arrays import FloatArray
from revmen.stats.change import paired_comparison, reliable_change
from revmen.stats.reliability import cronbach_alpha, mcdonald_omega
from revmen.stats.scoring import scale_scores

MISSING_RATE = 0.01


def synthetic(n: int, k: int, seed: int) -> tuple[FloatArray, FloatArray]:
    """A people x items Likert 1-5 matrix (one factor, ~1% NaN) and a post score per person."""
    rng = np.random.default_rng(seed)
    factor = rng.standard_normal((n, 1))
    loadings = rng.uniform(0.4, 0.8, size=(1, k))
    latent = factor @ loadings + rng.standard_normal((n, k)) * np.sqrt(1 - loadings**2)
    items = np.clip(np.round(3 + 1.2 * latent), 1, 5)
    items[rng.random((n, k)) < MISSING_RATE] = np.nan
    post = np.nanmean(items, axis=1) + rng.normal(0.1, 0.3, size=n)
    post[rng.random(n) < MISSING_RATE] = np.nan
    return items, post


def _best(repeat: int, function: Callable[[], object]) -> float:
    best = math.inf
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _baseline_alpha(items: FloatArray) -> float:
    complete = items[~np.isnan(items).any(axis=1)]
    cov = np.cov(complete, rowvar=False)
    k = cov.shape[0]
    return float(k / (k - 1) * (1 - np.trace(cov) / cov.sum()))


def _baseline_t(pre: FloatArray, post: FloatArray) -> float:
    diff = post - pre
    diff = diff[~np.isnan(diff)]
    return float(diff.mean() / (diff.std(ddof=1) / math.sqrt(diff.size)))


def run(n: int = 100_000, k: int = 40, seed: int = 1, repeat: int = 5) -> dict[str, float]:
    """Time the core and the baseline on one synthetic array; seconds, their sums and ratio.

    Keys: ``n``, ``k``; ``scale_scores_s``, ``alpha_s``, ``omega_s``, ``paired_s``,
    ``rci_s`` and their sum ``total_s``; ``baseline_nanmean_s``, ``baseline_alpha_s``,
    ``baseline_t_s`` and their sum ``baseline_total_s``; ``ratio`` = total_s /
    baseline_total_s; and the figures computed (``alpha``, ``omega``, ``t``) as a sanity check.
    """
    items, post = synthetic(n, k, seed)
    pre = scale_scores(items)
    reliability = cronbach_alpha(items).alpha

    ours = {
        "scale_scores_s": _best(repeat, lambda: scale_scores(items)),
        "alpha_s": _best(repeat, lambda: cronbach_alpha(items)),
        "omega_s": _best(repeat, lambda: mcdonald_omega(items)),
        "paired_s": _best(repeat, lambda: paired_comparison(pre, post)),
        "rci_s": _best(repeat, lambda: reliable_change(pre, post, reliability=reliability)),
    }
    baseline_pre = np.nanmean(items, axis=1)
    baseline = {
        "baseline_nanmean_s": _best(repeat, lambda: np.nanmean(items, axis=1)),
        "baseline_alpha_s": _best(repeat, lambda: _baseline_alpha(items)),
        "baseline_t_s": _best(repeat, lambda: _baseline_t(baseline_pre, post)),
    }
    total, baseline_total = sum(ours.values()), sum(baseline.values())
    paired = paired_comparison(pre, post)
    return {
        "n": float(n),
        "k": float(k),
        **ours,
        "total_s": total,
        **baseline,
        "baseline_total_s": baseline_total,
        "ratio": total / baseline_total,
        "alpha": reliability,
        "omega": mcdonald_omega(items).omega,
        "t": paired.t if paired.t is not None else math.nan,
    }
