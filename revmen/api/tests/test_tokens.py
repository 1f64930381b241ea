"""Tokens: scoping, read-only, expiry, revocation, rate limit, the audit trail, the CLI."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone

from revmen.api.models import ApiToken
from revmen.api.tokens import hash_token
from revmen.core.models import AuditEntry

from .base import ApiTestCase


class ScopingTests(ApiTestCase):
    def test_it_shows_only_the_token_agency(self) -> None:
        body = self.call("GET", "/agencies/", self.agency_token).json()
        assert [a["code"] for a in body["results"]] == ["PEMPROV-A"]
        self.assert_problem(self.call("GET", "/agencies/KOTA-B/", self.agency_token), 404)
        self.assert_problem(self.call("GET", "/agencies/PEMPROV-A/", self.other_token), 404)
        units = self.call("GET", "/agencies/PEMPROV-A/units/", self.agency_token).json()
        assert "Dinas Kesehatan/Bidang Pelayanan/Seksi Rujukan" in [
            u["path"] for u in units["results"]
        ]

    def test_a_token_of_agency_b_sees_nothing_of_agency_a(self) -> None:
        pk = self.participant.pk
        assert self.call("GET", f"/people/{pk}/", self.agency_token).status_code == 200
        self.assert_problem(self.call("GET", f"/people/{pk}/", self.other_token), 404)
        ids = [p["id"] for p in self.call("GET", "/people/", self.other_token).json()["results"]]
        assert pk not in ids
        assert {self.admin_b.pk, self.participant2.pk} <= set(ids)  # KOTA-B's own people
        self.assert_problem(self.call("GET", "/batches/PRM-T-I/", self.other_token), 404)
        self.assert_problem(self.call("GET", "/waves/1/", self.other_token), 404)

    def test_an_organiser_token_sees_its_batches_and_their_people_only(self) -> None:
        body = self.call("GET", "/batches/", self.organiser_read).json()
        assert [b["code"] for b in body["results"]] == ["PRM-T-I"]
        ids = {p["id"] for p in self.call("GET", "/people/", self.organiser_read).json()["results"]}
        assert {self.participant.pk, self.participant2.pk} <= ids
        assert self.outsider.pk not in ids and self.agency_admin.pk not in ids
        # an agency admin's token sees no batch: the pages show them to organisers and staff
        assert self.call("GET", "/batches/", self.agency_token).json()["count"] == 0

    def test_a_platform_admin_token_is_one_agency_only(self) -> None:
        from revmen.api.tokens import token_create

        _t, raw = token_create(person=self.admin, agency=self.agency_b)
        codes = [a["code"] for a in self.call("GET", "/agencies/", raw).json()["results"]]
        assert codes == ["KOTA-B"]
        self.assert_problem(self.call("GET", f"/people/{self.participant.pk}/", raw), 404)


class TokenStateTests(ApiTestCase):
    body = {"people": [{"nip": "199303032018011003", "nama": "Baru", "instansi": "KOTA-B"}]}

    def test_a_read_only_token_may_not_write(self) -> None:
        response = self.call("POST", "/batches/PRM-T-I/enrolments/", self.organiser_read, self.body)
        self.assert_problem(response, 403)
        assert self.call("GET", "/batches/PRM-T-I/", self.organiser_read).status_code == 200

    def test_no_token_or_a_wrong_one_is_401(self) -> None:
        for token in (None, "rvm_wrong", "nonsense"):
            response = self.call("GET", "/agencies/", token)
            self.assert_problem(response, 401)
            assert response["WWW-Authenticate"].startswith("Bearer")

    def test_an_expired_token_is_refused(self) -> None:
        token = ApiToken.objects.get(token_hash=hash_token(self.agency_token))
        token.expires_on = timezone.localdate()
        token.save()
        assert self.call("GET", "/agencies/", self.agency_token).status_code == 200
        token.expires_on = timezone.localdate() - timedelta(days=1)
        token.save()
        self.assert_problem(self.call("GET", "/agencies/", self.agency_token), 401)

    def test_a_revoked_token_is_refused(self) -> None:
        token = ApiToken.objects.get(token_hash=hash_token(self.agency_token))
        call_command("api", "token", "--revoke", str(token.pk), stdout=io.StringIO())
        self.assert_problem(self.call("GET", "/agencies/", self.agency_token), 401)

    @override_settings(API_TOKEN_RATE_LIMIT="3/m")
    def test_it_limits_calls_per_token(self) -> None:
        for _ in range(3):
            assert self.call("GET", "/agencies/", self.agency_token).status_code == 200
        response = self.call("GET", "/agencies/", self.agency_token)
        self.assert_problem(response, 429)
        assert response["Retry-After"] == "60"
        # per token: another token still gets through
        assert self.call("GET", "/agencies/", self.other_token).status_code == 200

    def test_the_secret_is_stored_only_as_its_hash(self) -> None:
        token = ApiToken.objects.get(token_hash=hash_token(self.agency_token))
        assert self.agency_token not in json.dumps(list(ApiToken.objects.values()), default=str)
        assert len(token.token_hash) == 64


class AuditTests(ApiTestCase):
    def test_every_identified_call_is_audited(self) -> None:
        self.call("GET", "/agencies/", self.agency_token)
        self.call("GET", "/agencies/KOTA-B/", self.agency_token)
        entries = AuditEntry.objects.filter(action="api.call", actor=self.agency_admin)
        notes = sorted(entries.values_list("note", flat=True))
        assert notes == ["GET /api/v1/agencies/ 200", "GET /api/v1/agencies/KOTA-B/ 404"]
        assert all(e.object_type == "api.apitoken" for e in entries)

    def test_anonymous_calls_are_not_audited(self) -> None:
        self.call("GET", "/agencies/", None)
        self.client.post("/api/answers/nothing/", {"A1": "3"})
        assert not AuditEntry.objects.filter(action="api.call").exists()


class CommandTests(ApiTestCase):
    def run_command(self, *args: str) -> str:
        out = io.StringIO()
        call_command("api", "token", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_the_token_alone_and_lists_without_it(self) -> None:
        expires = (date.today() + timedelta(days=30)).isoformat()
        secret = self.run_command(
            "--org", "pemprov-a", "--user", self.agency_admin.nip, "--label", "SIMPEG",
            "--expires", expires,
        ).strip()  # fmt: skip
        assert secret.startswith("rvm_") and "\n" not in secret
        assert self.call("GET", "/agencies/", secret).status_code == 200
        listed = json.loads(self.run_command("--list", "--json"))
        row = next(r for r in listed if r["label"] == "SIMPEG")
        assert row["agency"] == "PEMPROV-A" and row["scope"] == "read"
        assert row["expires"] == expires and {"id", "last_used"} <= set(row)
        assert secret not in json.dumps(listed)
        assert secret not in self.run_command("--list")

    def test_it_takes_an_email_login_and_write(self) -> None:
        secret = self.run_command(
            "--org", "BPSDM-TEST", "--user", self.organiser.email.upper(), "--write"
        ).strip()
        token = ApiToken.objects.get(token_hash=hash_token(secret))
        assert token.person == self.organiser and token.can_write

    def test_unknown_or_ambiguous_logins_and_ids_exit_2(self) -> None:
        self.make_person("Kembar Satu", None, self.agency_a, email="sama@example.go.id")
        self.make_person("Kembar Dua", None, self.agency_a, email="sama@example.go.id")
        for login in ("199999999999999999", "sama@example.go.id", "nobody@example.go.id"):
            with pytest.raises(CommandError) as caught:
                self.run_command("--org", "PEMPROV-A", "--user", login)
            assert caught.value.returncode == 2
        with pytest.raises(CommandError) as caught:
            self.run_command("--revoke", "999999")
        assert caught.value.returncode == 2
        with pytest.raises(CommandError) as caught:  # no role there: a token would see nothing
            self.run_command("--org", "PEMPROV-A", "--user", self.outsider.nip)
        assert caught.value.returncode == 2
