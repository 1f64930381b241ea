"""Errors, input coercion, docstring examples and the house rules of revmen.stats."""

from __future__ import annotations

import ast
import doctest
import importlib
import inspect
from pathlib import Path

import numpy as np
import pytest

from revmen.stats._arrays import as_matrix, as_vector, complete_rows, covariance
from revmen.stats.errors import InsufficientData, InvalidInput

STATS = Path(__file__).resolve().parents[1]
PUBLIC_MODULES = [
    "revmen.stats.descriptives",
    "revmen.stats.scoring",
    "revmen.stats.reliability",
    "revmen.stats.change",
    "revmen.stats.skm",
    "revmen.stats.bench",
]


def test_insufficient_data_is_a_value_error_with_a_reason() -> None:
    error = InsufficientData("alpha needs at least 2 complete cases; got 1")
    assert isinstance(error, ValueError)
    assert error.reason == str(error) == "alpha needs at least 2 complete cases; got 1"


def test_invalid_input_is_a_value_error_with_a_reason() -> None:
    error = InvalidInput("answer 5 is outside 1..4")
    assert isinstance(error, ValueError)
    assert error.reason == "answer 5 is outside 1..4"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([1, 2, 3], [1.0, 2.0, 3.0]),
        ((1.5, float("nan")), [1.5, np.nan]),
        (np.array([1, 2], dtype=np.int64), [1.0, 2.0]),
        (4.0, [4.0]),
        ([], []),
    ],
)
def test_as_vector_accepts_numbers_and_nan(raw: object, expected: list[float]) -> None:
    result = as_vector(raw)  # type: ignore[arg-type]
    assert result.dtype == np.float64
    np.testing.assert_array_equal(result, np.array(expected, dtype=np.float64))


@pytest.mark.parametrize(
    "raw", [[1.0, float("inf")], [-np.inf], [[1.0, 2.0]], ["a", "b"], [None, "x"]]
)
def test_as_vector_refuses_inf_wrong_shape_and_text(raw: object) -> None:
    with pytest.raises(InvalidInput):
        as_vector(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", [[1.0, 2.0], [[[1.0]]], [[1.0, np.inf]], [["a"]]])
def test_as_matrix_refuses_non_matrices_and_inf(raw: object) -> None:
    with pytest.raises(InvalidInput):
        as_matrix(raw)  # type: ignore[arg-type]


def test_complete_rows_and_covariance() -> None:
    m = np.array([[1.0, 2.0], [np.nan, 1.0], [3.0, 5.0], [2.0, 2.0]])
    complete = complete_rows(m)
    np.testing.assert_array_equal(complete, m[[0, 2, 3]])
    np.testing.assert_allclose(covariance(complete), np.cov(complete, rowvar=False), rtol=1e-14)
    full = m[[0, 2, 3]]
    assert complete_rows(full) is full  # nothing to drop: no copy


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_docstring_examples_are_true(name: str) -> None:
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failed == 0
    if name != "revmen.stats.bench":
        assert attempted > 0


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_function_documents_formula_edge_cases_reference_example(name: str) -> None:
    module = importlib.import_module(name)
    for attr, obj in vars(module).items():
        if attr.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != name:
            continue
        doc = inspect.getdoc(obj) or ""
        assert doc, f"{name}.{attr} has no docstring"
        if name == "revmen.stats.bench":
            continue
        assert ">>>" in doc, f"{name}.{attr} has no example"
        assert "Edge cases" in doc, f"{name}.{attr} documents no edge cases"
        assert "Reference" in doc, f"{name}.{attr} cites no reference"


def _source_files() -> list[Path]:
    return sorted(p for p in STATS.rglob("*.py") if "tests" not in p.parts)


@pytest.mark.parametrize("path", _source_files(), ids=lambda p: p.name)
def test_modules_use_future_annotations_and_no_django(path: Path) -> None:
    tree = ast.parse(path.read_text())
    futures = {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "__future__"
        for alias in node.names
    }
    if tree.body and path.name != "__init__.py":
        assert "annotations" in futures, f"{path.name} lacks from __future__ import annotations"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "django" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] != "django"
