"""The token page: make a token (shown once), list, revoke; outsiders cannot revoke."""

from __future__ import annotations

import re

from revmen.api.models import ApiToken
from revmen.api.tokens import hash_token

from .base import ApiTestCase


class TokenPageTests(ApiTestCase):
    def test_it_makes_a_token_shown_once(self) -> None:
        self.login(self.agency_admin)
        response = self.client.post(
            "/profile/api-tokens/", {"agency": self.agency_a.pk, "label": "SIMPEG"}
        )
        assert response.status_code == 200
        [secret] = re.findall(r"<code id=\"token-secret\" data-token>([^<]+)</code>",
                              response.content.decode())  # fmt: skip
        token = ApiToken.objects.get(token_hash=hash_token(secret))
        assert (token.label, token.scope, token.person) == ("SIMPEG", "read", self.agency_admin)
        again = self.client.get("/profile/api-tokens/").content.decode()
        assert secret not in again and f'data-token-id="{token.pk}"' in again
        assert self.call("GET", "/agencies/", secret).status_code == 200

    def test_it_offers_only_agencies_where_the_person_has_an_api_role(self) -> None:
        self.login(self.agency_admin)
        response = self.client.post("/profile/api-tokens/", {"agency": self.agency_b.pk})
        assert response.status_code == 200
        assert not ApiToken.objects.filter(agency=self.agency_b, person=self.agency_admin).exists()
        self.login(self.participant)
        page = self.client.get("/profile/api-tokens/").content.decode()
        assert 'name="agency"' not in page

    def test_the_agency_admin_revokes_the_agency_tokens_and_others_get_404(self) -> None:
        token = ApiToken.objects.get(token_hash=hash_token(self.agency_token))
        self.login(self.admin_b)
        assert self.client.post(f"/profile/api-tokens/{token.pk}/revoke/").status_code == 404
        self.login(self.agency_admin)
        response = self.client.post(f"/profile/api-tokens/{token.pk}/revoke/")
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        self.assert_problem(self.call("GET", "/agencies/", self.agency_token), 401)
