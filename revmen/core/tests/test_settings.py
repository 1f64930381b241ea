"""Settings that must be right before revmen starts: production refuses to run without them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SHOW = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'revmen.settings');"
    " django.setup(); from django.conf import settings; print(settings.SITE_URL)"
)
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "revmen.example.go.id"}


def start(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_site_url() -> None:
    result = start(**PRODUCTION)
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


@pytest.mark.parametrize("bad", ["revmen.example.go.id", "ftp://x", " "])
def test_a_site_url_without_a_scheme_is_refused(bad: str) -> None:
    assert "SITE_URL must be set" in start(**PRODUCTION, SITE_URL=bad).stderr


def test_production_starts_with_one_and_development_has_a_default() -> None:
    ok = start(**PRODUCTION, SITE_URL="https://revmen.example.go.id")
    assert (ok.returncode, ok.stdout.strip()) == (0, "https://revmen.example.go.id")
    dev = start(DEBUG="true")
    assert (dev.returncode, dev.stdout.strip()) == (0, "http://127.0.0.1:8000")
