"""The API's part of the demo: one read-only token of the demo agency admin, so the token page
(/profile/api-tokens/) has a row to show and revoke. Its secret is not kept: make one on that
page, or with `revmen api token`, to call the API."""

from __future__ import annotations

from revmen.accounts.demo import LOGINS
from revmen.accounts.models import Person
from revmen.core.parts import DemoContext, demo_part

from .tokens import token_create


@demo_part(95, "api")
def load_api_demo(context: DemoContext) -> None:
    admin = Person.objects.filter(email=LOGINS["agency_admin"][0]).first()
    agencies = context.made.get("agencies") or []
    if admin is None or not agencies:
        return
    token, _secret = token_create(person=admin, agency=agencies[0], label="SIMPEG (demo)")
    context.made["api_tokens"] = [token]
