"""Paired comparison and reliable change: scipy and pingouin oracles, worked examples, edges."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pingouin
import pytest
from scipy import integrate, special, stats

from revmen.stats.change import (
    JACOBSON_TRUAX,
    PairedResult,
    ReliableChange,
    hedges_j,
    noncentral_t_ci,
    paired_comparison,
    reliable_change,
)
from revmen.stats.errors import InsufficientData, InvalidInput

NAN = float("nan")

# Student (1908) / R's datasets::sleep: extra sleep under drug 1 (pre) and drug 2 (post).
SLEEP_PRE = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_POST = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

# Lakens (2013), Table 1: ratings of two movies by the same 10 people.
LAKENS_MOVIE_1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
LAKENS_MOVIE_2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]


def _scipy_wilcoxon_p(diff: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return float(stats.wilcoxon(diff).pvalue)


# ---------------------------------------------------------------- worked examples


def test_r_sleep_example() -> None:
    # R: t.test(extra ~ group, data = sleep, paired = TRUE) with groups swapped:
    # t = 4.0621, df = 9, p-value = 0.002833, 95% CI 0.7001142 2.4598858, mean diff 1.58
    r = paired_comparison(SLEEP_PRE, SLEEP_POST)
    assert (r.n, r.df) == (10, 9)
    assert r.mean_diff == pytest.approx(1.58, abs=1e-12)
    assert r.t == pytest.approx(4.0621, abs=5e-5)
    assert r.p == pytest.approx(0.002833, abs=5e-7)
    assert r.mean_diff_ci == pytest.approx((0.7001142, 2.4598858), abs=1e-7)
    assert r.pre_mean == pytest.approx(0.75) and r.post_mean == pytest.approx(2.33)


def test_lakens_2013_movie_example() -> None:
    # Lakens (2013): t(9) = 4.74, d_z = 1.50 (differences 1 on average, SD 2/3).
    r = paired_comparison(LAKENS_MOVIE_2, LAKENS_MOVIE_1)
    assert r.mean_diff == pytest.approx(1.0, abs=1e-14)
    assert r.sd_diff == pytest.approx(2 / 3, abs=1e-14)
    assert r.t == pytest.approx(1.5 * math.sqrt(10), abs=1e-12)
    assert round(r.t, 2) == 4.74
    assert r.dz == pytest.approx(1.5, abs=1e-14)
    assert r.g == pytest.approx(1.5 * hedges_j(9), abs=1e-14)
    assert (r.pre_mean, r.post_mean) == pytest.approx((7.7, 8.7))


# ---------------------------------------------------------------- oracles


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("n", [3, 8, 30, 120])
def test_matches_scipy_ttest_rel_and_wilcoxon(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    pre = rng.normal(50, 10, n)
    post = pre + rng.normal(seed - 2, 5, n)
    r = paired_comparison(pre, post)
    ref = stats.ttest_rel(post, pre)
    ci = ref.confidence_interval(0.95)
    assert r.t == pytest.approx(ref.statistic, rel=1e-10)
    assert r.p == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-15)
    assert r.df == ref.df
    assert r.mean_diff_ci == pytest.approx((ci.low, ci.high), rel=1e-10)
    assert r.wilcoxon_p == pytest.approx(_scipy_wilcoxon_p(post - pre), rel=1e-12)


@pytest.mark.parametrize(
    "diff",
    [
        [1.0, 2.0, 3.0, -0.5, 4.0],
        [1.0, 1.0, 2.0, 2.0, -1.0, 3.0],  # ties
        [0.0, 0.0, 1.0, 2.0, -3.0, 4.0, 5.0],  # zeros dropped ("wilcox")
        [1.0],
        list(np.linspace(-2, 5, 60)),  # n > 50: normal approximation
        [0.0, 0.0, 0.0, 2.0],
    ],
)
def test_wilcoxon_follows_scipy_defaults(diff: list[float]) -> None:
    pre = np.zeros(len(diff))
    post = np.array(diff)
    if len(diff) < 2:
        assert _scipy_wilcoxon_p(post) == 1.0
        return
    r = paired_comparison(pre, post)
    assert r.wilcoxon_p == pytest.approx(_scipy_wilcoxon_p(post), rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_matches_pingouin(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    pre = rng.normal(3, 1, 25)
    post = pre + rng.normal(0.4, 0.8, 25)
    r = paired_comparison(pre, post)
    dz = pingouin.compute_effsize(post, pre, paired=True, eftype="cohen_dz")
    assert r.dz == pytest.approx(dz, rel=1e-12)
    table = pingouin.ttest(post, pre, paired=True)
    assert r.t == pytest.approx(float(table["T"].iloc[0]), rel=1e-10)
    assert r.p == pytest.approx(float(table["p_val"].iloc[0]), rel=1e-9)
    # pingouin's Hedges correction is the approximation 1 - 3/(4·df - 1): close, not equal.
    assert r.g == pytest.approx(dz * (1 - 3 / (4 * 24 - 1)), rel=1e-4)


# ---------------------------------------------------------------- Hedges' J


@pytest.mark.parametrize(
    ("df", "closed_form"),
    [
        (2, 1 / math.sqrt(math.pi)),  # Γ(1) / (1 · Γ(1/2))
        (3, math.sqrt(math.pi) / (2 * math.sqrt(1.5))),  # Γ(3/2) / (√1.5 · Γ(1))
        (4, math.sqrt(2 / math.pi)),  # Γ(2) / (√2 · Γ(3/2))
        (5, 0.75 * math.sqrt(math.pi) / math.sqrt(2.5)),  # Γ(5/2) / (√2.5 · Γ(2))
    ],
)
def test_hedges_j_closed_forms(df: int, closed_form: float) -> None:
    assert hedges_j(df) == pytest.approx(closed_form, rel=1e-13)


@pytest.mark.parametrize("df", [2, 3, 10, 50, 150])
def test_hedges_j_gamma_form_and_approximation(df: int) -> None:
    exact = math.gamma(df / 2) / (math.sqrt(df / 2) * math.gamma((df - 1) / 2))
    assert hedges_j(df) == pytest.approx(exact, rel=1e-12)
    assert abs(hedges_j(df) - (1 - 3 / (4 * df - 1))) < 0.05 / df**2


def test_hedges_j_large_df_and_refusal() -> None:
    assert hedges_j(10**7) == pytest.approx(1.0, abs=1e-7)
    with pytest.raises(InsufficientData):
        hedges_j(1)
    with pytest.raises(InsufficientData):
        hedges_j(0)


# ---------------------------------------------------------------- noncentral t interval


@pytest.mark.parametrize("df", [1, 4, 9, 30, 1000])
def test_nct_ci_at_t_zero_is_plus_minus_z(df: int) -> None:
    # P(T <= 0 | δ) = Φ(-δ) exactly, so the limits are ±z(0.975) whatever df.
    low, high = noncentral_t_ci(0.0, df)
    assert low == pytest.approx(-stats.norm.ppf(0.975), abs=1e-9)
    assert high == pytest.approx(stats.norm.ppf(0.975), abs=1e-9)


@pytest.mark.parametrize(
    ("t", "df"), [(4.0621, 9), (1.2, 4), (-2.5, 19), (10.0, 5), (0.3, 2), (25.0, 99), (3.0, 1)]
)
@pytest.mark.parametrize("level", [0.90, 0.95, 0.99])
def test_nct_ci_puts_t_at_the_right_percentiles(t: float, df: int, level: float) -> None:
    low, high = noncentral_t_ci(t, df, level)
    tail = (1 - level) / 2
    assert stats.nct.cdf(t, df, low) == pytest.approx(1 - tail, abs=1e-9)
    assert stats.nct.cdf(t, df, high) == pytest.approx(tail, abs=1e-9)
    # an independent inversion (cdflib's nctdtrinc) of the same equations; it is the less
    # precise of the two for large t (its limits leave cdf residuals up to ~2e-7, ours ~1e-15
    # by the quadrature below), hence the relative tolerance
    assert low == pytest.approx(special.nctdtrinc(df, 1 - tail, t), rel=1e-5, abs=1e-6)
    assert high == pytest.approx(special.nctdtrinc(df, tail, t), rel=1e-5, abs=1e-6)
    assert low < t < high or (t == 0 and low < 0 < high) or df < 3


def _nct_cdf_by_quadrature(t: float, df: int, ncp: float) -> float:
    """P(T <= t | δ) = E[Φ(t·√(V/df) − δ)], V ~ χ²(df): independent of scipy's nct code."""

    def integrand(v: float) -> float:
        return float(stats.norm.cdf(t * math.sqrt(v / df) - ncp) * stats.chi2.pdf(v, df))

    value, _ = integrate.quad(integrand, 0, np.inf, epsabs=1e-14, epsrel=1e-13, limit=500)
    return float(value)


@pytest.mark.parametrize(("t", "df"), [(4.0621, 9), (-2.5, 19), (10.0, 5), (3.0, 1)])
def test_nct_ci_against_quadrature(t: float, df: int) -> None:
    low, high = noncentral_t_ci(t, df)
    assert _nct_cdf_by_quadrature(t, df, low) == pytest.approx(0.975, abs=1e-9)
    assert _nct_cdf_by_quadrature(t, df, high) == pytest.approx(0.025, abs=1e-9)


def test_nct_ci_is_antisymmetric() -> None:
    low, high = noncentral_t_ci(2.7, 12)
    assert noncentral_t_ci(-2.7, 12) == pytest.approx((-high, -low), abs=1e-9)


def test_nct_ci_large_t_large_df() -> None:
    low, high = noncentral_t_ci(105.0, 99_999)
    assert low < 105.0 < high
    # ≈ normal: SE of the ncp is √(1 + t²/(2·df))
    assert high - low == pytest.approx(2 * 1.96 * math.sqrt(1 + 105.0**2 / 2 / 99_999), rel=1e-3)


def test_nct_ci_extreme_t_raises_and_paired_gives_none() -> None:
    with pytest.raises(InsufficientData, match="cannot be computed"):
        noncentral_t_ci(1000.0, 2)
    r = paired_comparison([0.0, 0.0, 0.0], [1.0, 1.0 + 1e-9, 1.0 + 2e-9])
    assert r.t is not None and r.t > 1e8
    assert r.dz_ci is None and r.dz is not None


@pytest.mark.parametrize(
    ("t", "df", "level"), [(1.0, 0, 0.95), (math.inf, 5, 0.95), (NAN, 5, 0.95), (1.0, 5, 1.0)]
)
def test_nct_ci_refuses(t: float, df: int, level: float) -> None:
    with pytest.raises(InvalidInput):
        noncentral_t_ci(t, df, level)


def test_dz_ci_is_nct_limits_over_root_n() -> None:
    r = paired_comparison(SLEEP_PRE, SLEEP_POST)
    assert r.t is not None and r.dz is not None and r.dz_ci is not None
    low, high = noncentral_t_ci(r.t, 9)
    assert r.dz_ci == pytest.approx((low / math.sqrt(10), high / math.sqrt(10)), rel=1e-14)
    assert r.dz_ci[0] < r.dz < r.dz_ci[1]
    assert r.dz == pytest.approx(r.t / math.sqrt(10), rel=1e-14)


def test_dz_ci_approaches_the_normal_approximation_for_large_n() -> None:
    rng = np.random.default_rng(5)
    n = 5000
    pre = rng.normal(0, 1, n)
    post = pre + rng.normal(0.3, 1, n)
    r = paired_comparison(pre, post)
    assert r.dz is not None and r.dz_ci is not None
    se = math.sqrt(1 / n + r.dz**2 / (2 * n))
    assert r.dz_ci == pytest.approx((r.dz - 1.96 * se, r.dz + 1.96 * se), abs=1e-3)


def test_dz_ci_coverage_by_simulation() -> None:
    rng = np.random.default_rng(99)
    true_dz, n, reps, hits = 0.5, 12, 300, 0
    for _ in range(reps):
        diff = rng.normal(true_dz, 1, n)
        r = paired_comparison(np.zeros(n), diff)
        assert r.dz_ci is not None
        hits += r.dz_ci[0] <= true_dz <= r.dz_ci[1]
    assert 0.92 <= hits / reps <= 0.98


# ---------------------------------------------------------------- edge cases


def test_pairs_with_nan_are_dropped() -> None:
    pre = [1.0, 2.0, NAN, 4.0, 5.0, 6.0]
    post = [2.0, 2.5, 3.0, NAN, 6.5, 6.0]
    r = paired_comparison(pre, post)
    assert r.n == 4
    assert r == paired_comparison([1.0, 2.0, 5.0, 6.0], [2.0, 2.5, 6.5, 6.0])


@pytest.mark.parametrize(
    ("pre", "post"),
    [([], []), ([1.0], [2.0]), ([NAN, NAN], [NAN, NAN]), ([1.0, NAN], [NAN, 2.0])],
    ids=["n=0", "n=1", "all-missing", "no-complete-pair"],
)
def test_too_few_pairs_raise(pre: list[float], post: list[float]) -> None:
    with pytest.raises(InsufficientData, match="at least 2 complete pairs"):
        paired_comparison(pre, post)


def test_zero_variance_of_differences_constant_shift() -> None:
    r = paired_comparison([1.0, 2.0, 3.0, 4.0], [1.3, 2.3, 3.3, 4.3])
    assert r.sd_diff == 0.0
    assert r.mean_diff == pytest.approx(0.3)
    assert r.mean_diff_ci == (r.mean_diff, r.mean_diff)
    assert (r.t, r.p, r.dz, r.dz_ci, r.g) == (None, None, None, None, None)
    assert r.wilcoxon_p is not None  # all differences positive: the signed-rank test still runs


def test_all_differences_zero() -> None:
    r = paired_comparison([1.0, 2.0, 3.0], [1.0, 2.0, 3.0])
    assert r.mean_diff == 0.0 and r.sd_diff == 0.0
    assert (r.t, r.p, r.dz, r.dz_ci, r.g, r.wilcoxon_p) == (None,) * 6


def test_two_pairs_have_no_hedges_g() -> None:
    r = paired_comparison([1.0, 2.0], [2.0, 4.0])
    assert r.df == 1 and r.g is None
    assert r.dz == pytest.approx(1.5 / math.sqrt(0.5))
    assert r.dz_ci is not None and r.p is not None


@pytest.mark.parametrize(
    ("pre", "post"), [([1.0, 2.0], [1.0]), ([1.0, math.inf], [1.0, 2.0]), ([[1.0]], [[1.0]])]
)
def test_bad_input_raises(pre: Any, post: Any) -> None:
    with pytest.raises(InvalidInput):
        paired_comparison(pre, post)


def test_result_fields_are_plain() -> None:
    r = paired_comparison(SLEEP_PRE, SLEEP_POST)
    for name in PairedResult.__slots__:
        value = getattr(r, name)
        values = value if isinstance(value, tuple) else (value,)
        assert all(type(v) in (int, float) for v in values), name
        assert all(math.isfinite(v) for v in values), name


# ---------------------------------------------------------------- reliable change


def test_reliable_change_hand_example() -> None:
    # S_diff = √2 · 7.5 · √(1 - 0.8) = 7.5 · √0.4 = 4.7434; RC = diff / S_diff
    changes = reliable_change([20, 25, 30, 10], [31, 24, 19, 19], reliability=0.8, sd_pre=7.5)
    assert changes.s_diff == pytest.approx(7.5 * math.sqrt(0.4), rel=1e-14)
    assert changes.method == JACOBSON_TRUAX == "jacobson-truax"
    rcs = [c.rc for c in changes]
    assert rcs == pytest.approx([11 / 4.743416490252569, -1 / 4.743416490252569,
                                 -11 / 4.743416490252569, 9 / 4.743416490252569])  # fmt: skip
    assert [c.category for c in changes] == ["improved", "unchanged", "deteriorated", "unchanged"]
    assert changes.counts() == {"deteriorated": 1, "unchanged": 2, "improved": 1}
    assert changes[0] == ReliableChange(0, 20.0, 31.0, rcs[0], "improved", "jacobson-truax")


@pytest.mark.parametrize(
    ("rc", "category"),
    [(1.96, "unchanged"), (-1.96, "unchanged"), (1.9601, "improved"), (-1.9601, "deteriorated"),
     (0.0, "unchanged"), (5.0, "improved")],
)  # fmt: skip
def test_reliable_change_cutoff_is_strict(rc: float, category: str) -> None:
    s_diff = math.sqrt(2) * 1.0 * math.sqrt(0.5)  # = 1 exactly? √2·√0.5 = 1 up to rounding
    changes = reliable_change([0.0], [rc * s_diff], reliability=0.5, sd_pre=1.0)
    assert changes[0].category == category


def test_reliable_change_lower_is_better() -> None:
    changes = reliable_change(
        [20, 25, 30], [31, 24, 19], reliability=0.8, sd_pre=7.5, higher_is_better=False
    )
    assert [c.category for c in changes] == ["deteriorated", "unchanged", "improved"]
    assert changes.higher_is_better is False


def test_reliable_change_default_sd_is_pre_sd_of_complete_pairs() -> None:
    pre = [10.0, 12.0, NAN, 15.0, 20.0, 99.0]
    post = [11.0, 15.0, 14.0, 15.0, 30.0, NAN]
    changes = reliable_change(pre, post, reliability=0.75)
    sd = float(np.std([10.0, 12.0, 15.0, 20.0], ddof=1))
    assert changes.sd_pre == pytest.approx(sd, rel=1e-14)
    assert changes.s_diff == pytest.approx(math.sqrt(2) * sd * 0.5, rel=1e-14)
    assert changes.n == 4 and len(changes) == 6
    assert changes[2].rc is None and changes[2].category is None
    assert changes[2].pre is None and changes[2].post == 14.0
    assert changes[5].rc is None and changes[5].pre == 99.0
    expected = (np.array(post) - np.array(pre)) / changes.s_diff
    np.testing.assert_allclose(changes.rc_array(), expected, rtol=1e-14)


def test_reliable_change_is_a_read_only_sequence() -> None:
    changes = reliable_change([1.0, 2.0, 3.0], [4.0, 2.0, 0.0], reliability=0.9, sd_pre=1.0)
    as_list = list(changes)
    assert len(as_list) == 3 and all(isinstance(c, ReliableChange) for c in as_list)
    assert changes[-1] == as_list[2]
    assert changes[1:] == as_list[1:]
    assert [c.index for c in changes] == [0, 1, 2]
    with pytest.raises(IndexError):
        changes[3]
    rc = changes.rc_array()
    rc[0] = 0.0  # a copy
    assert changes[0].rc != 0.0
    with pytest.raises(AttributeError):
        changes[0].rc = 1.0  # type: ignore[misc]
    assert "jacobson-truax" in repr(changes)
    assert all(type(c.rc) is float for c in changes)


def test_reliable_change_nobody_complete_with_given_sd() -> None:
    changes = reliable_change([NAN, 1.0], [2.0, NAN], reliability=0.8, sd_pre=5.0)
    assert changes.n == 0
    assert [c.category for c in changes] == [None, None]
    assert reliable_change([], [], reliability=0.8, sd_pre=5.0).counts() == {
        "deteriorated": 0,
        "unchanged": 0,
        "improved": 0,
    }


@pytest.mark.parametrize(
    ("pre", "post", "match"),
    [
        ([], [], "at least 2"),
        ([5.0], [6.0], "at least 2"),
        ([NAN, NAN], [1.0, 2.0], "at least 2"),
        ([3.0, 3.0, 3.0], [1.0, 2.0, 3.0], "zero variance"),
    ],
    ids=["n=0", "n=1", "all-missing", "zero-variance"],
)
def test_reliable_change_needs_an_sd(pre: list[float], post: list[float], match: str) -> None:
    with pytest.raises(InsufficientData, match=match):
        reliable_change(pre, post, reliability=0.8)


@pytest.mark.parametrize(
    ("reliability", "sd_pre"),
    [(1.0, None), (-0.1, None), (NAN, None), (1.5, None), (0.8, 0.0), (0.8, -2.0), (0.8, NAN)],
)
def test_reliable_change_refuses_parameters(reliability: float, sd_pre: float | None) -> None:
    with pytest.raises(InvalidInput):
        reliable_change([1.0, 2.0, 3.0], [2.0, 3.0, 4.0], reliability=reliability, sd_pre=sd_pre)


def test_reliable_change_reliability_zero_is_allowed() -> None:
    changes = reliable_change([1.0, 2.0], [1.0, 2.0], reliability=0.0, sd_pre=1.0)
    assert changes.s_diff == pytest.approx(math.sqrt(2))


def test_reliable_change_length_mismatch() -> None:
    with pytest.raises(InvalidInput):
        reliable_change([1.0, 2.0], [1.0], reliability=0.8)


def test_reliable_change_leaves_the_callers_arrays_writable() -> None:
    pre = np.array([1.0, 2.0, 3.0])
    post = np.array([2.0, 2.0, 5.0])
    reliable_change(pre, post, reliability=0.8)
    pre[0] = 10.0  # still writable
    post[0] = 10.0


def test_effect_magnitude_follows_cohens_cut_offs_on_both_sides() -> None:
    from revmen.stats.change import effect_magnitude

    cases = {0.0: "negligible", 0.199: "negligible", 0.2: "small", -0.35: "small"}
    cases |= {0.5: "medium", -0.799: "medium", 0.8: "large", -1.7: "large"}
    for d, expected in cases.items():
        assert effect_magnitude(d) == expected, d
