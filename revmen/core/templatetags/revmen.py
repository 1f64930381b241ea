from __future__ import annotations

from datetime import datetime

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
