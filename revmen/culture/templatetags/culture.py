"""Template helpers of the culture pages.

Heatmap cells and the unit tree's indentation are classes on the web pages (the CSP allows no
style attributes; the classes are in ``revmen/static/revmen/revmen.css``) and the same values
as inline styles in the PDF (WeasyPrint is not a browser; no CSP applies). A test checks that
both agree.
"""

from __future__ import annotations

from django import template

register = template.Library()

HEAT_LEVELS = 5  # shades on each side of the agency's score
HEAT_FULL = 20.0  # points from the agency at which the shade is full
HEAT_ALPHA = 0.55  # opacity of the full shade
HEAT_COLOURS = {"up": "46, 125, 50", "down": "198, 40, 40"}
MAX_DEPTH = 8  # deeper units are indented as deep as this


def heat_level(diff: float | None) -> tuple[str, int]:
    """``("up"|"down", 0…HEAT_LEVELS)``: the side of the agency's score and the shade."""
    if diff is None:
        return "up", 0
    level = round(min(abs(diff) / HEAT_FULL, 1.0) * HEAT_LEVELS)
    return ("up" if diff >= 0 else "down"), level


def heat_alpha(level: int) -> float:
    return round(HEAT_ALPHA * level / HEAT_LEVELS, 2)


@register.filter
def heat(diff: float | None) -> str:
    """Inline background for a heatmap cell (the PDF): green above the agency, red below,
    stronger with distance (full at 20 points)."""
    side, level = heat_level(diff)
    if not level:
        return ""
    return f"background-color: rgba({HEAT_COLOURS[side]}, {heat_alpha(level):.2f})"


@register.filter
def heat_class(diff: float | None) -> str:
    """The same shade as a class (the web pages): ``heat-up-3``, ``heat-down-1``, or ``""``."""
    side, level = heat_level(diff)
    return f"heat-{side}-{level}" if level else ""


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    return (mapping or {}).get(key)


def indent_rem(depth: int) -> float:
    return round(0.4 + 1.1 * min(int(depth), MAX_DEPTH), 1)


@register.filter
def indent(depth: int) -> str:
    """Inline indentation of a unit at ``depth`` in the tree (the PDF)."""
    return f"padding-left: {indent_rem(depth)}rem"


@register.filter
def indent_class(depth: int) -> str:
    """The same indentation as a class (the web pages): ``depth-0`` … ``depth-8``."""
    return f"depth-{min(int(depth), MAX_DEPTH)}"
