"""The heatmap's classes (web pages, under the CSP) and inline styles (the PDF) agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from revmen.culture.templatetags import culture

CSS = (Path(__file__).resolve().parents[2] / "static" / "revmen" / "revmen.css").read_text()


def rule(selector: str) -> str:
    found = re.search(rf"\.{re.escape(selector)} \{{ ([^}}]*); \}}", CSS)
    assert found, f".{selector} is missing from revmen.css"
    return found.group(1)


@pytest.mark.parametrize("diff", [-25.0, -20.0, -9.9, -2.1, 3.0, 6.0, 10.0, 14.5, 19.0, 40.0])
def test_a_cell_has_the_same_shade_on_the_page_and_in_the_pdf(diff: float) -> None:
    assert rule(culture.heat_class(diff)) == culture.heat(diff)


@pytest.mark.parametrize("diff", [None, 0.0, 1.0, -1.9])
def test_a_cell_close_to_the_agency_is_not_shaded(diff: float | None) -> None:
    assert culture.heat_class(diff) == "" and culture.heat(diff) == ""


def test_above_is_green_below_is_red_and_farther_is_stronger() -> None:
    assert culture.heat_class(12.0).startswith("heat-up-")
    assert culture.heat_class(-12.0).startswith("heat-down-")
    assert culture.heat_class(4.0) < culture.heat_class(16.0)


@pytest.mark.parametrize("depth", range(12))
def test_a_unit_is_indented_alike_on_the_page_and_in_the_pdf(depth: int) -> None:
    assert rule(culture.indent_class(depth)) == culture.indent(depth)
