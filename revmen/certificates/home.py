"""The menu link to the certificate lookup, for those who manage certificates."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from revmen.core.parts import nav_item

from .access import may_manage_any


@nav_item(45, _("Certificates"), "certificate_lookup")
def certificates_menu(user: Any) -> bool:
    return bool(user.is_authenticated) and may_manage_any(user)
