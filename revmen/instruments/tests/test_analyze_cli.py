"""``revmen analyze``: the JSON against independent oracles, the tables, and bad files.

Oracles are computed here without ``revmen.stats``: pingouin (its bundled data sets and its
alpha), pandas, scipy (``ttest_rel``, ``wilcoxon``, the F, t and noncentral t distributions),
factor_analyzer and the closed-form one-factor solution for 3 items, and Student's (1908)
sleep data with R's published ``t.test(..., paired = TRUE)`` figures.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pingouin
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scipy import optimize, special, stats

from revmen.instruments.csvdata import CsvError, read_items

ROOT = Path(__file__).resolve().parents[3]
TOL = 1e-6

# Student (1908) / R's `sleep`: extra hours of sleep of 10 patients under two drugs.
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


# ---------------------------------------------------------------------- helpers


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    call_command("analyze", *args)
    return capsys.readouterr().out


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    out = run(capsys, *args, "--json")

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON")

    result: dict[str, Any] = json.loads(out, parse_constant=refuse)
    return result


def fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("analyze", *args)
    assert caught.value.returncode == 2
    return str(caught.value)


def write(path: Path, frame: pd.DataFrame, *, sep: str = ",", bom: bool = False) -> str:
    text = frame.to_csv(index=False, sep=sep)
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return str(path)


def cronbach_items() -> pd.DataFrame:
    """pingouin's "cronbach_alpha" questionnaire (15 people x Q1..Q10), wide, with an id."""
    long = pingouin.read_dataset("cronbach_alpha")
    wide = long.pivot(index="Subj", columns="Items", values="Scores")
    wide = wide[[f"Q{i}" for i in range(1, 11)]].astype(float)
    return wide.rename_axis("id").reset_index()


def rm_anova2(time: str) -> pd.DataFrame:
    """pingouin's "rm_anova2": 10 employees' Product/Client/Action scores at Pre or Post."""
    data = pingouin.read_dataset("rm_anova2")
    wide = data[data["Time"] == time].pivot(index="Subject", columns="Metric", values="Performance")
    wide = wide[["Product", "Client", "Action"]].astype(float)
    return wide.rename_axis("id").reset_index()


def feldt(alpha: float, n: int, k: int) -> tuple[float, float]:
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (
        1 - (1 - alpha) * stats.f.ppf(0.975, df1, df2),
        1 - (1 - alpha) * stats.f.ppf(0.025, df1, df2),
    )


def noncentral_dz_ci(t: float, n: int) -> tuple[float, float]:
    """d_z limits by inverting scipy's noncentral t cdf (Steiger & Fouladi 1997)."""
    df = n - 1

    def limit(target: float, low: float, high: float) -> float:
        return float(
            optimize.brentq(lambda ncp: stats.nct.cdf(t, df, ncp) - target, low, high, xtol=1e-12)
        )

    # cdf(t; ncp) falls as ncp rises and is 0.5-ish at ncp = t: each limit lies on one side.
    return limit(0.975, t - 8, t) / math.sqrt(n), limit(0.025, t, t + 8) / math.sqrt(n)


def hedges_j(df: int) -> float:
    return float(special.gamma(df / 2) / (math.sqrt(df / 2) * special.gamma((df - 1) / 2)))


@pytest.fixture
def factor_analyzer() -> Iterator[Any]:
    """factor_analyzer's FactorAnalyzer; its ``force_all_finite`` renamed for scikit-learn 1.6+."""
    module = pytest.importorskip("factor_analyzer.factor_analyzer")
    from sklearn.utils import check_array

    def shim(*args: Any, force_all_finite: Any = True, **kwargs: Any) -> Any:
        return check_array(*args, ensure_all_finite=force_all_finite, **kwargs)

    original = module.check_array
    module.check_array = shim
    try:
        yield module.FactorAnalyzer
    finally:
        module.check_array = original


# ---------------------------------------------------------------------- reliability


def test_reliability_matches_pingouin_pandas_and_factor_analyzer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], factor_analyzer: Any
) -> None:
    frame = cronbach_items()
    items = frame.drop(columns="id")
    result = run_json(capsys, "reliability", write(tmp_path / "items.csv", frame))

    alpha, _ = pingouin.cronbach_alpha(items)
    assert (result["n"], result["k"]) == (15, 10)
    assert result["alpha"] == pytest.approx(alpha, abs=TOL)
    assert result["alpha"] == pytest.approx(0.5917, abs=5e-5)  # pingouin's documented value
    assert result["alpha_ci"] == pytest.approx(feldt(alpha, 15, 10), abs=TOL)
    for name in items:
        rest = items.drop(columns=name)
        assert result["item_total"][name] == pytest.approx(
            items[name].corr(rest.sum(axis=1)), abs=TOL
        )
        assert result["alpha_if_deleted"][name] == pytest.approx(
            pingouin.cronbach_alpha(rest)[0], abs=TOL
        )
    assert list(result["item_total"]) == list(items)

    fa = factor_analyzer(n_factors=1, rotation=None, method="ml", is_corr_matrix=False)
    fa.fit(items.to_numpy())
    sd = items.std(ddof=1).to_numpy()
    loadings = fa.loadings_[:, 0] * sd
    loadings = loadings if loadings.sum() > 0 else -loadings  # the factor's sign is arbitrary
    uniquenesses = fa.get_uniquenesses() * sd**2
    omega = loadings.sum() ** 2 / (loadings.sum() ** 2 + uniquenesses.sum())
    assert result["omega"] == pytest.approx(omega, abs=TOL)
    assert result["warnings"] == []


def test_omega_of_three_items_is_the_closed_form_one_factor_solution(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Three indicators identify one factor exactly: λ1² = s12·s13/s23 and so on.
    frame = cronbach_items()[["id", "Q1", "Q2", "Q3"]]
    result = run_json(capsys, "reliability", write(tmp_path / "three.csv", frame))
    s = frame[["Q1", "Q2", "Q3"]].cov().to_numpy()
    lam = np.sqrt(
        [s[0, 1] * s[0, 2] / s[1, 2], s[0, 1] * s[1, 2] / s[0, 2], s[0, 2] * s[1, 2] / s[0, 1]]
    )
    psi = np.diag(s) - lam**2
    assert (psi > 0).all()
    assert result["omega"] == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + psi.sum()), abs=TOL)


def test_reliability_with_missing_values_semicolons_and_bom(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = pingouin.read_dataset("cronbach_wide_missing")
    frame = data.copy()
    frame.insert(0, "ID", [f"R{i:02d}" for i in range(1, len(data) + 1)])
    path = write(tmp_path / "missing.csv", frame, sep=";", bom=True)
    result = run_json(capsys, "reliability", path)

    complete = data.dropna()
    alpha, _ = pingouin.cronbach_alpha(data, nan_policy="listwise")
    assert alpha == pytest.approx(0.8016949152542373, abs=1e-12)  # pingouin's docs
    assert (result["n"], result["k"]) == (len(complete), 11) == (9, 11)
    assert result["alpha"] == pytest.approx(alpha, abs=TOL)
    assert result["alpha_ci"] == pytest.approx(feldt(alpha, 9, 11), abs=TOL)
    for name in data:
        rest = complete.drop(columns=name)
        assert result["item_total"][name] == pytest.approx(
            complete[name].corr(rest.sum(axis=1)), abs=TOL
        )
        assert result["alpha_if_deleted"][name] == pytest.approx(
            pingouin.cronbach_alpha(rest)[0], abs=TOL
        )
    # 9 complete cases for 11 items: the covariance matrix is singular, no omega.
    assert result["omega"] is None
    assert any(w.startswith("omega:") for w in result["warnings"])


def test_reliability_zero_variance_gives_nulls_with_reasons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "flat.csv"
    path.write_text("id,a,b,c\n1,3,3,3\n2,3,3,3\n3,3,3,3\n4,3,3,3\n5,3,3,3\n")
    result = run_json(capsys, "reliability", str(path))
    assert (result["n"], result["k"]) == (5, 3)
    assert result["alpha"] is None and result["alpha_ci"] is None and result["omega"] is None
    assert result["item_total"] == {"a": None, "b": None, "c": None}
    assert result["alpha_if_deleted"] == {"a": None, "b": None, "c": None}
    warnings = " | ".join(result["warnings"])
    assert "alpha, alpha_ci: " in warnings and "zero variance" in warnings
    assert "omega: " in warnings
    assert "item_total, alpha_if_deleted: " in warnings

    # One constant item among varying ones: only that item's r is null, with its reason.
    path.write_text("id,a,b,c\n1,3,1,2\n2,3,2,2\n3,3,4,5\n4,3,5,4\n5,3,2,1\n")
    result = run_json(capsys, "reliability", str(path))
    assert result["alpha"] is not None
    assert result["item_total"]["a"] is None and result["item_total"]["b"] is not None
    assert any(w.startswith("item_total[a]:") for w in result["warnings"])


def test_reliability_of_one_item_is_null_not_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.csv"
    path.write_text("id,a\n1,3\n2,4\n3,\n")
    result = run_json(capsys, "reliability", str(path))
    assert (result["n"], result["k"], result["alpha"], result["omega"]) == (2, 1, None, None)
    assert len(result["warnings"]) == 3


def test_reliability_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "items.csv", cronbach_items())
    result = run_json(capsys, "reliability", path)
    table = run(capsys, "reliability", path)
    assert not table.lstrip().startswith("{")
    for figure in (result["alpha"], *result["alpha_ci"], result["omega"]):
        assert f"{figure:.3f}" in table
    assert f"{result['item_total']['Q5']:.3f}" in table
    assert f"{result['alpha_if_deleted']['Q5']:.3f}" in table
    assert "n (complete cases)  15" in table


# ---------------------------------------------------------------------- prepost


def sleep_files(tmp_path: Path, post_order: list[int] | None = None) -> tuple[str, str]:
    ids = list(range(1, 11))
    pre = pd.DataFrame({"id": ids, "extra": SLEEP_1})
    post = pd.DataFrame({"id": ids, "extra": SLEEP_2})
    if post_order is not None:
        post = post.set_index("id").loc[post_order].reset_index()
    return write(tmp_path / "pre.csv", pre), write(tmp_path / "post.csv", post)


def test_prepost_sleep_matches_r_and_scipy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre, post = sleep_files(tmp_path, post_order=[7, 3, 10, 1, 9, 2, 8, 5, 4, 6])
    args = ("prepost", "--pre", pre, "--post", post, "--scale-min", "-5", "--scale-max", "10")
    result = run_json(capsys, *args, "--reliability", "0.8")

    # R: t = 4.0621, df = 9, p-value = 0.002833; 95% CI 0.7001142 2.4598858; mean diff 1.58.
    assert result["n_pairs"] == 10 and result["df"] == 9
    assert result["t"] == pytest.approx(4.0621, abs=5e-5)
    assert result["p"] == pytest.approx(0.002833, abs=5e-7)
    assert result["mean_diff"] == pytest.approx(1.58, abs=1e-12)
    assert result["mean_diff_ci"] == pytest.approx([0.7001142, 2.4598858], abs=1e-7)

    g1, g2 = np.array(SLEEP_1), np.array(SLEEP_2)
    d = g2 - g1
    scipy_t = stats.ttest_rel(g2, g1)
    ci = scipy_t.confidence_interval()
    assert result["t"] == pytest.approx(scipy_t.statistic, abs=TOL)
    assert result["p"] == pytest.approx(scipy_t.pvalue, abs=TOL)
    assert result["mean_diff_ci"] == pytest.approx([ci.low, ci.high], abs=TOL)
    assert result["pre_mean"] == pytest.approx(g1.mean(), abs=TOL)
    assert result["post_mean"] == pytest.approx(g2.mean(), abs=TOL)
    assert result["sd_diff"] == pytest.approx(d.std(ddof=1), abs=TOL)
    dz = d.mean() / d.std(ddof=1)
    assert result["dz"] == pytest.approx(dz, abs=TOL)
    assert result["dz"] == pytest.approx(
        pingouin.compute_effsize(g2, g1, paired=True, eftype="cohen_dz"), abs=TOL
    )
    assert result["dz_ci"] == pytest.approx(noncentral_dz_ci(scipy_t.statistic, 10), abs=TOL)
    assert result["g"] == pytest.approx(dz * hedges_j(9), abs=TOL)
    assert result["wilcoxon_p"] == pytest.approx(stats.wilcoxon(d).pvalue, abs=TOL)

    s_diff = math.sqrt(2) * g1.std(ddof=1) * math.sqrt(1 - 0.8)
    rc = d / s_diff
    classes = np.where(rc > 1.96, "improved", np.where(rc < -1.96, "deteriorated", "unchanged"))
    assert result["rci"] == {
        "method": "jacobson-truax",
        "reliability": 0.8,
        "improved": int((classes == "improved").sum()),
        "unchanged": int((classes == "unchanged").sum()),
        "deteriorated": int((classes == "deteriorated").sum()),
    }
    people = result["per_person"]
    assert [p["id"] for p in people] == [str(i) for i in range(1, 11)]  # the pre file's order
    assert [p["pre"] for p in people] == pytest.approx(SLEEP_1, abs=1e-12)
    assert [p["post"] for p in people] == pytest.approx(SLEEP_2, abs=1e-12)
    assert [p["rc"] for p in people] == pytest.approx(list(rc), abs=TOL)
    assert [p["class"] for p in people] == list(classes)
    assert (result["dropped"], result["unmatched"], result["warnings"]) == (0, [], [])


def test_prepost_single_item_without_reliability_has_no_rci(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre, post = sleep_files(tmp_path)
    args = ("prepost", "--pre", pre, "--post", post, "--scale-min", "-5", "--scale-max", "10")
    result = run_json(capsys, *args)
    assert result["t"] == pytest.approx(4.062127683382037, abs=TOL)
    assert result["rci"] == {
        "method": "jacobson-truax",
        "reliability": None,
        "improved": None,
        "unchanged": None,
        "deteriorated": None,
    }
    assert all(p["rc"] is None and p["class"] is None for p in result["per_person"])
    assert len(result["warnings"]) == 1 and "--reliability" in result["warnings"][0]


def test_prepost_scales_match_pandas_pingouin_and_scipy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre, post = rm_anova2("Pre"), rm_anova2("Post")
    # Store Product as a reverse-worded item's raw answers would be (41 - x on a 1..40
    # scale); --reverse Product must turn it back.
    for frame in (pre, post):
        frame["Product"] = 41 - frame["Product"]
    # Post: other row order and column order, one person with 1 of 3 items (fewer than 2/3:
    # dropped), one id only in post; pre: one id only in pre.
    post = post.iloc[::-1][["id", "Action", "Product", "Client"]].reset_index(drop=True)
    post.loc[post["id"] == 4, ["Action", "Client"]] = np.nan
    post.loc[len(post)] = [11, 20.0, 20.0, 20.0]
    pre.loc[len(pre)] = [12, 20.0, 20.0, 20.0]
    pre_path, post_path = write(tmp_path / "pre.csv", pre), write(tmp_path / "post.csv", post)
    args = ("prepost", "--pre", pre_path, "--post", post_path, "--reverse", "Product")
    args += ("--scale-min", "1", "--scale-max", "40")
    result = run_json(capsys, *args)

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        items = frame.set_index("id")[["Product", "Client", "Action"]].copy()
        items["Product"] = 1 + 40 - items["Product"]
        return items

    pre_items, post_items = keyed(pre), keyed(post)
    r_xx, _ = pingouin.cronbach_alpha(pre_items, nan_policy="listwise")
    # Scale score = mean of the answered items, for people with at least 2 of the 3.
    pre_score = pre_items.mean(axis=1).where(pre_items.notna().sum(axis=1) >= 2)
    post_score = post_items.mean(axis=1).where(post_items.notna().sum(axis=1) >= 2)
    both = pd.DataFrame({"pre": pre_score, "post": post_score}).dropna()
    both = both.loc[[i for i in pre_items.index if i in both.index]]
    assert list(both.index) == [1, 2, 3, 5, 6, 7, 8, 9, 10]
    b, a = both["pre"].to_numpy(), both["post"].to_numpy()
    d = a - b

    assert result["n_pairs"] == 9
    assert result["dropped"] == 1
    assert result["unmatched"] == ["11", "12"]
    scipy_t = stats.ttest_rel(a, b)
    ci = scipy_t.confidence_interval()
    assert result["pre_mean"] == pytest.approx(b.mean(), abs=TOL)
    assert result["post_mean"] == pytest.approx(a.mean(), abs=TOL)
    assert result["mean_diff"] == pytest.approx(d.mean(), abs=TOL)
    assert result["mean_diff_ci"] == pytest.approx([ci.low, ci.high], abs=TOL)
    assert result["sd_diff"] == pytest.approx(d.std(ddof=1), abs=TOL)
    assert result["t"] == pytest.approx(scipy_t.statistic, abs=TOL)
    assert result["df"] == 8
    assert result["p"] == pytest.approx(scipy_t.pvalue, abs=TOL)
    table = pingouin.ttest(a, b, paired=True)
    p_column = "p_val" if "p_val" in table else "p-val"  # renamed in pingouin 0.6
    assert result["p"] == pytest.approx(float(table[p_column].iloc[0]), abs=TOL)
    dz = d.mean() / d.std(ddof=1)
    assert result["dz"] == pytest.approx(dz, abs=TOL)
    assert result["dz_ci"] == pytest.approx(noncentral_dz_ci(scipy_t.statistic, 9), abs=TOL)
    assert result["g"] == pytest.approx(dz * hedges_j(8), abs=TOL)
    assert result["wilcoxon_p"] == pytest.approx(stats.wilcoxon(d).pvalue, abs=TOL)

    rc = d / (math.sqrt(2) * b.std(ddof=1) * math.sqrt(1 - r_xx))
    classes = np.where(rc > 1.96, "improved", np.where(rc < -1.96, "deteriorated", "unchanged"))
    assert result["rci"]["reliability"] == pytest.approx(r_xx, abs=TOL)
    assert [result["rci"][c] for c in ("improved", "unchanged", "deteriorated")] == [
        int((classes == c).sum()) for c in ("improved", "unchanged", "deteriorated")
    ]
    assert result["rci"]["improved"] > 0  # the data show change worth classifying
    people = result["per_person"]
    assert [p["id"] for p in people] == [str(i) for i in both.index]
    assert [p["pre"] for p in people] == pytest.approx(list(b), abs=TOL)
    assert [p["post"] for p in people] == pytest.approx(list(a), abs=TOL)
    assert [p["rc"] for p in people] == pytest.approx(list(rc), abs=TOL)
    assert [p["class"] for p in people] == list(classes)
    assert result["warnings"] == []

    table_text = run(capsys, *args)
    assert "dropped             1   (4:" in table_text
    assert f"only in {pre_path}: 12" in table_text and f"only in {post_path}: 11" in table_text


def test_prepost_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pre, post = sleep_files(tmp_path)
    args = ("prepost", "--pre", pre, "--post", post, "--scale-min", "-5", "--scale-max", "10")
    result = run_json(capsys, *args, "--reliability", "0.8")
    table = run(capsys, *args, "--reliability", "0.8")
    assert not table.lstrip().startswith("{")
    for figure in ("4.062", "0.0028", "1.580", "0.700", "2.460", f"{result['dz']:.3f}"):
        assert figure in table, figure
    assert f"{result['g']:.3f}" in table and f"{result['wilcoxon_p']:.4f}" in table
    assert "improved 2, unchanged 8, deteriorated 0" in table
    assert "  9     0.000    4.600     4.07  improved" in table


def test_prepost_zero_variance_of_differences_gives_nulls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pre = rm_anova2("Pre")
    post = pre.copy()
    post[["Product", "Client", "Action"]] += 1  # everyone gains exactly one point
    result = run_json(
        capsys,
        "prepost",
        "--pre",
        write(tmp_path / "pre.csv", pre),
        "--post",
        write(tmp_path / "post.csv", post),
        "--scale-max",
        "50",
    )
    assert result["mean_diff"] == pytest.approx(1.0) and result["sd_diff"] == 0.0
    assert [result[k] for k in ("t", "p", "dz", "dz_ci", "g")] == [None] * 5
    assert result["df"] == 9 and result["wilcoxon_p"] is not None
    assert any(w.startswith("t, p, dz, dz_ci, g:") for w in result["warnings"])


def test_prepost_duplicate_id_exits_2_naming_the_row(tmp_path: Path) -> None:
    pre, post = sleep_files(tmp_path)
    Path(post).write_text(Path(post).read_text() + "3,2.0\n")  # id 3 again, on row 12
    command = Path(sys.executable).with_name("revmen")
    prefix = [str(command)] if command.exists() else [sys.executable, "-m", "revmen.cli"]
    args = ["analyze", "prepost", "--pre", pre, "--post", post, "--scale-min", "-5", "--json"]
    done = subprocess.run(
        prefix + args, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{post}: row 12, column id: duplicate id 3 (also on row 4)" in done.stderr


@pytest.mark.parametrize(
    ("pre_text", "post_text", "expected"),
    [
        ("id,a,b\n1,1,2\n2,x,3\n", "id,a,b\n1,1,2\n", "row 3, column a: 'x' is not a number"),
        ("id,a,b\n1,1,2\n2,4,6\n", "id,a,b\n1,1,2\n", "row 3, column b: 6 is outside the scale"),
        ("id,a,b\n1,1,2\n", "id,a,b\n1,0,2\n", "post.csv: row 2, column a: 0 is outside"),
        ("id,a,b\n1,1,2\n", "id,a,c\n1,1,2\n", "post.csv: row 1: no column b"),
        ("id,a,b\n1,1,2\n", "id,a,b\n,1,2\n", "post.csv: row 2, column id: blank id"),
        ("a,b\n1,2\n", "id,a,b\n1,1,2\n", "pre.csv: row 1: no column named id"),
        ("id,a,b\n1,1,2\n", "id,a,b\n1,1,2,3\n", "post.csv: row 2: 4 values but row 1 names 3"),
    ],
)
def test_prepost_bad_files_exit_2_naming_row_and_column(
    tmp_path: Path, pre_text: str, post_text: str, expected: str
) -> None:
    (tmp_path / "pre.csv").write_text(pre_text)
    (tmp_path / "post.csv").write_text(post_text)
    message = fails(
        "prepost", "--pre", str(tmp_path / "pre.csv"), "--post", str(tmp_path / "post.csv")
    )
    assert expected in message


def test_prepost_bad_options_exit_2(tmp_path: Path) -> None:
    pre, post = tmp_path / "pre.csv", tmp_path / "post.csv"
    pre.write_text("id,a,b\n1,1,2\n2,3,3\n3,5,4\n")
    post.write_text("id,a,b\n1,2,2\n2,3,5\n3,5,5\n")
    files = ("prepost", "--pre", str(pre), "--post", str(post))
    assert "--reverse: no item named c" in fails(*files, "--reverse", "a,c")
    assert "--reliability" in fails(*files, "--reliability", "1")
    assert "--reliability" in fails(*files, "--reliability", "-0.2")
    assert "--scale-min" in fails(*files, "--scale-min", "5", "--scale-max", "1")
    assert "no such file" in fails("prepost", "--pre", str(tmp_path / "nope.csv"), "--post", "x")


# ---------------------------------------------------------------------- skm


@pytest.mark.parametrize(
    ("seed", "probabilities"),
    [(1, [0.02, 0.08, 0.3, 0.6]), (2, [0.05, 0.15, 0.5, 0.3]), (3, [0.3, 0.4, 0.2, 0.1])],
)
def test_skm_matches_pandas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: int, probabilities: list[float]
) -> None:
    rng = np.random.default_rng(seed)
    columns = [f"U{i}" for i in range(1, 10)]
    answers = pd.DataFrame(rng.choice([1, 2, 3, 4], p=probabilities, size=(80, 9)), columns=columns)
    answers = answers.astype(float).mask(rng.random(answers.shape) < 0.08)
    answers.iloc[5] = np.nan  # an empty questionnaire is no respondent
    frame = answers.copy()
    frame.insert(0, "id", range(1, 81))
    frame["unit"] = "Dinas"
    result = run_json(capsys, "skm", write(tmp_path / "skm.csv", frame, sep=";", bom=True))

    means = answers.mean()  # pandas skips NaN
    ikm = means.mean() * 25
    assert result["n"] == int(answers.notna().any(axis=1).sum()) == 79
    assert result["element_means"] == pytest.approx(means.to_dict(), abs=TOL)
    assert list(result["element_means"]) == columns
    assert result["ikm"] == pytest.approx(ikm, abs=TOL)
    bands = [(88.31, "A", "Sangat Baik"), (76.61, "B", "Baik"), (65.0, "C", "Kurang Baik")]
    grade = next(((g, lab) for low, g, lab in bands if round(ikm, 2) >= low), ("D", "Tidak Baik"))
    assert (result["grade"], result["label"]) == grade
    assert result["warnings"] == []


def test_skm_grades_on_the_ikm_rounded_to_two_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 100 respondents, 3179 points in all: IKM = 3179 / 900 x 25 = 88.3055..., graded as
    # 88.31, an A, although the unrounded value is below the A band's 88.31.
    path = tmp_path / "skm.csv"
    rows = ["4,4,4,4,4,3,3,3,3"] * 79 + ["4,4,4,4,3,3,3,3,3"] * 21
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "\n".join(rows) + "\n")
    result = run_json(capsys, "skm", str(path))
    frame = pd.read_csv(path)
    ikm = frame.mean().mean() * 25
    assert result["ikm"] == pytest.approx(ikm, abs=TOL)
    assert round(ikm, 2) == pytest.approx(88.31, abs=1e-9) and ikm < 88.31
    assert (result["grade"], result["label"]) == ("A", "Sangat Baik")


def test_skm_notes_extra_columns_and_prints_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "skm.csv"
    rows = ["id,u1,u2,u3,u4,u5,u6,u7,u8,u9,komentar", "1,4,3,3,4,3,3,4,3,3,baik"]
    path.write_text("\n".join([*rows, "2,3,3,4,4,3,4,4,3,3,"]) + "\n")
    call_command("analyze", "skm", str(path))
    captured = capsys.readouterr()
    assert "ignoring column(s) komentar" in captured.err
    assert "84.72" in captured.out and "B (Baik)" in captured.out
    assert "U1                  3.500" in captured.out
    assert "n (respondents)     2" in captured.out


def test_skm_without_answers_gives_nulls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "skm.csv"
    path.write_text("id,U1,U2,U3,U4,U5,U6,U7,U8,U9\n1,,,,,,,,,\n")
    result = run_json(capsys, "skm", str(path))
    assert result["n"] == 0
    assert result["ikm"] is None and result["grade"] is None and result["label"] is None
    assert set(result["element_means"].values()) == {None}
    assert len(result["warnings"]) == 1


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("1,4,3,3,5,3,3,4,3,3", "row 2, column U4: 5 is outside the scale 1..4"),
        ("1,4,3,3,0,3,3,4,3,3", "row 2, column U4: 0 is outside the scale 1..4"),
        ("1,4,3,3,2.5,3,3,4,3,3", "row 2, column U4: 2.5 is not a whole number"),
        ("1,4,3,3,baik,3,3,4,3,3", "row 2, column U4: 'baik' is not a number"),
    ],
)
def test_skm_bad_answers_exit_2(tmp_path: Path, row: str, expected: str) -> None:
    path = tmp_path / "skm.csv"
    path.write_text("id,U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + row + "\n")
    assert expected in fails("skm", str(path))


def test_skm_missing_element_column_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "skm.csv"
    path.write_text("U1,U2,U3,U4,U5,U6,U7,U8\n1,2,3,4,1,2,3,4\n")
    assert "row 1: missing column(s) U9" in fails("skm", str(path))


# ---------------------------------------------------------------------- csvdata


def test_csv_semicolons_decimal_commas_and_trailing_empty_columns(tmp_path: Path) -> None:
    path = tmp_path / "eu.csv"
    path.write_bytes("\ufeffId;a;b;;\n1;3,5;4;;\n\n2; ;1,25;;\n".encode())
    table = read_items(path)
    assert table.items == ("a", "b")
    assert table.ids == ("1", "2")
    assert table.rows == (2, 4)  # the blank row 3 is skipped, row numbers stay the file's
    np.testing.assert_array_equal(table.matrix, [[3.5, 4.0], [np.nan, 1.25]])


def test_csv_windows_1252_and_refusals(tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    path.write_bytes("id,Pertanyaan é\n1,2\n".encode("cp1252"))
    assert read_items(path).items == ("Pertanyaan é",)
    path.write_bytes(b"PK\x03\x04rest of a zip")
    with pytest.raises(CsvError, match="save it as CSV"):
        read_items(path)
    path.write_text("id,a,A\n1,2,3\n")
    with pytest.raises(CsvError, match="row 1, column A: the name appears twice"):
        read_items(path)
    path.write_text("id,a,,b\n1,2,3,4\n")
    with pytest.raises(CsvError, match="row 1, column 3: blank column name"):
        read_items(path)
    path.write_text("")
    with pytest.raises(CsvError, match="row 1: the header is missing"):
        read_items(path)
    path.write_text("id,a\n" + "".join(f"{i},x\n" for i in range(30)))
    with pytest.raises(CsvError) as caught:
        read_items(path)
    assert len(caught.value.problems) == 30
    assert str(caught.value).endswith("... and 10 more problem(s)")
