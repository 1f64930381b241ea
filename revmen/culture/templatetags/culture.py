from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def heat(diff: float | None) -> str:
    """Background for a heatmap cell: green above the agency, red below, stronger with distance
    (full at 20 points)."""
    if diff is None:
        return ""
    strength = min(abs(diff) / 20.0, 1.0) * 0.55
    colour = "46, 125, 50" if diff >= 0 else "198, 40, 40"
    return f"background-color: rgba({colour}, {strength:.2f})"


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    return (mapping or {}).get(key)


@register.filter
def indent(depth: int) -> str:
    return f"padding-left: {0.4 + 1.1 * int(depth)}rem"
