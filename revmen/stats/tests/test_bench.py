"""bench.run(): the figures it returns (timings are not asserted: machines are noisy)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from revmen.stats import bench
from revmen.stats.change import paired_comparison
from revmen.stats.reliability import cronbach_alpha
from revmen.stats.scoring import scale_scores


def test_run_returns_times_totals_and_ratio() -> None:
    result = bench.run(n=3_000, k=12, seed=2, repeat=1)
    parts = ["scale_scores_s", "alpha_s", "omega_s", "paired_s", "rci_s"]
    baseline = ["baseline_nanmean_s", "baseline_alpha_s", "baseline_t_s"]
    assert all(result[key] > 0 for key in parts + baseline)
    assert result["total_s"] == sum(result[key] for key in parts)
    assert result["baseline_total_s"] == sum(result[key] for key in baseline)
    assert result["ratio"] == result["total_s"] / result["baseline_total_s"]
    assert (result["n"], result["k"]) == (3_000, 12)
    assert 0 < result["alpha"] < 1 and 0 < result["omega"] < 1
    assert math.isfinite(result["t"])


def test_run_prints_nothing(capfd) -> None:  # type: ignore[no-untyped-def]
    bench.run(n=500, k=5, seed=1, repeat=1)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_synthetic_data_shape_and_missingness() -> None:
    items, post = bench.synthetic(10_000, 20, seed=3)
    assert items.shape == (10_000, 20) and post.shape == (10_000,)
    missing = np.isnan(items).mean()
    assert 0.005 < missing < 0.015
    assert set(np.unique(items[~np.isnan(items)])) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert cronbach_alpha(items).alpha > 0.8


def test_baseline_agrees_with_the_core() -> None:
    items, post = bench.synthetic(2_000, 10, seed=4)
    assert abs(bench._baseline_alpha(items) - cronbach_alpha(items).alpha) < 1e-12
    t = paired_comparison(scale_scores(items), post).t
    assert t is not None
    assert bench._baseline_t(np.nanmean(items, axis=1), post) == pytest.approx(t, rel=1e-3)
