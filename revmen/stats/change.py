"""Pre/post change: the paired comparison of two occasions and individual reliable change.

Differences are always ``post − pre``: a positive mean difference, t or d_z means scores went
up. Pairs with a missing value (NaN) on either occasion are dropped.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, overload

import numpy as np
import numpy.typing as npt
from scipy import optimize as _opt
from scipy import special as _sp
from scipy import stats as _st

from revmen.stats._arrays import BoolArray, FloatArray, as_vector
from revmen.stats.errors import InsufficientData, InvalidInput

CI_LEVEL = 0.95
RCI_CUTOFF = 1.96
JACOBSON_TRUAX = "jacobson-truax"

Category = Literal["improved", "unchanged", "deteriorated"]
Magnitude = Literal["negligible", "small", "medium", "large"]
# Cohen's (1988, §2.2.3) conventions for a standardised mean difference.
COHEN_SMALL, COHEN_MEDIUM, COHEN_LARGE = 0.2, 0.5, 0.8


def effect_magnitude(d: float) -> Magnitude:
    """Cohen's words for the size of a standardised difference, by its absolute value:
    below 0.2 negligible, from 0.2 small, from 0.5 medium, from 0.8 large. Conventions, not
    laws: the report says so next to them.

    Edge cases: the sign is ignored (a drop is sized like a rise; the report says the
    direction); a value exactly on a cut-off takes the larger word.

    Reference: Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*
    (2nd ed.), §2.2.3.

    >>> [effect_magnitude(d) for d in (0.1, -0.2, 0.49, 0.5, -0.8, 2.0)]
    ['negligible', 'small', 'small', 'medium', 'large', 'large']
    """
    size = abs(d)
    if size >= COHEN_LARGE:
        return "large"
    if size >= COHEN_MEDIUM:
        return "medium"
    return "small" if size >= COHEN_SMALL else "negligible"


@dataclass(frozen=True, slots=True)
class PairedResult:
    """Paired (pre/post) comparison on ``n`` complete pairs; every figure unrounded.

    ``t``, ``p``, ``dz``, ``dz_ci`` and ``g`` are ``None`` when the differences have zero
    variance; ``g`` is also ``None`` when df = 1; ``wilcoxon_p`` is ``None`` when every
    difference is zero.
    """

    n: int
    pre_mean: float
    post_mean: float
    mean_diff: float
    mean_diff_ci: tuple[float, float]
    sd_diff: float
    t: float | None
    df: int
    p: float | None
    dz: float | None
    dz_ci: tuple[float, float] | None
    g: float | None
    wilcoxon_p: float | None


def _pairs(pre: npt.ArrayLike, post: npt.ArrayLike) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Both vectors as arrays, their common length checked, and the complete-pair mask."""
    before, after = as_vector(pre, "pre"), as_vector(post, "post")
    if before.shape != after.shape:
        raise InvalidInput(
            f"pre and post must have one value per person; got {before.size} and {after.size}"
        )
    return before, after, ~(np.isnan(before) | np.isnan(after))


def hedges_j(df: int) -> float:
    """Exact small-sample correction J(df) = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)).

    Computed through log-gamma, so it stays finite for large df (J → 1). The common
    approximation is 1 − 3/(4·df − 1).

    Edge cases: df < 2 raises :class:`InsufficientData` (J(1) = 0: no correction is possible).

    Reference: Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size
    and related estimators. *Journal of Educational Statistics*, 6(2), 107-128, eq. 6e.

    Example:
        >>> round(hedges_j(9), 6)
        0.913875
    """
    if df < 2:
        raise InsufficientData(f"Hedges' correction needs df >= 2; got df={df}")
    log_ratio = float(_sp.gammaln(df / 2) - _sp.gammaln((df - 1) / 2))
    return math.exp(log_ratio) / math.sqrt(df / 2)


def noncentral_t_ci(t: float, df: int, level: float = CI_LEVEL) -> tuple[float, float]:
    """Confidence limits for the noncentrality parameter of a t statistic (CI inversion).

    The lower limit δ_L solves P(T ≤ t | δ_L) = 1 − γ/2 and the upper δ_U solves
    P(T ≤ t | δ_U) = γ/2, with T ~ noncentral t(df, δ) and γ = 1 − level (Brent's method on
    ``scipy.special.nctdtr``). For a one-sample or paired design, d_z limits are δ / √n.

    Assumptions: normally distributed differences.

    Edge cases: df < 1, a non-finite t or a level outside (0, 1) raises :class:`InvalidInput`;
    an extreme t for its df (e.g. t = 1000 with df = 2), where the noncentral t distribution
    cannot be evaluated, raises :class:`InsufficientData`.

    Reference: Steiger, J. H., & Fouladi, R. T. (1997). Noncentrality interval estimation. In
    *What if there were no significance tests?* (pp. 221-257); Cumming, G., & Finch, S. (2001).
    *Educational and Psychological Measurement*, 61(4), 532-574; as MBESS ``conf.limits.nct``.

    Example (t = 0: P(T ≤ 0 | δ) = Φ(−δ), so the limits are ±z(0.975) whatever df):
        >>> low, high = noncentral_t_ci(0.0, 9)
        >>> round(low, 4), round(high, 4)
        (-1.96, 1.96)
    """
    if df < 1 or not math.isfinite(t) or not 0 < level < 1:
        raise InvalidInput(f"need df >= 1, a finite t and 0 < level < 1; got {df}, {t}, {level}")
    gamma = 1.0 - level

    def excess(ncp: float, target: float) -> float:
        value = float(_sp.nctdtr(df, ncp, t)) - target
        if not math.isfinite(value) or not math.isfinite(ncp):
            raise InsufficientData(
                f"the noncentral t limits cannot be computed for t={t}, df={df} (out of the "
                "range where the noncentral t distribution can be evaluated)"
            )
        return value

    def solve(target: float, direction: float) -> float:
        # cdf(t; ncp) falls as ncp rises; walk away from t until the target is bracketed.
        # At ncp = t the cdf lies between γ/2 and 1 − γ/2 for any df >= 1 and level >= 0.5,
        # but walk back as well as forward so a bracket is always found.
        step = 1.0 + abs(t) * 0.1
        near = t
        while excess(near, target) * direction < 0:
            near -= direction * step
            step *= 2
        far = near + direction * step
        while excess(far, target) * direction > 0:
            near, far = far, far + direction * step
            step *= 2
        low, high = sorted((near, far))
        return float(_opt.brentq(excess, low, high, args=(target,), xtol=1e-12, rtol=1e-14))

    return solve(1 - gamma / 2, -1.0), solve(gamma / 2, 1.0)


def paired_comparison(pre: npt.ArrayLike, post: npt.ArrayLike) -> PairedResult:
    """Paired t test, mean difference, d_z and Hedges' g with CIs, and a Wilcoxon p.

    Formulas, on the n complete pairs, d = post − pre:
        mean_diff = mean(d);  sd_diff = SD(d) (n − 1);  se = sd_diff / √n;  df = n − 1
        mean_diff_ci = mean_diff ± t(0.975; df) · se
        t = mean_diff / se;  p = 2 · P(T_df ≥ |t|)
        d_z = mean_diff / sd_diff = t / √n
        d_z CI = noncentral-t limits for t (:func:`noncentral_t_ci`) divided by √n
        g = d_z · J(df), J the exact gamma-function correction (:func:`hedges_j`)
        wilcoxon_p = ``scipy.stats.wilcoxon(d)`` defaults: two-sided, zero_method "wilcox"
        (zero differences dropped), correction off, method "auto".

    Assumptions: pairs independent of each other; the t-based figures assume roughly normal
    differences; the Wilcoxon test assumes differences symmetric about their median.

    Edge cases:
        - fewer than 2 complete pairs (n = 0, n = 1, all missing): raises
          :class:`InsufficientData`.
        - zero variance of the differences (all equal, up to the rounding of post − pre):
          ``t``, ``p``, ``dz``, ``dz_ci`` and ``g`` are ``None``; the mean difference CI
          collapses to a point.
        - an extreme t for its df where the noncentral t cannot be evaluated: ``dz_ci`` is
          ``None``.
        - n = 2 (df = 1): ``g`` is ``None`` (J(1) = 0).
        - every difference zero: ``wilcoxon_p`` is ``None`` as well.

    References: Student (1908); Lakens, D. (2013). Calculating and reporting effect sizes to
    facilitate cumulative science. *Frontiers in Psychology*, 4, 863 (d_z); Hedges (1981);
    Wilcoxon, F. (1945). *Biometrics Bulletin*, 1(6), 80-83.

    Example (Lakens 2013, Table 1 movie ratings):
        >>> r = paired_comparison([9, 7, 8, 9, 8, 9, 9, 10, 9, 9], [9, 6, 7, 8, 7, 9, 8, 8, 8, 7])
        >>> r.mean_diff, round(r.t, 2), r.df, round(r.dz, 2)
        (-1.0, -4.74, 9, -1.5)
    """
    before, after, keep = _pairs(pre, post)
    before, after = before[keep], after[keep]
    n = int(before.size)
    if n < 2:
        raise InsufficientData(f"a paired comparison needs at least 2 complete pairs; got {n}")
    diff = after - before
    df = n - 1
    mean_diff = float(diff.mean())
    # Differences equal up to the rounding of the subtraction (4.3 − 4 vs 1.3 − 1) count as
    # equal: a spread of a few ulps is not variance, and t would be ~1e15.
    noise = 8 * np.finfo(np.float64).eps * float(max(np.abs(before).max(), np.abs(after).max()))
    spread = float(diff.max()) - float(diff.min())
    sd_diff = 0.0 if spread <= noise else float(diff.std(ddof=1))
    se = sd_diff / math.sqrt(n)
    half = float(_st.t.ppf(0.5 + CI_LEVEL / 2, df)) * se
    t: float | None = None
    p: float | None = None
    dz: float | None = None
    dz_ci: tuple[float, float] | None = None
    g: float | None = None
    if sd_diff > 0:
        t = mean_diff / se
        p = min(1.0, 2.0 * float(_st.t.sf(abs(t), df)))
        dz = mean_diff / sd_diff
        try:
            low, high = noncentral_t_ci(t, df)
            dz_ci = (low / math.sqrt(n), high / math.sqrt(n))
        except InsufficientData:
            dz_ci = None  # an extreme t for its df: no limits rather than wrong ones
        g = dz * hedges_j(df) if df >= 2 else None
    return PairedResult(
        n=n,
        pre_mean=float(before.mean()),
        post_mean=float(after.mean()),
        mean_diff=mean_diff,
        mean_diff_ci=(mean_diff - half, mean_diff + half),
        sd_diff=sd_diff,
        t=t,
        df=df,
        p=p,
        dz=dz,
        dz_ci=dz_ci,
        g=g,
        wilcoxon_p=_wilcoxon_p(diff),
    )


def _wilcoxon_p(diff: FloatArray) -> float | None:
    """scipy's default Wilcoxon signed-rank p, or None when it cannot be computed."""
    if not diff.any():
        return None  # every difference zero: no signed ranks at all
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            p = float(_st.wilcoxon(diff).pvalue)
        except ValueError:
            return None
    return p if math.isfinite(p) else None


@dataclass(frozen=True, slots=True)
class ReliableChange:
    """One person's reliable change index (RC) and category.

    ``rc`` and ``category`` are ``None`` when the person lacks a pre or a post score.
    """

    index: int
    pre: float | None
    post: float | None
    rc: float | None
    category: Category | None
    method: str


_CATEGORIES: tuple[Category, Category, Category] = ("deteriorated", "unchanged", "improved")


class ReliableChanges(Sequence[ReliableChange]):
    """The reliable change of every person, in input order: a read-only sequence.

    Behaves as a list of :class:`ReliableChange` (index it, iterate it, ``list()`` it), built
    lazily from arrays so that 100,000 people cost milliseconds. The shared parameters are
    attributes: ``method``, ``reliability``, ``sd_pre``, ``s_diff``, ``cutoff``,
    ``higher_is_better`` and ``n`` (people with both scores).
    """

    __slots__ = (
        "_codes",
        "_post",
        "_pre",
        "_rc",
        "cutoff",
        "higher_is_better",
        "method",
        "n",
        "reliability",
        "s_diff",
        "sd_pre",
    )

    def __init__(
        self,
        *,
        pre: FloatArray,
        post: FloatArray,
        rc: FloatArray,
        codes: npt.NDArray[np.int8],
        reliability: float,
        sd_pre: float,
        s_diff: float,
        cutoff: float,
        higher_is_better: bool,
    ) -> None:
        self._pre, self._post, self._rc, self._codes = pre, post, rc, codes
        for array in (pre, post, rc, codes):
            array.setflags(write=False)
        self.method = JACOBSON_TRUAX
        self.reliability = reliability
        self.sd_pre = sd_pre
        self.s_diff = s_diff
        self.cutoff = cutoff
        self.higher_is_better = higher_is_better
        self.n = int(np.count_nonzero(codes >= 0))

    def __len__(self) -> int:
        return int(self._rc.size)

    @overload
    def __getitem__(self, index: int) -> ReliableChange: ...
    @overload
    def __getitem__(self, index: slice) -> list[ReliableChange]: ...
    def __getitem__(self, index: int | slice) -> ReliableChange | list[ReliableChange]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(len(self))[index]]
        size = len(self)
        if not -size <= index < size:
            raise IndexError(f"person {index} out of range for {size} people")
        return self._item(index % size)

    def __iter__(self) -> Iterator[ReliableChange]:
        return (self._item(i) for i in range(len(self)))

    def _item(self, i: int) -> ReliableChange:
        code = int(self._codes[i])
        pre, post = float(self._pre[i]), float(self._post[i])
        return ReliableChange(
            index=i,
            pre=None if math.isnan(pre) else pre,
            post=None if math.isnan(post) else post,
            rc=None if code < 0 else float(self._rc[i]),
            category=None if code < 0 else _CATEGORIES[code],
            method=self.method,
        )

    def rc_array(self) -> FloatArray:
        """Every RC as a float array (a copy), NaN where a score is missing."""
        return self._rc.copy()

    def counts(self) -> dict[Category, int]:
        """How many people fall in each category (people lacking a score are not counted)."""
        tally = np.bincount(self._codes[self._codes >= 0], minlength=3)
        return {name: int(tally[i]) for i, name in enumerate(_CATEGORIES)}

    def __repr__(self) -> str:
        return (
            f"ReliableChanges(n={self.n}, people={len(self)}, method={self.method!r}, "
            f"s_diff={self.s_diff!r}, counts={self.counts()!r})"
        )


def reliable_change(
    pre: npt.ArrayLike,
    post: npt.ArrayLike,
    *,
    reliability: float,
    sd_pre: float | None = None,
    higher_is_better: bool = True,
) -> ReliableChanges:
    """Jacobson-Truax reliable change index for every person, with a category.

    Formula:
        S_diff = √2 · SD_pre · √(1 − r_xx)   (= √(2 · SE²), SE the standard error of measurement)
        RC = (post − pre) / S_diff
        category: "improved" if RC > 1.96, "deteriorated" if RC < −1.96, else "unchanged".
    With ``higher_is_better=False`` (e.g. a symptom or complaint scale) the two outer
    categories swap: "improved" is RC < −1.96. The method is recorded as "jacobson-truax".

    ``sd_pre`` defaults to the SD (n − 1) of the pre scores of the people with both scores;
    pass a normative SD (e.g. from a reference sample) to use that instead. ``reliability``
    is r_xx, e.g. the scale's Cronbach alpha or a test-retest r.

    Assumptions: measurement error is normal with the same SD at both occasions; 1.96 is the
    two-sided 5% cut-off of the standard normal.

    Edge cases:
        - a person with a missing pre or post: in the result with ``rc`` and ``category``
          ``None``, so the output stays aligned with the input rows.
        - n = 0 (nobody has both scores): allowed when ``sd_pre`` is given (every entry is
          ``None``); otherwise raises :class:`InsufficientData`, as do n = 1 and zero variance
          of the pre scores (no SD to estimate).
        - ``reliability`` outside [0, 1) or ``sd_pre`` not positive: raises
          :class:`InvalidInput` (r_xx = 1 would make S_diff zero).

    Reference: Jacobson, N. S., & Truax, P. (1991). Clinical significance: A statistical
    approach to defining meaningful change in psychotherapy research. *Journal of Consulting
    and Clinical Psychology*, 59(1), 12-19.

    Example:
        >>> changes = reliable_change([20, 25, 30], [31, 24, 19], reliability=0.8, sd_pre=7.5)
        >>> round(changes.s_diff, 4), [c.category for c in changes]
        (4.7434, ['improved', 'unchanged', 'deteriorated'])
    """
    if not (math.isfinite(reliability) and 0 <= reliability < 1):
        raise InvalidInput(f"reliability must be in [0, 1); got {reliability}")
    before, after, keep = _pairs(pre, post)
    n = int(np.count_nonzero(keep))
    if sd_pre is None:
        if n < 2:
            raise InsufficientData(
                f"the pre-score SD needs at least 2 people with both scores; got {n}"
            )
        kept = before[keep]
        if float(kept.min()) == float(kept.max()):
            raise InsufficientData("the pre scores have zero variance: no SD to scale change by")
        sd = float(kept.std(ddof=1))
    else:
        if not (math.isfinite(sd_pre) and sd_pre > 0):
            raise InvalidInput(f"sd_pre must be a positive number; got {sd_pre}")
        sd = float(sd_pre)
    s_diff = math.sqrt(2.0) * sd * math.sqrt(1.0 - reliability)
    rc = (after - before) / s_diff
    sign = 1.0 if higher_is_better else -1.0
    codes = np.full(rc.size, -1, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        codes[keep] = 1
        codes[keep & (sign * rc > RCI_CUTOFF)] = 2
        codes[keep & (sign * rc < -RCI_CUTOFF)] = 0
    return ReliableChanges(
        pre=before.copy(),  # as_vector may hand back the caller's own array: never freeze that
        post=after.copy(),
        rc=rc,
        codes=codes,
        reliability=float(reliability),
        sd_pre=sd,
        s_diff=s_diff,
        cutoff=RCI_CUTOFF,
        higher_is_better=higher_is_better,
    )
