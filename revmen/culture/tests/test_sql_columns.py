"""Raw SQL that lists a model table's columns lists all of them.

A raw ``INSERT`` (or ``COPY``) bypasses the ORM: when a model gains a column, a statement that
copies rows (the fold's shuffled rewrite) would silently drop it, and one that writes new rows
(the intake) would leave it to the database. This test finds every column list in the product
code (not tests, not migrations), written out or built into a module-level constant, and
compares it with the model's concrete columns, so such a column fails here first.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models
from django.db.models.fields import AutoFieldMixin

import revmen
from revmen.culture import aggregates
from revmen.culture.models import ProfileCount
from revmen.instruments import intake
from revmen.instruments.models import Response

ROOT = Path(revmen.__file__).parent
STATEMENT = re.compile(r"\b(?:INSERT\s+INTO|COPY)\s+(\S+)\s*\(([^)]*)\)", re.IGNORECASE)

# Statements that leave columns out on purpose: (file, table) -> the columns left out.
OMITTED = {
    # Generated anonymous answers for the benchmark: no respondent, no subject.
    ("bench/__main__.py", "instruments_response"): {"respondent_id", "subject_id"},
}
# Statements built by a function: (file, function) -> the module constant it builds.
BUILT_BY = {("culture/aggregates.py", "rewrite_sql"): "REWRITE_SQL"}
# What the scan must find, so that it cannot pass by finding nothing.
KNOWN = {
    "instruments/intake.py:ACCEPT_SQL",
    "instruments/services.py:KEYED_SQL",
    "culture/aggregates.py:REWRITE_SQL",
    "culture/aggregates.py:UPSERT_PROFILE_COUNTS",
    "instruments/settle.py:RESPONSES_SQL",
    "instruments/settle.py:USED_SQL",
}

Columns = Callable[[type[models.Model]], set[str]]


@dataclass(frozen=True)
class ColumnList:
    where: str  # file:constant, or file:line for a statement written out
    path: str
    table: str
    columns: tuple[str, ...]


def model_columns(model: type[models.Model]) -> set[str]:
    """The columns a statement must name: every concrete one but a key the database assigns."""
    meta = model._meta
    generated = meta.pk.column if isinstance(meta.pk, AutoFieldMixin) else None
    return {field.column for field in meta.concrete_fields if field.column != generated}


def sources() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" not in parts and "migrations" not in parts and path.name != "conftest.py":
            yield path


def lists_in(text: str, where: str, path: str) -> Iterator[ColumnList]:
    for match in STATEMENT.finditer(text):
        columns = tuple(c.strip().strip('"') for c in match.group(2).split(","))
        yield ColumnList(where, path, match.group(1).strip('"'), columns)


def _constants(tree: ast.Module, relative: str) -> dict[int, str]:
    """id of each f-string node -> the module constant it is, or is built into (BUILT_BY)."""
    names: dict[int, str] = {}
    for statement in tree.body:
        name = None
        if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
        elif isinstance(statement, ast.FunctionDef):
            name = BUILT_BY.get((relative, statement.name))
        if name is not None:
            names |= {id(n): name for n in ast.walk(statement) if isinstance(n, ast.JoinedStr)}
    return names


def _rendered(node: ast.JoinedStr) -> str:
    """An f-string's text with each placeholder shown as ``{}``."""
    return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)


def scan(path: Path, failures: list[str]) -> Iterator[ColumnList]:
    """The column lists in one file. A statement built elsewhere than in a module constant is
    a failure: the test could not see what it becomes."""
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(), filename=str(path))
    constants = _constants(tree, relative)
    parts = {
        id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in parts:
            yield from lists_in(node.value, f"{relative}:{node.lineno}", relative)
        elif isinstance(node, ast.JoinedStr) and STATEMENT.search(_rendered(node)):
            name = constants.get(id(node))
            if name is None:
                failures.append(f"{relative}:{node.lineno} build the statement as a constant")
                continue
            module = importlib.import_module("revmen." + relative[:-3].replace("/", "."))
            yield from lists_in(getattr(module, name), f"{relative}:{name}", relative)


def check(found: ColumnList, columns_of: Columns) -> str | None:
    """Why ``found`` does not match its model, or None (also for tables of no model)."""
    model = {m._meta.db_table: m for m in apps.get_models()}.get(found.table)
    if model is None:
        return None
    expected = columns_of(model) - OMITTED.get((found.path, found.table), set())
    named = set(found.columns)
    if named == expected and len(named) == len(found.columns):
        return None
    missing, unknown = sorted(expected - named), sorted(named - expected)
    return f"{found.where} {found.table}: missing {missing}, not columns {unknown}"


def audit(columns_of: Columns) -> tuple[list[ColumnList], list[str]]:
    """(every column list found, what is wrong) over the whole product code."""
    failures: list[str] = []
    found = [column_list for path in sources() for column_list in scan(path, failures)]
    failures += [why for f in found if (why := check(f, columns_of)) is not None]
    return found, failures


def test_every_raw_column_list_names_every_column_of_its_model() -> None:
    found, failures = audit(model_columns)
    assert failures == []
    assert {f.where for f in found} >= KNOWN
    stale = set(OMITTED) - {(f.path, f.table) for f in found}
    assert stale == set(), "an omission is listed for a statement that is gone"


def test_a_column_the_model_gains_fails_the_audit() -> None:
    def with_channel(model: type[models.Model]) -> set[str]:
        return model_columns(model) | ({"channel"} if model is Response else set())

    _found, failures = audit(with_channel)
    # Every list naming the response table fails: the intake's, written by hand, and the
    # rewrite's, here only because it was built from the model before this pretend column.
    assert {failure.split(" ")[0] for failure in failures} >= {
        "instruments/intake.py:ACCEPT_SQL",
        "instruments/services.py:KEYED_SQL",
        "culture/aggregates.py:REWRITE_SQL",
    }
    assert all("instruments_response: missing ['channel']" in failure for failure in failures)


def test_a_planted_list_is_caught() -> None:
    planted = ColumnList("planted", "x.py", "instruments_response", ("id", "answers"))
    why = check(planted, model_columns)
    assert why is not None and "'folded'" in why and "'unit_id'" in why
    whole = tuple(sorted(model_columns(Response)))
    assert check(ColumnList("all", "x.py", "instruments_response", whole), model_columns) is None
    twice = ColumnList("twice", "x.py", "instruments_response", (*whole, "id"))
    assert check(twice, model_columns) is not None
    unknown = ColumnList("typo", "x.py", "culture_profilecount", ("wave_id", "unit", "n"))
    assert "not columns ['unit']" in (check(unknown, model_columns) or "")


def test_the_constants_behind_the_statements_match_the_models() -> None:
    assert set(intake.RESPONSE_VALUES) == model_columns(Response)
    assert set(aggregates.PROFILE_COUNT_COLUMNS) == model_columns(ProfileCount)
    concrete = [field.column for field in Response._meta.concrete_fields]
    assert aggregates.rewrite_sql(concrete) == aggregates.REWRITE_SQL


def test_the_rewrite_copies_a_column_the_model_gains() -> None:
    sql = aggregates.rewrite_sql([*model_columns(Response), "channel"])
    (rewrite,) = lists_in(sql, "rewrite", "culture/aggregates.py")
    assert rewrite.columns[-1] == "channel"
    assert sql.split("SELECT")[-1].split("\n")[0].endswith(", channel")
