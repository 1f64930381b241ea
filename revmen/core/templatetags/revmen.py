from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import formats, timezone

from revmen.core.timezones import ABBREVIATIONS

register = template.Library()


@register.filter
def zone_abbr(zone: str) -> str:
    """``Asia/Makassar`` → ``WITA``."""
    return ABBREVIATIONS.get(str(zone), str(zone))


@register.filter
def localtime_zone(value: datetime | None) -> str:
    """A moment in the viewer's zone with its abbreviation: ``24 November 2026 09.30 WITA``."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    zone = str(timezone.get_current_timezone())
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {ABBREVIATIONS.get(zone, zone)}"


@register.simple_tag
def job_bar(job: Any) -> dict[str, Any]:
    """What ``core/_job_progress.html`` draws for a job: keep polling?, step label, bar."""
    from revmen.core.jobs import step_fraction, step_label

    fraction = step_fraction(job)
    return {
        "polling": not job.is_finished and not job.is_stalled,
        "label": step_label(job),
        "value": f"{fraction[0]:.3f}" if fraction else "",
        "max": f"{fraction[1]:.0f}" if fraction else "",
    }


@register.filter
def problem_cells(problem: str) -> list[Any]:
    """An import problem (``row N: column: reason``) as [row, column, reason] for a table."""
    from revmen.core.exports import problem_cells as cells

    return cells(problem)
