from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Show the Agencies link only to people who can see an agency."""
    from revmen.accounts.access import agencies_visible_to, is_platform_admin, roles_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_agencies": agencies_visible_to(user).exists(),
        "nav_instruments": is_platform_admin(user) or bool(roles_of(user, "organiser")),
        "nav_culture": is_platform_admin(user)
        or any(roles_of(user, kind) for kind in ("agency_admin", "culture_admin", "head_of_unit")),
    }
