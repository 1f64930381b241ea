"""Personas with tokens: an agency admin of PEMPROV-A, an organiser of BPSDM-TEST (read and
read-write), and the agency admin of another agency (KOTA-B)."""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse

from revmen.accounts.models import Person, RoleKind
from revmen.accounts.services import role_grant
from revmen.api.tokens import token_create
from revmen.front.testing import BaseTestCase


class ApiTestCase(BaseTestCase):
    admin_b: Person
    agency_token: str
    organiser_token: str
    organiser_read: str
    other_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.admin_b = cls.make_person("Admin Kota", "198808082013011008", cls.agency_b)
        role_grant(person=cls.admin_b, kind=RoleKind.AGENCY_ADMIN, agency=cls.agency_b)
        _t, cls.agency_token = token_create(person=cls.agency_admin, agency=cls.agency_a)
        _t, cls.organiser_token = token_create(
            person=cls.organiser, agency=cls.institute, write=True
        )
        _t, cls.organiser_read = token_create(person=cls.organiser, agency=cls.institute)
        _t, cls.other_token = token_create(person=cls.admin_b, agency=cls.agency_b, write=True)

    def setUp(self) -> None:
        cache.clear()

    def call(self, method: str, path: str, token: str | None, body: Any = None) -> HttpResponse:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        kwargs: dict[str, Any] = {"headers": headers}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(self.client, method.lower())("/api/v1" + path, **kwargs)

    def assert_problem(self, response: HttpResponse, status: int) -> dict[str, Any]:
        assert response.status_code == status, (response.status_code, response.content[:500])
        assert response["Content-Type"] == "application/problem+json"
        body = json.loads(response.content)
        assert {"type", "title", "status", "detail"} <= set(body)
        assert body["status"] == status
        return body
