"""The API's menu link: the token page, for those whose roles a token can carry."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from revmen.accounts import access
from revmen.accounts.models import Person
from revmen.core.parts import nav_item

from .tokens import API_ROLES


@nav_item(90, _("API"), "api_tokens")
def uses_api(person: Person) -> bool:
    return access.is_platform_admin(person) or any(
        access.roles_of(person, kind) for kind in API_ROLES
    )
