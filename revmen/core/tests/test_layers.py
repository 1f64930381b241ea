"""The layers in pyproject.toml hold, and the check would see an arrow that runs upwards."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter not installed")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """A copy of the package's Python files and the contracts, to plant imports in."""
    shutil.copytree(
        ROOT / "revmen",
        tmp_path / "revmen",
        ignore=lambda _dir, names: [
            n for n in names if (not n.endswith(".py") and "." in n) or n == "__pycache__"
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_its_layers(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("accounts/models.py", "from revmen.training import models as _upwards"),
        ("core/jobs.py", "import revmen.accounts.models"),
        ("training/views.py", "from revmen.front import testing"),
        ("stats/skm.py", "import django.db"),
    ],
)
def test_an_arrow_upwards_breaks_the_lint(tree: Path, module: str, line: str) -> None:
    path = tree / "revmen" / module
    path.write_text(path.read_text() + f"\n{line}  # planted\n")
    result = _lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
