"""The one-request intake endpoint for single-use tokens."""

from __future__ import annotations

from datetime import timedelta
from unittest import skipUnless

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from revmen.culture.models import Aggregate
from revmen.culture.services import tokens_issue, wave_create
from revmen.front.testing import BaseTestCase, run_periodic
from revmen.instruments.intake import sheet_for
from revmen.instruments.library import load_library
from revmen.instruments.models import Response, Token
from revmen.instruments.qtypes import MAX_TEXT


class IntakeCase(BaseTestCase):
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
        self.full = {
            i.code: "4" if i.kind == "likert" else "1" for i in self.items if not i.is_text
        }

    def post(self, token: str, data: dict[str, str]):  # type: ignore[no-untyped-def]
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(f"/api/answers/{token}/", data)


class IntakeTests(IntakeCase):
    def test_an_answer_sheet_is_accepted_once_and_folded(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        self.assertEqual(self.post(token, {**self.full, "T1": "Lebih cepat"}).status_code, 201)
        self.assertEqual(self.post(token, self.full).status_code, 410)
        response = Response.objects.get()
        self.assertEqual((response.respondent_id, response.unit_id), (None, self.seksi.pk))
        self.assertEqual(response.texts, {"T1": "Lebih cepat"})
        self.assertEqual(bytes(response.answers)[:3], bytes([4, 4, 4]))
        run_periodic()  # the worker's `culture.fold`, every 30 s
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

    def test_a_token_names_its_administration_and_a_changed_prefix_finds_nothing(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        prefix, _dot, rest = token.partition(".")
        self.assertEqual(int(prefix), self.wave.administration_id)
        self.assertEqual(self.post(f"{int(prefix) + 1}.{rest}", self.full).status_code, 410)
        self.assertEqual(self.post(rest, self.full).status_code, 410)
        self.assertEqual(self.post(f"99999.{rest}", self.full).status_code, 410)
        # A made-up token gets no list of the questionnaire's items, valid prefix or not.
        self.assertEqual(self.post(f"{prefix}.dibuat-buat", {"BP1": "9"}).status_code, 410)
        self.assertEqual(self.post(token, self.full).status_code, 201)

    def test_a_token_without_prefix_still_works(self) -> None:
        from revmen.instruments.tokens import token_hash

        Token.objects.create(
            administration=self.wave.administration,
            token_hash=token_hash("lama-tanpa-awalan"),
            unit=self.seksi,
        )
        self.assertEqual(self.post("lama-tanpa-awalan", self.full).status_code, 201)
        self.assertEqual(Response.objects.get().unit_id, self.seksi.pk)

    def test_closing_is_seen_at_once_whatever_the_cached_window_says(self) -> None:
        tokens = tokens_issue(wave=self.wave, unit=self.seksi, count=2)
        self.assertEqual(self.post(tokens[0], self.full).status_code, 201)  # window now cached
        self.wave.administration.closes_at = timezone.now() - timedelta(seconds=1)
        self.wave.administration.save()
        response = self.post(tokens[1], self.full)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Response.objects.count(), 1)
        self.assertTrue(Token.objects.exists())

    def test_saved_progress_under_the_token_goes_with_the_answer(self) -> None:
        from revmen.instruments.models import Draft
        from revmen.instruments.tokens import token_hash

        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        Draft.objects.create(
            administration=self.wave.administration, token_hash=token_hash(token), answers=b"\4"
        )
        self.assertEqual(self.post(token, self.full).status_code, 201)
        self.assertFalse(Draft.objects.exists())

    def test_an_unreadable_body_is_a_clear_400(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        for body, content_type in (
            (b"\xff\xfe", "application/x-www-form-urlencoded"),
            (b"[1, 2]", "application/json"),
            (b"{not json", "application/json"),
        ):
            response = self.client.post(f"/api/answers/{token}/", body, content_type=content_type)
            self.assertEqual(response.status_code, 400, body)
            self.assertIn("body", response.json()["errors"])
        self.assertTrue(Token.objects.exists())

    def test_a_multipart_form_works_too(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        response = self.client.post(f"/api/answers/{token}/", self.full)  # test client: multipart
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json(), {"accepted": True})

    def test_a_form_body_is_read_like_django_reads_it(self) -> None:
        from urllib.parse import urlencode

        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        body = urlencode({**self.full, "T1": "Antre 2 jam & loket tutup"})
        response = self.client.post(
            f"/api/answers/{token}/", body, content_type="application/x-www-form-urlencoded"
        )
        self.assertEqual(response.status_code, 201)
        self.assertEqual(Response.objects.get().texts, {"T1": "Antre 2 jam & loket tutup"})


@skipUnless(connection.vendor == "postgresql", "SQLite's test database is one shared connection")
class ConcurrentIntakeTests(TransactionTestCase):
    """Two requests racing with one token: exactly one answer is stored (real connections)."""

    def test_one_token_two_racing_requests_store_one_answer(self) -> None:
        import threading

        from django.test import Client

        from revmen.accounts.services import agency_create

        load_library()
        sheet_for.cache_clear()
        agency = agency_create(code="RACE", name="Instansi Balapan")
        root = agency.units.get(parent__isnull=True)
        now = timezone.now()
        wave = wave_create(
            agency=agency,
            name="W",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        items = wave.administration.version.items.all()
        full = {i.code: "4" if i.kind == "likert" else "1" for i in items if not i.is_text}
        tokens = tokens_issue(wave=wave, unit=root, count=20)
        statuses: list[int] = []
        barrier = threading.Barrier(2)

        def answer(token: str) -> None:
            try:
                barrier.wait()
                statuses.append(Client().post(f"/api/answers/{token}/", full).status_code)
            finally:
                connection.close()

        for token in tokens:
            threads = [threading.Thread(target=answer, args=(token,)) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(sorted(statuses), [201] * 20 + [410] * 20)
        self.assertEqual(Response.objects.filter(administration=wave.administration).count(), 20)


class IntakeEdgeTests(IntakeCase):
    """Odd tokens and values: a clear 4xx, never a 500, and nothing learnt by guessing."""

    def test_odd_digits_in_a_token_or_a_value_are_refused_not_a_crash(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        self.assertEqual(self.post("².abc", self.full).status_code, 410)
        self.assertEqual(self.post("9" * 40 + ".abc", self.full).status_code, 410)
        response = self.post(token, {**self.full, "BP1": "²"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.post(token, {**self.full, "BP1": "0004"}).status_code, 400)

    def test_a_guessed_token_does_not_learn_whether_a_questionnaire_is_open(self) -> None:
        self.wave.administration.closes_at = timezone.now() - timedelta(minutes=1)
        self.wave.administration.save()
        prefix = self.wave.administration_id
        self.assertEqual(self.post(f"{prefix}.dibuat-buat", self.full).status_code, 410)

    def test_an_administration_created_after_a_guess_is_found(self) -> None:
        from revmen.instruments.models import Administration

        upcoming = Administration.objects.order_by("-pk").first().pk + 1  # type: ignore[union-attr]
        self.assertEqual(self.post(f"{upcoming}.tebakan", self.full).status_code, 410)
        now = timezone.now()
        later = wave_create(
            agency=self.agency_a,
            name="Berikutnya",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        self.assertEqual(later.administration_id, upcoming)
        (token,) = tokens_issue(wave=later, unit=self.seksi, count=1)
        self.assertEqual(self.post(token, self.full).status_code, 201)


class IntakeMessageTests(IntakeCase):
    """Errors say what is wrong in the caller's language (Indonesian unless English was chosen);
    the keys that clients read stay the same."""

    def bad_sheet(self) -> dict[str, str]:
        bad = {**self.full, "BP1": "9", "T1": "x" * (MAX_TEXT + 1)}
        del bad["AK1"]
        return bad

    def test_errors_are_indonesian_by_default(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        top = next(i.max_value for i in self.items if i.code == "BP1")
        self.assertEqual(
            self.post(token, self.bad_sheet()).json()["errors"],
            {
                "BP1": f"Pilih nilai dari 1 sampai {top}.",
                "AK1": "Wajib dijawab.",
                "T1": f"Paling banyak {MAX_TEXT} karakter.",
            },
        )
        gone = self.post("salah", self.full).json()["errors"]
        self.assertEqual(gone, {"token": "Tautan ini sudah digunakan atau tidak berlaku."})

    def test_errors_are_english_when_english_was_chosen(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        errors = self.post(token, self.bad_sheet()).json()["errors"]
        self.assertEqual(errors["AK1"], "An answer is required.")
        self.assertEqual(errors["T1"], f"At most {MAX_TEXT} characters.")
        gone = self.post("salah", self.full).json()["errors"]
        self.assertEqual(gone, {"token": "This link has been used already or is not valid."})
        self.assertEqual(self.post(token, self.full).status_code, 201)

    def test_a_required_text_question_needs_an_answer_here_as_on_the_answer_page(self) -> None:
        from revmen.instruments.models import Item

        Item.objects.filter(version=self.wave.administration.version, code="T1").update(
            required=True
        )
        sheet_for.cache_clear()
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        response = self.post(token, {**self.full, "T1": "  "})
        self.assertEqual((response.status_code, set(response.json()["errors"])), (400, {"T1"}))
        self.assertEqual(self.post(token, {**self.full, "T1": "Cepat"}).status_code, 201)
