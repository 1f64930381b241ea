"""The committed OpenAPI document (docs/openapi.json) is the one the code serves.

After changing the API on purpose: ``python manage.py api openapi > docs/openapi.json``."""

from __future__ import annotations

import difflib
from pathlib import Path

from revmen.api.openapi import document_json

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_it_matches_the_committed_snapshot() -> None:
    served = document_json()
    committed = SNAPSHOT.read_text()
    if served != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(True), served.splitlines(True), "docs/openapi.json", "served"
            )
        )
        raise AssertionError(
            "The OpenAPI document changed; if on purpose, run "
            "`python manage.py api openapi > docs/openapi.json`:\n" + diff[:20000]
        )
