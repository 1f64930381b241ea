"""The one-request intake endpoint for single-use tokens."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from revmen.core.testing import BaseTestCase, run_queued_tasks
from revmen.culture.models import Aggregate
from revmen.culture.services import tokens_issue, wave_create
from revmen.instruments.intake import sheet_for
from revmen.instruments.library import load_library
from revmen.instruments.models import Response, Token


class IntakeTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        sheet_for.cache_clear()
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="W",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        self.items = list(self.wave.administration.version.items.order_by("position"))
        self.full = {i.code: "4" for i in self.items if not i.is_text}

    def post(self, token: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/api/answers/{token}/", data)

    def test_an_answer_sheet_is_accepted_once_and_folded(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        self.assertEqual(self.post(token, {**self.full, "T1": "Lebih cepat"}).status_code, 201)
        self.assertEqual(self.post(token, self.full).status_code, 410)
        response = Response.objects.get()
        self.assertEqual((response.respondent_id, response.unit_id), (None, self.seksi.pk))
        self.assertEqual(response.texts, {"T1": "Lebih cepat"})
        self.assertEqual(bytes(response.answers)[:3], bytes([4, 4, 4]))
        run_queued_tasks()
        self.assertEqual(Aggregate.objects.get(unit=self.seksi).n, 1)

    def test_an_invalid_sheet_is_refused_and_the_token_still_works(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        bad = {**self.full, "BP1": "9"}
        del bad["AK1"]
        response = self.post(token, bad)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"BP1", "AK1"})
        self.assertTrue(Token.objects.exists())
        self.assertEqual(self.post(token, self.full).status_code, 201)

    def test_a_json_body_works_too(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        response = self.client.post(
            f"/api/answers/{token}/", self.full, content_type="application/json"
        )
        self.assertEqual(response.status_code, 201)

    def test_a_closed_window_refuses_and_keeps_the_token(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        self.wave.administration.closes_at = timezone.now() - timedelta(minutes=1)
        self.wave.administration.save()
        sheet_for.cache_clear()
        self.assertEqual(self.post(token, self.full).status_code, 403)
        self.assertTrue(Token.objects.exists())

    @override_settings(INTAKE_FAILURE_RATE_LIMIT="3/m")
    def test_failed_attempts_are_rate_limited_but_good_answers_are_not(self) -> None:
        tokens = tokens_issue(wave=self.wave, unit=self.seksi, count=6)
        for token in tokens[:5]:
            self.assertEqual(self.post(token, self.full).status_code, 201)
        for attempt in range(3):
            self.assertEqual(self.post(f"salah-{attempt}", self.full).status_code, 410)
        self.assertEqual(self.post("salah-3", self.full).status_code, 429)  # over the limit
        self.assertEqual(self.post(tokens[5], self.full).status_code, 429)  # blocked for now
        self.assertTrue(Token.objects.filter(token_hash__isnull=False).exists())

    def test_no_cookie_or_csrf_token_is_needed(self) -> None:
        from django.test import Client

        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post(f"/api/answers/{token}/", self.full).status_code, 201)
