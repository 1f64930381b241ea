"""Alpha, Feldt CI, item analysis and omega against pingouin, factor_analyzer and theory."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy import stats

from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.reliability import (
    UNIQUENESS_FLOOR,
    alpha_ci_feldt,
    cronbach_alpha,
    item_analysis,
    mcdonald_omega,
    omega_from_covariance,
)

NAN = float("nan")


def _pingouin_wide(name: str) -> pd.DataFrame:
    data = pingouin.read_dataset(name)
    if name == "cronbach_alpha":  # long format in the package: Subj x Items
        return data.pivot(index="Subj", columns="Items", values="Scores")
    return data


class _NumpyWithoutRound:
    """numpy, except that ``round`` returns its input: pingouin rounds its CI to 3 places."""

    def __getattr__(self, name: str) -> Any:
        return getattr(np, name)

    @staticmethod
    def round(values: Any, decimals: int = 0) -> Any:
        return np.asarray(values, dtype=float)


@pytest.fixture
def pingouin_unrounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pingouin.reliability, "np", _NumpyWithoutRound())


def _random_items(n: int, loadings: list[float], seed: int, scales: list[float] | None = None):  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    lam = np.array(loadings)
    x = rng.standard_normal((n, 1)) @ lam[None, :] + rng.standard_normal((n, lam.size)) * np.sqrt(
        1 - lam**2
    )
    if scales is not None:
        x = x * np.array(scales) + 3.0
    return x


# ---------------------------------------------------------------- Cronbach's alpha


def test_pingouin_documented_example_likert() -> None:
    # pingouin docs: pg.cronbach_alpha(data=data, items="Items", scores="Scores", subject="Subj")
    # -> (0.5917188485995826, array([0.195, 0.84 ])), on its bundled "cronbach_alpha" data.
    result = cronbach_alpha(_pingouin_wide("cronbach_alpha"))
    assert (result.n, result.k) == (15, 10)
    assert result.alpha == pytest.approx(0.5917188485995826, abs=1e-12)
    assert round(result.ci_low, 3) == 0.195
    assert round(result.ci_high, 3) == 0.84


def test_pingouin_documented_example_listwise() -> None:
    # pingouin docs: pg.cronbach_alpha(data, nan_policy="listwise") -> 0.8016949152542373.
    # (Its CI there uses n = 12 rows counted before the deletion; ours uses the 9 complete
    # cases the alpha rests on, so only alpha is compared.)
    result = cronbach_alpha(_pingouin_wide("cronbach_wide_missing"))
    assert result.alpha == pytest.approx(0.8016949152542373, abs=1e-12)
    assert (result.n, result.k) == (9, 11)


@pytest.mark.usefixtures("pingouin_unrounded")
@pytest.mark.parametrize(
    ("n", "loadings", "seed"),
    [
        (15, [0.5, 0.6, 0.7], 0),
        (40, [0.3, 0.4, 0.5, 0.6, 0.7], 1),
        (200, [0.8] * 8, 2),
        (1000, [0.2, 0.9, 0.5, 0.4], 3),
        (6, [0.7, 0.7], 4),
    ],
)
def test_alpha_and_feldt_ci_match_pingouin_unrounded(
    n: int, loadings: list[float], seed: int
) -> None:
    x = _random_items(n, loadings, seed)
    ours = cronbach_alpha(x)
    theirs, (low, high) = pingouin.cronbach_alpha(pd.DataFrame(x))
    assert ours.alpha == pytest.approx(theirs, abs=1e-12)
    assert ours.ci_low == pytest.approx(low, abs=1e-6)
    assert ours.ci_high == pytest.approx(high, abs=1e-6)
    assert ours.ci_low < ours.alpha < ours.ci_high


@pytest.mark.usefixtures("pingouin_unrounded")
@pytest.mark.parametrize("level", [0.90, 0.95, 0.99])
def test_feldt_levels_match_pingouin(level: float) -> None:
    x = _random_items(60, [0.6, 0.5, 0.7, 0.4], 9)
    alpha, (low, high) = pingouin.cronbach_alpha(pd.DataFrame(x), ci=level)
    ci = alpha_ci_feldt(alpha, 60, 4, level=level)
    assert (ci.low, ci.high, ci.level) == pytest.approx((low, high, level), abs=1e-6)


def test_feldt_direction_and_formula() -> None:
    # low uses the upper F quantile: (1 - α̂)/(1 - α) ~ F(n-1, (n-1)(k-1)).
    ci = alpha_ci_feldt(0.8, 100, 10)
    df1, df2 = 99, 99 * 9
    assert ci.low == pytest.approx(1 - 0.2 * stats.f.ppf(0.975, df1, df2), abs=1e-12)
    assert ci.high == pytest.approx(1 - 0.2 * stats.f.ppf(0.025, df1, df2), abs=1e-12)
    assert ci.low < 0.8 < ci.high
    wider = alpha_ci_feldt(0.8, 100, 10, level=0.99)
    assert wider.low < ci.low and wider.high > ci.high


def test_feldt_coverage_by_simulation() -> None:
    """Under the model (parallel normal items) the 95% interval covers the true α ~95%."""
    rng = np.random.default_rng(2024)
    k, n, lam = 5, 30, 0.6
    true_alpha = k * lam**2 / (k * lam**2 + (1 - lam**2))  # parallel items
    hits = 0
    reps = 400
    for _ in range(reps):
        x = rng.standard_normal((n, 1)) * lam + rng.standard_normal((n, k)) * math.sqrt(1 - lam**2)
        r = cronbach_alpha(x)
        hits += r.ci_low <= true_alpha <= r.ci_high
    assert 0.92 <= hits / reps <= 0.98


def test_alpha_hand_example_and_listwise_deletion() -> None:
    rows = [[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]]
    base = cronbach_alpha(rows)
    # item variances 5/3, 19/12, 11/12; total variance 34/3 -> 1.5 * (1 - 50/12 / (34/3))
    assert base.alpha == pytest.approx(1.5 * (1 - (50 / 12) / (34 / 3)), abs=1e-14)
    with_gaps = cronbach_alpha([*rows, [NAN, 1, 1], [5, NAN, 2]])
    assert with_gaps == base


def test_alpha_properties() -> None:
    x = _random_items(300, [0.7, 0.6, 0.5, 0.8], 5)
    a = cronbach_alpha(x).alpha
    # invariant to shifting items; identical items give exactly 1; negative alpha allowed
    assert cronbach_alpha(x + 10).alpha == pytest.approx(a, abs=1e-12)
    same = np.repeat(x[:, :1], 3, axis=1)
    perfect = cronbach_alpha(same)
    assert perfect.alpha == pytest.approx(1.0, abs=1e-12)
    assert perfect.ci_low == pytest.approx(1.0, abs=1e-9)
    assert cronbach_alpha(np.column_stack([x[:, 0], -x[:, 0] + 0.01 * x[:, 1]])).alpha < 0


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        (np.empty((0, 3)), "2 complete cases"),
        ([[1.0, 2.0, 3.0]], "2 complete cases"),
        ([[NAN, NAN], [NAN, NAN]], "2 complete cases"),
        ([[1.0, NAN], [NAN, 2.0], [3.0, 4.0]], "2 complete cases"),
        ([[1.0], [2.0], [3.0]], "at least 2 items"),
        ([[2.0, 2.0], [2.0, 2.0], [2.0, 2.0]], "zero variance"),
        ([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]], "zero variance"),
    ],
    ids=["n=0", "n=1", "all-missing", "one-complete", "k=1", "all-constant", "total-constant"],
)
def test_alpha_edge_cases_raise(matrix: Any, match: str) -> None:
    with pytest.raises(InsufficientData, match=match):
        cronbach_alpha(matrix)


def test_alpha_with_one_constant_item_is_fine() -> None:
    result = cronbach_alpha([[1, 2, 3], [2, 2, 4], [3, 2, 4], [4, 2, 6]])
    assert math.isfinite(result.alpha)


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((0.8, 1, 5), InsufficientData),
        ((0.8, 10, 1), InsufficientData),
        ((0.8, 0, 0), InsufficientData),
        ((1.2, 10, 5), InvalidInput),
        ((NAN, 10, 5), InvalidInput),
    ],
)
def test_feldt_refuses(args: tuple[float, int, int], error: type[Exception]) -> None:
    with pytest.raises(error):
        alpha_ci_feldt(*args)


@pytest.mark.parametrize("level", [0.0, 1.0, 1.5, -0.1])
def test_feldt_refuses_level(level: float) -> None:
    with pytest.raises(InvalidInput, match="level"):
        alpha_ci_feldt(0.8, 30, 5, level=level)


def test_feldt_alpha_one_and_negative() -> None:
    one = alpha_ci_feldt(1.0, 30, 5)
    assert (one.low, one.high) == (1.0, 1.0)
    negative = alpha_ci_feldt(-0.3, 30, 5)
    assert negative.low < -0.3 < negative.high


# ---------------------------------------------------------------- item analysis


@pytest.mark.usefixtures("pingouin_unrounded")
def test_item_analysis_against_scipy_and_pingouin() -> None:
    x = _random_items(120, [0.8, 0.7, 0.3, 0.6, 0.5], 6, scales=[1, 2, 0.5, 1, 3])
    x[3, 1] = np.nan  # listwise: this row goes
    complete = x[~np.isnan(x).any(axis=1)]
    result = item_analysis(x)
    assert (result.n, result.k) == (119, 5)
    assert result.alpha == pytest.approx(cronbach_alpha(x).alpha, abs=1e-14)
    for stat in result.items:
        i = stat.index
        rest = np.delete(complete, i, axis=1).sum(axis=1)
        assert stat.item_rest_r == pytest.approx(stats.pearsonr(complete[:, i], rest)[0], abs=1e-12)
        dropped = pd.DataFrame(np.delete(complete, i, axis=1))
        assert stat.alpha_if_deleted == pytest.approx(
            pingouin.cronbach_alpha(dropped)[0], abs=1e-12
        )
        assert stat.mean == pytest.approx(complete[:, i].mean(), abs=1e-12)
        assert stat.sd == pytest.approx(complete[:, i].std(ddof=1), rel=1e-12)
    weak = result.items[2]
    assert weak.item_rest_r == min(s.item_rest_r for s in result.items if s.item_rest_r is not None)


def test_item_analysis_on_pingouin_data() -> None:
    data = _pingouin_wide("cronbach_alpha").to_numpy(dtype=float)
    result = item_analysis(data)
    assert result.alpha == pytest.approx(0.5917188485995826, abs=1e-12)
    for stat in result.items:
        rest = np.delete(data, stat.index, axis=1).sum(axis=1)
        expected = stats.pearsonr(data[:, stat.index], rest)[0]
        assert stat.item_rest_r == pytest.approx(expected, abs=1e-12)


def test_item_analysis_two_items_and_constant_item() -> None:
    two = item_analysis([[1, 2], [2, 2], [3, 5], [4, 4]])
    assert all(s.alpha_if_deleted is None for s in two.items)
    assert all(s.item_rest_r is not None for s in two.items)
    constant = item_analysis([[1, 2, 3], [2, 2, 4], [3, 2, 4], [4, 2, 6]])
    assert constant.items[1].item_rest_r is None
    assert constant.items[1].sd == 0.0
    assert constant.items[0].item_rest_r is not None


@pytest.mark.parametrize(
    "matrix",
    [np.empty((0, 3)), [[1.0, 2.0, 3.0]], [[NAN, NAN, NAN]] * 4, [[1.0], [2.0]]],
    ids=["n=0", "n=1", "all-missing", "k=1"],
)
def test_item_analysis_edge_cases_raise(matrix: Any) -> None:
    with pytest.raises(InsufficientData):
        item_analysis(matrix)


def test_item_analysis_zero_total_variance_raises() -> None:
    with pytest.raises(InsufficientData, match="zero variance"):
        item_analysis([[3.0, 3.0, 3.0]] * 5)


# ---------------------------------------------------------------- omega


@pytest.fixture
def factor_analyzer_cls() -> Iterator[Any]:
    """factor_analyzer's FactorAnalyzer, shimmed for scikit-learn >= 1.6.

    factor_analyzer 0.5.1 calls ``check_array(force_all_finite=...)``, an argument scikit-learn
    renamed to ``ensure_all_finite``; the shim only renames it.
    """
    fa_module = pytest.importorskip("factor_analyzer.factor_analyzer")
    from sklearn.utils import check_array

    def shim(*args: Any, force_all_finite: Any = True, **kwargs: Any) -> Any:
        return check_array(*args, ensure_all_finite=force_all_finite, **kwargs)

    original = fa_module.check_array
    fa_module.check_array = shim
    try:
        yield fa_module.FactorAnalyzer
    finally:
        fa_module.check_array = original


def _fa_fit(cls: Any, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    fa = cls(n_factors=1, rotation=None, method="ml", is_corr_matrix=False)
    fa.fit(x)
    loadings = fa.loadings_[:, 0]
    sign = 1.0 if loadings.sum() >= 0 else -1.0
    return sign * loadings, fa.get_uniquenesses()


def _omega(loadings: np.ndarray, uniquenesses: np.ndarray) -> float:
    common = float(loadings.sum()) ** 2
    return common / (common + float(uniquenesses.sum()))


@pytest.mark.parametrize(
    ("n", "loadings", "scales", "seed"),
    [
        (300, [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], [1, 2, 3, 0.5, 1, 4], 3),
        (150, [0.6, 0.6, 0.6, 0.6], [1, 1, 1, 1], 8),
        (80, [0.7, 0.3, 0.5], [10, 1, 0.1], 12),
        (2000, [0.5] * 12, [1.0] * 6 + [2.0] * 6, 21),
    ],
)
def test_omega_matches_factor_analyzer(
    factor_analyzer_cls: Any, n: int, loadings: list[float], scales: list[float], seed: int
) -> None:
    x = _random_items(n, loadings, seed, scales=scales)
    ours = mcdonald_omega(x)
    std_loadings, std_uniq = _fa_fit(factor_analyzer_cls, x)
    # loadings agree to ~4e-6: factor_analyzer stops L-BFGS-B at default tolerances with a
    # numerical gradient; omega agrees to ~2e-7.
    np.testing.assert_allclose(ours.standardized_loadings, std_loadings, atol=1e-5)
    # ML is scale-equivariant: covariance-scale λ = SD · λ*, ψ = SD² · ψ*.
    sd = x.std(axis=0, ddof=1)
    assert ours.omega == pytest.approx(_omega(std_loadings * sd, std_uniq * sd**2), abs=1e-6)
    # ω on the correlation scale is the omega of the standardised sum score: equal to ours
    # only when the items have equal variances.
    omega_std = omega_from_covariance(np.corrcoef(x, rowvar=False)).omega
    assert omega_std == pytest.approx(_omega(std_loadings, std_uniq), abs=1e-6)
    standardized = mcdonald_omega((x - x.mean(axis=0)) / sd)
    assert standardized.omega == pytest.approx(omega_std, abs=1e-7)
    if len(set(scales)) > 1:
        assert abs(omega_std - ours.omega) > 1e-4


def test_omega_matches_factor_analyzer_on_pingouin_data(factor_analyzer_cls: Any) -> None:
    data = _pingouin_wide("cronbach_alpha").to_numpy(dtype=float)
    ours = mcdonald_omega(data)
    std_loadings, std_uniq = _fa_fit(factor_analyzer_cls, data)
    sd = data.std(axis=0, ddof=1)
    np.testing.assert_allclose(ours.standardized_loadings, std_loadings, atol=1e-5)
    assert ours.omega == pytest.approx(_omega(std_loadings * sd, std_uniq * sd**2), abs=1e-6)
    assert (ours.n, ours.k) == (15, 10)


def test_omega_is_at_least_as_good_a_fit_as_factor_analyzer(factor_analyzer_cls: Any) -> None:
    x = _random_items(300, [0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 3)
    ours = mcdonald_omega(x)
    lam, psi = _fa_fit(factor_analyzer_cls, x)
    r = np.corrcoef(x, rowvar=False)
    assert ours.discrepancy <= _ml_discrepancy(r, np.outer(lam, lam) + np.diag(psi)) + 1e-12


def _ml_discrepancy(s: np.ndarray, sigma: np.ndarray) -> float:
    p = s.shape[0]
    _, logdet_sigma = np.linalg.slogdet(sigma)
    _, logdet_s = np.linalg.slogdet(s)
    return float(logdet_sigma + np.trace(s @ np.linalg.inv(sigma)) - logdet_s - p)


@pytest.mark.parametrize(
    ("lam", "psi"),
    [
        ([0.9, 0.8, 0.7, 0.6], [0.19, 0.36, 0.51, 0.64]),
        ([2.0, 1.5, 0.4, 3.0, 1.1, 0.7], [1.0, 0.3, 0.5, 2.0, 0.2, 0.9]),
        ([0.5, 0.5, 0.5], [1.0, 1.0, 1.0]),
        ([1.0] * 10, [4.0] * 10),
    ],
)
def test_population_covariance_gives_back_lambda_psi_and_exact_omega(
    lam: list[float], psi: list[float]
) -> None:
    lam_a, psi_a = np.array(lam), np.array(psi)
    fit = omega_from_covariance(np.outer(lam_a, lam_a) + np.diag(psi_a))
    np.testing.assert_allclose(fit.loadings, lam_a, atol=1e-6)
    np.testing.assert_allclose(fit.uniquenesses, psi_a, atol=1e-6)
    assert fit.omega == pytest.approx(_omega(lam_a, psi_a), abs=1e-8)
    assert fit.discrepancy == pytest.approx(0.0, abs=1e-10)
    assert not fit.heywood and fit.n is None


def test_sign_is_made_positive() -> None:
    lam = np.array([0.8, 0.7, 0.6, 0.5])
    sigma = np.outer(lam, lam) + np.diag(1 - lam**2)
    flip = np.diag([-1.0, -1.0, -1.0, 1.0])
    fit = omega_from_covariance(flip @ sigma @ flip)
    assert sum(fit.loadings) > 0
    # Σλ = -0.8 - 0.7 - 0.6 + 0.5 < 0, so the reported solution is the mirrored one.
    np.testing.assert_allclose(fit.loadings, [0.8, 0.7, 0.6, -0.5], atol=1e-6)


def test_omega_equals_alpha_for_tau_equivalent_data() -> None:
    rng = np.random.default_rng(77)
    n, k = 20_000, 6
    x = rng.standard_normal((n, 1)) * 0.7 + rng.standard_normal((n, k)) * np.sqrt(
        [0.3, 0.5, 0.8, 0.4, 0.6, 1.0]
    )  # equal loadings, unequal error variances: essentially tau-equivalent
    omega = mcdonald_omega(x).omega
    alpha = cronbach_alpha(x).alpha
    assert omega == pytest.approx(alpha, abs=3e-3)
    # and in the population the two are identical
    sigma = np.full((k, k), 0.49) + np.diag([0.3, 0.5, 0.8, 0.4, 0.6, 1.0])
    assert omega_from_covariance(sigma).omega == pytest.approx(
        k / (k - 1) * (1 - np.trace(sigma) / sigma.sum()), abs=1e-8
    )


def test_omega_exceeds_alpha_for_congeneric_data() -> None:
    lam = np.array([0.9, 0.7, 0.4, 0.3])
    sigma = np.outer(lam, lam) + np.diag(1 - lam**2)
    alpha = 4 / 3 * (1 - np.trace(sigma) / sigma.sum())
    assert omega_from_covariance(sigma).omega > alpha + 0.01


def test_reported_discrepancy_is_the_full_ml_discrepancy() -> None:
    x = _random_items(400, [0.8, 0.6, 0.5, 0.7, 0.4], 31, scales=[1, 3, 2, 1, 0.5])
    fit = mcdonald_omega(x)
    s = np.cov(x, rowvar=False)
    lam = np.array(fit.loadings)
    sigma = np.outer(lam, lam) + np.diag(fit.uniquenesses)
    assert fit.discrepancy == pytest.approx(_ml_discrepancy(s, sigma), abs=1e-10)
    # ML reproduces the variances: diag(Σ̂) = diag(S) at an interior solution
    np.testing.assert_allclose(np.diag(sigma), np.diag(s), rtol=1e-6)


def test_scale_equivariance() -> None:
    x = _random_items(500, [0.8, 0.6, 0.5, 0.7], 41)
    scales = np.array([2.0, 0.5, 10.0, 1.0])
    a, b = mcdonald_omega(x), mcdonald_omega(x * scales)
    np.testing.assert_allclose(b.standardized_loadings, a.standardized_loadings, atol=1e-9)
    np.testing.assert_allclose(b.loadings, np.array(a.loadings) * scales, rtol=1e-6)
    np.testing.assert_allclose(b.uniquenesses, np.array(a.uniquenesses) * scales**2, rtol=1e-5)


def test_heywood_case_is_bounded_and_flagged() -> None:
    # A correlation pattern implying a loading above 1 for item 0: r01·r02/r12 = 1.2.
    r = np.array([[1.0, 0.8, 0.6], [0.8, 1.0, 0.4], [0.6, 0.4, 1.0]])
    fit = omega_from_covariance(r * 4.0)
    assert fit.heywood
    assert min(fit.uniquenesses) == pytest.approx(UNIQUENESS_FLOOR * 4.0, rel=1e-6)
    assert all(u > 0 for u in fit.uniquenesses)
    assert 0 < fit.omega < 1


def test_omega_listwise_and_counts() -> None:
    x = _random_items(100, [0.7, 0.6, 0.5, 0.8], 50)
    with_gaps = np.vstack([x, [[NAN, 1, 1, 1], [1, 1, NAN, 1]]])
    assert mcdonald_omega(with_gaps) == mcdonald_omega(x)
    assert mcdonald_omega(x).n == 100


@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        (np.empty((0, 4)), "more complete cases"),
        ([[1.0, 2.0, 3.0, 4.0]], "more complete cases"),
        ([[NAN] * 4] * 10, "more complete cases"),
        ([[1.0, 2.0, 3.0]] * 2 + [[2.0, 1.0, 3.0]], "more complete cases"),
        ([[1.0, 2.0]] * 5, "at least 3 items"),
        (np.column_stack([np.arange(10.0), np.ones(10), np.arange(10.0) ** 2]), "zero variance"),
        (
            np.column_stack(
                [np.arange(10.0), np.arange(10.0) % 3, np.arange(10.0) + np.arange(10) % 3]
            ),
            "singular",
        ),
    ],
    ids=["n=0", "n=1", "all-missing", "n<=k", "k=2", "zero-variance", "collinear"],
)
def test_omega_edge_cases_raise(matrix: Any, match: str) -> None:
    with pytest.raises(InsufficientData, match=match):
        mcdonald_omega(matrix)


@pytest.mark.parametrize(
    "cov",
    [
        np.ones((3, 4)),
        [[1.0, 0.5, 0.2], [0.4, 1.0, 0.3], [0.2, 0.3, 1.0]],
        [[1.0, NAN, 0], [NAN, 1, 0], [0, 0, 1]],
    ],
    ids=["non-square", "asymmetric", "missing"],
)
def test_omega_from_covariance_refuses_bad_matrices(cov: Any) -> None:
    with pytest.raises(InvalidInput):
        omega_from_covariance(cov)


def test_omega_result_holds_plain_floats() -> None:
    fit = mcdonald_omega(_random_items(50, [0.7, 0.6, 0.5], 1))
    assert type(fit.omega) is float
    assert all(type(v) is float for v in (*fit.loadings, *fit.uniquenesses))
    assert type(fit.heywood) is bool


def test_constant_decimal_items_are_zero_variance_not_rounding_noise() -> None:
    # The mean of 7 copies of 0.1 is not exactly 0.1; that must not read as variance.
    constant = np.full((7, 3), 0.1)
    with pytest.raises(InsufficientData, match="zero variance"):
        cronbach_alpha(constant)
    with pytest.raises(InsufficientData, match="zero variance"):
        item_analysis(constant)
    with pytest.raises(InsufficientData, match="zero variance"):
        mcdonald_omega(np.column_stack([np.arange(7.0), np.full(7, 0.1), np.arange(7.0) ** 1.5]))
    mixed = np.column_stack([[0.1, 0.2, 0.4, 0.3, 0.7], np.full(5, 0.3), [0.2, 0.2, 0.5, 0.1, 0.9]])
    result = item_analysis(mixed)
    assert result.items[1].item_rest_r is None and result.items[1].sd == 0.0
    assert result.items[0].item_rest_r is not None
