"""Internal-consistency reliability: Cronbach's alpha (with Feldt CI), item analysis, omega.

Matrices are people x items, NaN for missing. Every statistic here uses complete cases
(listwise deletion: a person with any item missing is left out) and sample covariances with
the n − 1 denominator, so alpha, item analysis and omega all describe the same people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import linalg as _la
from scipy import optimize as _opt
from scipy import stats as _st

from revmen.stats._arrays import FloatArray, as_matrix, complete_rows, covariance, negligible
from revmen.stats.errors import InsufficientData, InvalidInput

# Lower bound for a uniqueness as a share of the item's variance (R's factanal and
# factor_analyzer use the same 0.005 on the correlation scale). A fit that ends on it is a
# Heywood case: the item is (almost) entirely common variance.
UNIQUENESS_FLOOR = 0.005
# A correlation matrix whose smallest eigenvalue is below this is treated as singular.
SINGULAR_EIGENVALUE = 1e-10


@dataclass(frozen=True, slots=True)
class AlphaResult:
    """Cronbach's alpha on ``n`` complete cases of ``k`` items, with its Feldt 95% CI."""

    alpha: float
    n: int
    k: int
    ci_low: float
    ci_high: float


@dataclass(frozen=True, slots=True)
class ConfidenceInterval:
    """A two-sided confidence interval at ``level`` (e.g. 0.95)."""

    low: float
    high: float
    level: float


@dataclass(frozen=True, slots=True)
class ItemStats:
    """One item's row of an item analysis (``index`` is the 0-based column).

    ``item_rest_r`` is ``None`` when the item or the sum of the other items has zero variance;
    ``alpha_if_deleted`` is ``None`` when fewer than 2 items would remain or the remaining
    items' total has zero variance.
    """

    index: int
    mean: float
    sd: float
    item_rest_r: float | None
    alpha_if_deleted: float | None


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    """Item analysis on ``n`` complete cases: overall alpha and one :class:`ItemStats` per item."""

    n: int
    k: int
    alpha: float
    items: tuple[ItemStats, ...]


@dataclass(frozen=True, slots=True)
class OmegaResult:
    """McDonald's omega from a one-factor ML fit, with the fit on the covariance scale.

    ``loadings`` and ``uniquenesses`` are on the covariance (raw item) scale;
    ``standardized_loadings`` are the same fit on the correlation scale. ``heywood`` is true
    when some uniqueness sits on its lower bound (``UNIQUENESS_FLOOR`` x the item variance).
    ``n`` is ``None`` when the fit was made from a covariance matrix rather than from data.
    """

    omega: float
    n: int | None
    k: int
    loadings: tuple[float, ...]
    uniquenesses: tuple[float, ...]
    standardized_loadings: tuple[float, ...]
    heywood: bool
    discrepancy: float


def _alpha_from_cov(cov: FloatArray, magnitude: float) -> float | None:
    """α from a covariance matrix, or None when the total variance is zero (or k < 2).

    ``magnitude`` is the largest absolute item value, the scale of the rounding noise.
    """
    k = int(cov.shape[0])
    total = float(cov.sum())
    if k < 2 or negligible(total, k * magnitude):
        return None
    return k / (k - 1) * (1.0 - float(np.trace(cov)) / total)


def _complete_items(matrix: npt.ArrayLike, what: str, min_k: int) -> FloatArray:
    items = as_matrix(matrix)
    k = items.shape[1]
    if k < min_k:
        raise InsufficientData(f"{what} needs at least {min_k} items; got {k}")
    complete = complete_rows(items)
    if complete.shape[0] < 2:
        raise InsufficientData(
            f"{what} needs at least 2 complete cases (people with every item answered); "
            f"got {complete.shape[0]}"
        )
    return complete


def cronbach_alpha(matrix: npt.ArrayLike) -> AlphaResult:
    """Cronbach's alpha on complete cases, with a Feldt 95% confidence interval.

    Formula: α = k / (k − 1) · (1 − Σ s²_i / s²_total), with s²_i the n − 1 variance of item i
    and s²_total the n − 1 variance of the sum score (= the sum of the covariance matrix).
    The CI is :func:`alpha_ci_feldt` at 95%.

    Assumptions: items measure one construct; α equals the reliability of the sum only when
    the items are essentially tau-equivalent (equal loadings), otherwise it is a lower bound.
    Listwise deletion: people with any item missing are left out (``n`` counts who is left).

    Edge cases:
        - k < 2 items, or fewer than 2 complete cases (n = 0, n = 1, all missing): raises
          :class:`InsufficientData`.
        - zero variance of the sum score (everyone gives the same total): raises
          :class:`InsufficientData`. A single constant item is fine.
        - α may be negative (items correlate negatively on average); it is reported as is.

    Reference: Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests.
    *Psychometrika*, 16(3), 297-334.

    Example:
        >>> r = cronbach_alpha([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]])
        >>> round(r.alpha, 4), r.n, r.k
        (0.9485, 4, 3)
    """
    complete = _complete_items(matrix, "alpha", 2)
    n, k = complete.shape
    alpha = _alpha_from_cov(covariance(complete), float(np.abs(complete).max()))
    if alpha is None:
        raise InsufficientData("alpha is undefined: the sum score has zero variance")
    ci = alpha_ci_feldt(alpha, n, k)
    return AlphaResult(alpha, n, k, ci.low, ci.high)


def alpha_ci_feldt(alpha: float, n: int, k: int, level: float = 0.95) -> ConfidenceInterval:
    """Feldt confidence interval for Cronbach's alpha.

    Formula, with γ = 1 − level, df1 = n − 1, df2 = (n − 1)(k − 1) and F(q; df1, df2) the q
    quantile of the F distribution:
        low  = 1 − (1 − α) · F(1 − γ/2; df1, df2)
        high = 1 − (1 − α) · F(γ/2;     df1, df2)
    (1 − α̂)/(1 − α) follows F(df1, df2) under the model, so the large quantile gives the
    lower bound. Identical to pingouin's ``cronbach_alpha`` CI before its rounding to 3 places.

    Assumptions: normally distributed, essentially tau-equivalent items with uncorrelated
    errors (the model under which Feldt derived the F distribution).

    Edge cases:
        - n < 2 or k < 2: raises :class:`InsufficientData` (an F with 0 degrees of freedom).
        - α = 1: the interval is (1, 1).
        - ``level`` outside (0, 1) or α > 1: raises :class:`InvalidInput`.

    Reference: Feldt, L. S. (1965). The approximate sampling distribution of Kuder-Richardson
    reliability coefficient twenty. *Psychometrika*, 30(3), 357-370; Feldt, L. S., Woodruff,
    D. J., & Salih, F. A. (1987). Statistical inference for coefficient alpha. *Applied
    Psychological Measurement*, 11(1), 93-103.

    Example:
        >>> ci = alpha_ci_feldt(0.8, n=100, k=10)
        >>> round(ci.low, 4), round(ci.high, 4)
        (0.736, 0.8537)
    """
    if not 0 < level < 1:
        raise InvalidInput(f"level must be strictly between 0 and 1; got {level}")
    if not math.isfinite(alpha) or alpha > 1:
        raise InvalidInput(f"alpha must be a finite number no greater than 1; got {alpha}")
    if n < 2 or k < 2:
        raise InsufficientData(f"the Feldt interval needs n >= 2 and k >= 2; got n={n}, k={k}")
    gamma = 1.0 - level
    df1, df2 = n - 1, (n - 1) * (k - 1)
    f_high = float(_st.f.isf(gamma / 2, df1, df2))  # the 1 - γ/2 quantile
    f_low = float(_st.f.isf(1 - gamma / 2, df1, df2))  # the γ/2 quantile
    return ConfidenceInterval(1 - (1 - alpha) * f_high, 1 - (1 - alpha) * f_low, level)


def item_analysis(matrix: npt.ArrayLike) -> ItemAnalysis:
    """Per item: mean, SD, corrected item-total correlation and alpha-if-item-deleted.

    Formulas, on complete cases with covariance matrix C (n − 1), item i and R_i the sum of the
    other items:
        r(i, R_i) = (Σ_j C_ij − C_ii) / √(C_ii · (ΣΣC − 2 Σ_j C_ij + C_ii))   (Pearson r)
        α_(−i)    = α of the covariance matrix with row and column i removed.

    Assumptions: as for :func:`cronbach_alpha`; listwise deletion.

    Edge cases:
        - k < 2 or fewer than 2 complete cases: raises :class:`InsufficientData`.
        - an item with zero variance, or whose rest score has zero variance: its
          ``item_rest_r`` is ``None``.
        - k = 2: ``alpha_if_deleted`` is ``None`` (one item left has no alpha).
        - zero variance of the total: raises :class:`InsufficientData` (overall alpha undefined).

    Reference: Nunnally, J. C., & Bernstein, I. H. (1994). *Psychometric Theory* (3rd ed.),
    ch. 8 (item-remainder correlation); SPSS RELIABILITY "Corrected Item-Total Correlation".

    Example:
        >>> a = item_analysis([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]])
        >>> [round(i.item_rest_r, 4) for i in a.items]
        [0.9923, 0.8662, 0.8704]
    """
    complete = _complete_items(matrix, "item analysis", 2)
    n, k = complete.shape
    cov = covariance(complete)
    magnitude = float(np.abs(complete).max())
    alpha = _alpha_from_cov(cov, magnitude)
    if alpha is None:
        raise InsufficientData("item analysis is undefined: the sum score has zero variance")
    row_sums = cov.sum(axis=1)
    means = complete.mean(axis=0)
    items: list[ItemStats] = []
    for i in range(k):
        keep = np.arange(k) != i
        rest_cov = cov[np.ix_(keep, keep)]
        var_i = float(cov[i, i])
        cov_rest = float(row_sums[i]) - var_i
        var_rest = float(rest_cov.sum())
        r: float | None = None
        if not (negligible(var_i, magnitude) or negligible(var_rest, (k - 1) * magnitude)):
            r = max(-1.0, min(1.0, cov_rest / math.sqrt(var_i * var_rest)))
        alpha_without = _alpha_from_cov(rest_cov, magnitude) if k > 2 else None
        items.append(ItemStats(i, float(means[i]), math.sqrt(max(var_i, 0.0)), r, alpha_without))
    return ItemAnalysis(n, k, alpha, tuple(items))


def mcdonald_omega(matrix: npt.ArrayLike) -> OmegaResult:
    """McDonald's omega (total) from a one-factor maximum-likelihood factor analysis.

    Formula: fit Σ = λλᵀ + diag(ψ) to the n − 1 covariance matrix S of the complete cases by
    maximum likelihood, then
        ω = (Σλ)² / ((Σλ)² + Σψ)
    with λ the loadings and ψ the uniquenesses on the covariance (raw item) scale. ω is the
    share of the model-implied variance of the unweighted sum score due to the common factor,
    the same sum score that :func:`cronbach_alpha` describes. See :func:`omega_from_covariance`
    for the fit itself.

    Assumptions: one common factor, uncorrelated errors, multivariate normality for the ML
    estimates to be efficient; listwise deletion.

    Edge cases:
        - k < 3 items: raises :class:`InsufficientData` (a one-factor model needs 3 indicators
          to be identified).
        - fewer than k + 1 complete cases (n = 0, n = 1, all missing): raises
          :class:`InsufficientData` (S is singular, the ML discrepancy is undefined).
        - an item with zero variance: raises :class:`InsufficientData`.
        - Heywood case (a uniqueness would go to zero or below): ψ is held at
          ``UNIQUENESS_FLOOR`` x the item variance and ``heywood`` is true.

    Reference: McDonald, R. P. (1999). *Test Theory: A Unified Treatment*, ch. 6; Jöreskog,
    K. G. (1967). Some contributions to maximum likelihood factor analysis. *Psychometrika*,
    32(4), 443-482.

    Example:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> f = rng.normal(size=(500, 1))
        >>> x = f @ np.full((1, 4), 0.8) + rng.normal(scale=0.6, size=(500, 4))
        >>> round(mcdonald_omega(x).omega, 2)
        0.88
    """
    items = as_matrix(matrix)
    k = items.shape[1]
    if k < 3:
        raise InsufficientData(f"omega needs at least 3 items for a one-factor model; got {k}")
    complete = complete_rows(items)
    n = complete.shape[0]
    if n <= k:
        raise InsufficientData(
            f"omega needs more complete cases than items ({k}) for a non-singular covariance "
            f"matrix; got {n}"
        )
    fit = omega_from_covariance(covariance(complete))
    return OmegaResult(
        fit.omega,
        n,
        k,
        fit.loadings,
        fit.uniquenesses,
        fit.standardized_loadings,
        fit.heywood,
        fit.discrepancy,
    )


def _discrepancy_and_gradient(
    psi: FloatArray, corr: FloatArray
) -> tuple[float, FloatArray, FloatArray]:
    """ML discrepancy with the loadings concentrated out (one factor), its gradient, loadings.

    For fixed ψ the best λ is √ψ · u · √max(θ₁ − 1, 0), θ₁ ≥ θ₂ ≥ ... the eigenvalues and u the
    first eigenvector of ψ^(-1/2) R ψ^(-1/2); then F(ψ) = Σ_{j≥2} (θ_j − ln θ_j) − (p − 1),
    which differs from ln|Σ| + tr(RΣ⁻¹) − ln|R| − p only by a constant (Jöreskog, 1967), and
    ∂F/∂ψ_i = (Σ − R)_ii / ψ_i² (Lawley & Maxwell, 1971; R's factanal).
    """
    scale = 1.0 / np.sqrt(psi)
    star = corr * scale[:, None] * scale[None, :]
    # scipy's eigh, not numpy's: L-BFGS-B runs on scipy's OpenBLAS, and alternating calls into
    # numpy's separate OpenBLAS thread pool on a 2-core machine cost ~1 ms each in contention
    # (100 ms per fit instead of 5 ms).
    theta, vectors = _la.eigh(star)  # ascending
    rest = theta[:-1]
    if not (rest > 0).all():
        return math.inf, np.zeros_like(psi), np.zeros_like(psi)
    value = float(np.sum(rest - np.log(rest))) - (psi.size - 1)
    loadings = np.sqrt(psi) * vectors[:, -1] * math.sqrt(max(float(theta[-1]) - 1.0, 0.0))
    gradient = (loadings**2 + psi - np.diag(corr)) / psi**2
    return value, gradient, loadings


def omega_from_covariance(cov: npt.ArrayLike) -> OmegaResult:
    """One-factor ML fit of a covariance matrix and McDonald's omega from it.

    Method: standardise S to the correlation matrix R = D^(-1/2) S D^(-1/2) (D = diag(S)), fit
    R = λ*λ*ᵀ + diag(ψ*) by minimising the concentrated ML discrepancy over ψ* in
    [``UNIQUENESS_FLOOR``, 1] with L-BFGS-B and the analytic gradient, starting from the
    principal-axis uniquenesses ψ*_i = (1 − 1/(2p)) / (R⁻¹)_ii (1/(R⁻¹)_ii = 1 − SMC_i; the
    start R's factanal uses), then rescale: λ = √D · λ*,
    ψ = D · ψ*. ML is scale-equivariant, so this is the ML fit of S itself. The sign is chosen
    so that Σλ > 0. ω = (Σλ)² / ((Σλ)² + Σψ).

    Assumptions: as :func:`mcdonald_omega`; ``cov`` symmetric positive definite.

    Edge cases:
        - fewer than 3 variables, a zero variance on the diagonal, or a matrix that is not
          positive definite: raises :class:`InsufficientData`.
        - non-square or asymmetric input: raises :class:`InvalidInput`.
        - Heywood case: ψ held at the floor, ``heywood`` true.

    Reference: Jöreskog (1967), above; Lawley, D. N., & Maxwell, A. E. (1971). *Factor
    Analysis as a Statistical Method* (2nd ed.); McDonald (1999), above.

    Example:
        >>> import numpy as np
        >>> lam, psi = np.array([0.9, 0.8, 0.7, 0.6]), np.array([0.19, 0.36, 0.51, 0.64])
        >>> fit = omega_from_covariance(np.outer(lam, lam) + np.diag(psi))
        >>> bool(abs(fit.omega - 3.0**2 / (3.0**2 + psi.sum())) < 1e-6)
        True
    """
    s = as_matrix(cov, "cov")
    p = s.shape[0]
    if s.shape != (p, p):
        raise InvalidInput(f"a covariance matrix must be square; got shape {s.shape}")
    if np.isnan(s).any():
        raise InvalidInput("the covariance matrix contains a missing value")
    if not np.allclose(s, s.T, rtol=1e-10, atol=1e-12 * float(np.abs(s).max(initial=1.0))):
        raise InvalidInput("the covariance matrix is not symmetric")
    if p < 3:
        raise InsufficientData(f"omega needs at least 3 items for a one-factor model; got {p}")
    variances = np.diag(s).copy()
    if not (variances > 0).all():
        zero = int(np.argmin(variances))
        raise InsufficientData(f"omega is undefined: item {zero} has zero variance")
    sd = np.sqrt(variances)
    corr = s / np.outer(sd, sd)
    corr = (corr + corr.T) / 2
    np.fill_diagonal(corr, 1.0)
    smallest = float(_la.eigh(corr, eigvals_only=True)[0])
    if not smallest > SINGULAR_EIGENVALUE:
        raise InsufficientData(
            "omega is undefined: the covariance matrix is singular (too few complete cases, "
            "or an item that is a linear combination of others)"
        )
    precision_diag = np.diag(_la.inv(corr))
    start = np.clip((1 - 0.5 / p) / precision_diag, UNIQUENESS_FLOOR, 1.0)

    def objective(psi: FloatArray) -> tuple[float, FloatArray]:
        value, gradient, _ = _discrepancy_and_gradient(psi, corr)
        return value, gradient

    result = _opt.minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(UNIQUENESS_FLOOR, 1.0)] * p,
        options={"maxiter": 1000, "ftol": 1e-15, "gtol": 1e-10},
    )
    psi_std = np.clip(np.asarray(result.x, dtype=np.float64), UNIQUENESS_FLOOR, 1.0)
    value, _, lam_std = _discrepancy_and_gradient(psi_std, corr)
    if not math.isfinite(value):
        raise InsufficientData("the one-factor ML fit failed: the discrepancy is undefined")
    if lam_std.sum() < 0:
        lam_std = -lam_std
    loadings = lam_std * sd
    uniquenesses = psi_std * variances
    common = float(loadings.sum()) ** 2
    omega = common / (common + float(uniquenesses.sum()))
    heywood = bool((psi_std <= UNIQUENESS_FLOOR * (1 + 1e-6)).any())
    return OmegaResult(
        omega,
        None,
        p,
        tuple(float(v) for v in loadings),
        tuple(float(v) for v in uniquenesses),
        tuple(float(v) for v in lam_std),
        heywood,
        value,
    )
