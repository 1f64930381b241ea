"""The numbers do not know Django exists: pure cores may not import it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PURE_CORES = ["asn", "stats", "privacy", "text"]


def _modules() -> list[Path]:
    return sorted(p for core in PURE_CORES for p in (ROOT / core).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_there_are_pure_core_modules_to_check() -> None:
    assert len(_modules()) >= len(PURE_CORES)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_it_does_not_import_django(path: Path) -> None:
    offending = {n for n in _imports(path) if n == "django" or n.startswith("django.")}
    offending |= {
        n for n in _imports(path) if n.startswith("revmen.") and n.split(".")[1] not in PURE_CORES
    }
    assert not offending, f"{path} imports {offending}"


def test_the_check_catches_a_django_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\n")
    assert "django.db" in _imports(bad)
