"""``revmen analyze reliability | prepost | skm``: the statistics core on analysts' CSV files.

The command computes nothing itself: it reads the CSV (:mod:`revmen.instruments.csvdata`),
builds arrays, calls :mod:`revmen.stats` and prints, as a readable table or, with ``--json``,
as one JSON object on stdout. Figures in the JSON are unrounded; a statistic the core cannot
give (too few cases, zero variance, ...) is ``null`` and ``warnings`` says why, as
``"key, key: reason"``. A bad file or bad option exits 2 with one line per problem on stderr,
each naming the file, row (header = row 1) and column.

Decisions beyond the issue's spec:
    - ids are compared as text with surrounding spaces stripped (``01`` and ``1`` differ); a
      blank id is an error in ``reliability`` and ``prepost``, allowed in ``skm``; a duplicate
      id is an error in every file.
    - ``prepost``: the two files need the same item columns (in any order; names compared
      exactly); ``per_person`` lists the matched pairs with both scores in the pre file's
      order; ``unmatched`` is sorted (numeric ids numerically, then the rest as text);
      ``dropped`` counts matched pairs lacking a pre or post score. A value outside
      [--scale-min, --scale-max], a non-number, or an unknown ``--reverse`` item exits 2.
      ``--reliability`` outside [0, 1) exits 2; a computed alpha outside [0, 1) gives a null
      RCI with a warning.
    - ``skm``: columns ``U1``-``U9`` (any case) are required; an ``id`` column is allowed;
      other columns are ignored with a note on stderr. An answer that is not 1, 2, 3 or 4
      exits 2.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.instruments.csvdata import CsvError, ItemTable, read_items
from revmen.stats.change import JACOBSON_TRUAX, PairedResult, paired_comparison, reliable_change
from revmen.stats.errors import InsufficientData, InvalidInput
from revmen.stats.reliability import cronbach_alpha, item_analysis, mcdonald_omega
from revmen.stats.scoring import min_items_required, reverse_key, scale_scores
from revmen.stats.skm import ANSWER_MAX, ANSWER_MIN, N_ELEMENTS, skm_index

SKM_COLUMNS = tuple(f"U{i}" for i in range(1, N_ELEMENTS + 1))
PAIRED_KEYS = (
    "pre_mean",
    "post_mean",
    "mean_diff",
    "mean_diff_ci",
    "sd_diff",
    "t",
    "df",
    "p",
    "dz",
    "dz_ci",
    "g",
    "wilcoxon_p",
)
CATEGORIES = ("improved", "unchanged", "deteriorated")
NA = "n/a"


class Command(BaseCommand):
    help = "Reliability, pre/post change and the SKM index of CSV files (see docs/cli.md)."
    # Files in, numbers out: no database, URLs or models, so a broken check elsewhere in the
    # project must not stop an analysis.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rel = sub.add_parser(
            "reliability", help="alpha with Feldt CI, omega, item-total r, alpha if deleted"
        )
        rel.add_argument("items_csv", metavar="ITEMS.csv", help="columns id, then the items")
        rel.add_argument("--json", action="store_true", help="print one JSON object")

        pre = sub.add_parser(
            "prepost", help="paired change of scale scores and Jacobson-Truax reliable change"
        )
        pre.add_argument("--pre", required=True, metavar="PRE.csv", help="columns id + items")
        pre.add_argument("--post", required=True, metavar="POST.csv", help="the same columns")
        pre.add_argument(
            "--reverse", default="", metavar="ITEM,ITEM", help="items to reverse-key (min+max-x)"
        )
        pre.add_argument("--scale-min", type=float, default=1.0, help="default 1")
        pre.add_argument("--scale-max", type=float, default=5.0, help="default 5")
        pre.add_argument(
            "--reliability",
            type=float,
            metavar="R",
            help="r_xx for the RCI (default: alpha of the pre file's items)",
        )
        pre.add_argument("--json", action="store_true", help="print one JSON object")

        skm = sub.add_parser("skm", help="SKM index (IKM) of PermenPAN-RB 14/2017")
        skm.add_argument("answers_csv", metavar="ANSWERS.csv", help="columns U1..U9 (1-4)")
        skm.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "reliability":
            result, text = self._reliability(options)
        elif action == "prepost":
            result, text = self._prepost(options)
        else:
            result, text = self._skm(options)
        if options["json"]:
            self.stdout.write(json.dumps(_clean(result), ensure_ascii=False, allow_nan=False))
        else:
            self.stdout.write("\n".join(text))

    # ------------------------------------------------------------------ reliability

    def _reliability(self, options: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        table = _read(options["items_csv"])
        matrix, items = table.matrix, table.items
        warnings: list[str] = []
        result: dict[str, Any] = {
            "n": int(np.count_nonzero(~np.isnan(matrix).any(axis=1))),
            "k": len(items),
            "alpha": None,
            "alpha_ci": None,
            "omega": None,
            "item_total": dict.fromkeys(items),
            "alpha_if_deleted": dict.fromkeys(items),
            "warnings": warnings,
        }
        try:
            alpha = cronbach_alpha(matrix)
            result.update(n=alpha.n, alpha=alpha.alpha, alpha_ci=[alpha.ci_low, alpha.ci_high])
        except (InsufficientData, InvalidInput) as error:
            warnings.append(f"alpha, alpha_ci: {error}")
        try:
            omega = mcdonald_omega(matrix)
            result["omega"] = omega.omega
            if omega.heywood:
                warnings.append(
                    "omega: Heywood case: a uniqueness sits on its lower bound (an item is "
                    "almost all common variance); read omega with care"
                )
        except (InsufficientData, InvalidInput) as error:
            warnings.append(f"omega: {error}")
        try:
            analysis = item_analysis(matrix)
        except (InsufficientData, InvalidInput) as error:
            warnings.append(f"item_total, alpha_if_deleted: {error}")
        else:
            for stats in analysis.items:
                name = items[stats.index]
                result["item_total"][name] = stats.item_rest_r
                result["alpha_if_deleted"][name] = stats.alpha_if_deleted
                if stats.item_rest_r is None:
                    warnings.append(
                        f"item_total[{name}]: the item or the sum of the other items has zero "
                        "variance"
                    )
                if stats.alpha_if_deleted is None and analysis.k > 2:
                    warnings.append(
                        f"alpha_if_deleted[{name}]: the other items' total has zero variance"
                    )
            if analysis.k == 2:
                warnings.append("alpha_if_deleted: with 2 items, deleting one leaves no alpha")

        ci = result["alpha_ci"]
        lines = [
            f"Reliability of {table.source}",
            f"  n (complete cases)  {result['n']}",
            f"  k (items)           {result['k']}",
            f"  alpha               {_num(result['alpha'])}"
            + (f"   95% CI {_num(ci[0])} to {_num(ci[1])}" if ci else ""),
            f"  omega               {_num(result['omega'])}",
            "",
        ]
        width = max([len(name) for name in items] + [4])
        lines.append(f"  {'item':<{width}}  item-total r  alpha if deleted")
        for name in items:
            lines.append(
                f"  {name:<{width}}  {_num(result['item_total'][name]):>12}"
                f"  {_num(result['alpha_if_deleted'][name]):>16}"
            )
        return result, lines + _warning_lines(warnings)

    # ------------------------------------------------------------------ prepost

    def _prepost(self, options: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        low, high = options["scale_min"], options["scale_max"]
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise CommandError(
                f"--scale-min ({low:g}) must be below --scale-max ({high:g})", returncode=2
            )
        given_r = options["reliability"]
        if given_r is not None and not math.isfinite(given_r):
            raise CommandError(f"--reliability must be a number; got {given_r}", returncode=2)
        pre, post = _read_pair(options["pre"], options["post"], low, high)
        items = pre.items
        reverse = [name.strip() for name in options["reverse"].split(",") if name.strip()]
        unknown = [name for name in reverse if name not in items]
        if unknown:
            raise CommandError(
                f"--reverse: no item named {', '.join(unknown)} (the items are {', '.join(items)})",
                returncode=2,
            )
        mask = np.array([name in reverse for name in items], dtype=bool)
        pre_keyed = reverse_key(pre.matrix, mask, low, high)
        post_keyed = reverse_key(
            post.matrix[:, [post.items.index(n) for n in items]], mask, low, high
        )
        pre_scores, post_scores = scale_scores(pre_keyed), scale_scores(post_keyed)

        post_row = {person: i for i, person in enumerate(post.ids)}
        pre_ids = set(pre.ids)
        matched = [
            (person, i, post_row[person]) for i, person in enumerate(pre.ids) if person in post_row
        ]
        both = [
            (person, float(pre_scores[i]), float(post_scores[j]))
            for person, i, j in matched
            if not (math.isnan(pre_scores[i]) or math.isnan(post_scores[j]))
        ]
        pre_only = sorted(pre_ids - set(post_row), key=_id_order)
        post_only = sorted(set(post_row) - pre_ids, key=_id_order)
        dropped_ids = [
            p for p, i, j in matched if math.isnan(pre_scores[i]) or math.isnan(post_scores[j])
        ]
        before = np.array([b for _, b, _ in both], dtype=np.float64)
        after = np.array([a for _, _, a in both], dtype=np.float64)

        warnings: list[str] = []
        result: dict[str, Any] = {"n_pairs": len(both), **dict.fromkeys(PAIRED_KEYS)}
        try:
            paired = paired_comparison(before, after)
        except (InsufficientData, InvalidInput) as error:
            warnings.append(f"{', '.join(PAIRED_KEYS)}: {error}")
        else:
            result.update(_paired_fields(paired))
            warnings += _paired_warnings(paired)

        reliability = given_r
        if reliability is None:
            try:
                reliability = cronbach_alpha(pre_keyed).alpha
            except (InsufficientData, InvalidInput) as error:
                warnings.append(
                    f"rci, rc, class: no reliability from the pre file ({error}); "
                    "give --reliability"
                )
        rci: dict[str, Any] = {"method": JACOBSON_TRUAX, "reliability": reliability}
        rci.update(dict.fromkeys(CATEGORIES))
        changes = None
        if reliability is not None:
            try:
                changes = reliable_change(before, after, reliability=reliability)
            except InvalidInput as error:
                if given_r is not None:
                    raise CommandError(f"--reliability: {error}", returncode=2) from None
                warnings.append(
                    f"rci, rc, class: alpha of the pre file's items cannot be used: {error}"
                )
            except InsufficientData as error:
                warnings.append(f"rci, rc, class: {error}")
        if changes is not None:
            for category, count in changes.counts().items():
                rci[category] = count
        result["rci"] = rci
        result["per_person"] = [
            {
                "id": person,
                "pre": b,
                "post": a,
                "rc": changes[index].rc if changes is not None else None,
                "class": changes[index].category if changes is not None else None,
            }
            for index, (person, b, a) in enumerate(both)
        ]
        result["dropped"] = len(dropped_ids)
        result["unmatched"] = sorted(pre_only + post_only, key=_id_order)
        result["warnings"] = warnings

        notes = {
            "dropped": dropped_ids,
            "required": min_items_required(len(items)),
            "pre_only": pre_only,
            "post_only": post_only,
        }
        lines = _prepost_lines(result, pre, post, reverse, (low, high), notes)
        return result, lines

    # ------------------------------------------------------------------ skm

    def _skm(self, options: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        table = _read(
            options["answers_csv"],
            items=SKM_COLUMNS,
            require_id=False,
            low=ANSWER_MIN,
            high=ANSWER_MAX,
            integers=True,
        )
        if table.ignored:
            self.stderr.write(
                f"note: {table.source}: ignoring column(s) {', '.join(table.ignored)} "
                f"(only id and {SKM_COLUMNS[0]}-{SKM_COLUMNS[-1]} are read)"
            )
        warnings: list[str] = []
        result: dict[str, Any] = {
            "n": int(np.count_nonzero(~np.isnan(table.matrix).all(axis=1))),
            "element_means": dict.fromkeys(SKM_COLUMNS),
            "ikm": None,
            "grade": None,
            "label": None,
            "warnings": warnings,
        }
        try:
            skm = skm_index(table.matrix)
        except (InsufficientData, InvalidInput) as error:
            warnings.append(f"element_means, ikm, grade, label: {error}")
        else:
            result.update(
                n=skm.n,
                element_means=dict(zip(SKM_COLUMNS, skm.element_means, strict=True)),
                ikm=skm.ikm,
                grade=skm.grade,
                label=skm.label,
            )
        lines = [
            f"SKM index of {table.source}",
            f"  n (respondents)     {result['n']}",
        ]
        for name, mean in result["element_means"].items():
            lines.append(f"  {name:<19} {_num(mean)}")
        lines += [
            f"  IKM                 {_num(result['ikm'], 2)}",
            f"  grade               {result['grade'] or NA}"
            + (f" ({result['label']})" if result["label"] else ""),
        ]
        return result, lines + _warning_lines(warnings)


# ---------------------------------------------------------------------- helpers


def _read(path: str, **kwargs: Any) -> ItemTable:
    try:
        return read_items(path, **kwargs)
    except CsvError as error:
        raise CommandError(str(error), returncode=2) from None


def _read_pair(
    pre_path: str, post_path: str, low: float, high: float
) -> tuple[ItemTable, ItemTable]:
    """Both files, every problem of both reported at once; then their item columns compared."""
    tables: list[ItemTable] = []
    problems: list[str] = []
    for path in (pre_path, post_path):
        try:
            tables.append(read_items(path, low=low, high=high))
        except CsvError as error:
            problems += error.problems
    if problems:  # the same file given twice reports its problems once
        raise CommandError(str(CsvError(list(dict.fromkeys(problems)))), returncode=2)
    pre, post = tables
    for this, other in ((pre, post), (post, pre)):
        for name in other.items:
            if name not in this.items:
                problems.append(
                    f"{this.source}: row 1: no column {name} (it is an item in {other.source}; "
                    "both files need the same item columns)"
                )
    if problems:
        raise CommandError(str(CsvError(problems)), returncode=2)
    return pre, post


def _paired_fields(paired: PairedResult) -> dict[str, Any]:
    return {
        "pre_mean": paired.pre_mean,
        "post_mean": paired.post_mean,
        "mean_diff": paired.mean_diff,
        "mean_diff_ci": list(paired.mean_diff_ci),
        "sd_diff": paired.sd_diff,
        "t": paired.t,
        "df": paired.df,
        "p": paired.p,
        "dz": paired.dz,
        "dz_ci": list(paired.dz_ci) if paired.dz_ci is not None else None,
        "g": paired.g,
        "wilcoxon_p": paired.wilcoxon_p,
    }


def _paired_warnings(paired: PairedResult) -> list[str]:
    """The reasons for the ``None`` fields of a :class:`PairedResult` (see its docstring)."""
    warnings = []
    if paired.t is None:
        warnings.append("t, p, dz, dz_ci, g: the post - pre differences have zero variance")
    else:
        if paired.dz_ci is None:
            warnings.append(
                f"dz_ci: the noncentral t limits cannot be computed for t={paired.t}, "
                f"df={paired.df}"
            )
        if paired.g is None:
            warnings.append("g: Hedges' correction needs df >= 2 (at least 3 pairs)")
    if paired.wilcoxon_p is None:
        warnings.append(
            "wilcoxon_p: the Wilcoxon test cannot be computed (every post - pre difference is zero)"
        )
    return warnings


def _prepost_lines(
    result: dict[str, Any],
    pre: ItemTable,
    post: ItemTable,
    reverse: Sequence[str],
    scale: tuple[float, float],
    notes: dict[str, Any],
) -> list[str]:
    """The readable report; ``notes`` holds the dropped ids and the ids of each file alone."""
    ci, dz_ci, rci = result["mean_diff_ci"], result["dz_ci"], result["rci"]
    k, dropped = len(pre.items), notes["dropped"]
    alone = [
        f"only in {table.source}: {', '.join(ids)}"
        for table, ids in ((pre, notes["pre_only"]), (post, notes["post_only"]))
        if ids
    ]
    df = NA if result["df"] is None else str(result["df"])
    lines = [
        f"Pre/post change: {pre.source} -> {post.source}  ({k} item(s), scale "
        f"{scale[0]:g}..{scale[1]:g}, reverse-keyed: {', '.join(reverse) or 'none'})",
        f"  pairs               {result['n_pairs']}",
        f"  dropped             {len(dropped)}"
        + (
            f"   ({', '.join(dropped)}: fewer than {notes['required']} of {k} items answered "
            "on one occasion)"
            if dropped
            else ""
        ),
        "  unmatched ids       " + ("; ".join(alone) or "none"),
        f"  pre mean            {_num(result['pre_mean'])}",
        f"  post mean           {_num(result['post_mean'])}",
        f"  mean difference     {_num(result['mean_diff'])}"
        + (f"   95% CI {_num(ci[0])} to {_num(ci[1])}" if ci else ""),
        f"  SD of differences   {_num(result['sd_diff'])}",
        f"  t                   {_num(result['t'])}   df {df}   p {_p(result['p'])}",
        f"  d_z                 {_num(result['dz'])}"
        + (f"   95% CI {_num(dz_ci[0])} to {_num(dz_ci[1])}" if dz_ci else ""),
        f"  Hedges' g           {_num(result['g'])}",
        f"  Wilcoxon p          {_p(result['wilcoxon_p'])}",
        f"  reliable change     {rci['method']}, r_xx {_num(rci['reliability'])}: "
        + ", ".join(f"{name} {_count(rci[name])}" for name in CATEGORIES),
        "",
    ]
    people = result["per_person"]
    width = max([len(row["id"]) for row in people] + [2])
    lines.append(f"  {'id':<{width}}  {'pre':>7}  {'post':>7}  {'RC':>7}  class")
    for row in people:
        lines.append(
            f"  {row['id']:<{width}}  {_num(row['pre']):>7}  {_num(row['post']):>7}"
            f"  {_num(row['rc'], 2):>7}  {row['class'] or NA}"
        )
    return lines + _warning_lines(result["warnings"])


def _warning_lines(warnings: list[str]) -> list[str]:
    return ["", "warnings:", *(f"  - {w}" for w in warnings)] if warnings else []


def _num(value: float | None, places: int = 3) -> str:
    return NA if value is None or not math.isfinite(value) else f"{value:.{places}f}"


def _p(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return NA
    return "< 0.0001" if value < 0.0001 else f"{value:.4f}"


def _count(value: int | None) -> str:
    return NA if value is None else str(value)


def _id_order(person: str) -> tuple[int, int, str]:
    """Numeric ids in numeric order first, then the others as text."""
    if person.isascii() and person.isdigit():
        return (0, int(person), person)
    return (1, 0, person)


def _clean(value: Any) -> Any:
    """Plain JSON types; NaN or infinity (never expected from the core) becomes null."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    return value
