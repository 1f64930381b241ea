from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from revmen.core.parts import nav_items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu links the apps registered, each shown only to those it is for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": [item for item in nav_items() if item.visible(user)]}
