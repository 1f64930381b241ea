"""Rate limits: an office behind one address is never refused, a flood from one address is.

Every request of the test client comes from one address (127.0.0.1), as from behind an office
NAT. Counters live in the cache, emptied before each test. No test sleeps: a flood is sent
fast enough to stay within a minute, and counts more than twice its limit so that a window
ending in the middle of it still leaves one window over the limit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import Client, override_settings
from django.utils import timezone

from revmen.accounts.services import person_create
from revmen.core import ratelimits
from revmen.culture.services import wave_create
from revmen.front.testing import PASSWORD, BaseTestCase
from revmen.instruments.library import load_library
from revmen.instruments.models import Response
from revmen.instruments.tests.helpers import administer, attitude_version
from revmen.settings import envrate

OFFICE = 200
FLOOD = 200


class RateLimitCase(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def flood(
        self,
        send: Callable[[int], HttpResponse],
        times: int = FLOOD,
        page: str = "core/ratelimited.html",
    ) -> list[int]:
        """Send ``times`` requests; the first refusal must be ``page`` (a 429)."""
        statuses = []
        for n in range(times):
            response = send(n)
            if response.status_code == 429 and 429 not in statuses:
                self.assertTemplateUsed(response, page)
            statuses.append(response.status_code)
        return statuses


class WaveLinkTests(RateLimitCase):
    def setUp(self) -> None:
        super().setUp()
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Gelombang",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        self.link = f"/c/{self.wave.administration.public_key}/"
        version = self.wave.administration.version
        self.sections = [
            {item.code: "4" for item in section.items.all() if item.kind == "likert"}
            for section in version.sections.prefetch_related("items")
        ]

    def respond(self, client: Client) -> int:
        """One respondent: opens the link, chooses a unit, answers every section, submits."""
        self.assertEqual(client.get(self.link).status_code, 200)
        start = client.post(self.link, {"unit": self.seksi.pk})
        if start.status_code != 302:
            return start.status_code
        sheet = start["Location"]
        self.assertEqual(client.get(sheet).status_code, 200)
        for step, answers in enumerate(self.sections):
            self.assertEqual(client.post(f"{sheet}?s={step}", answers).status_code, 302)
        done = client.post(f"{sheet}?s={len(self.sections)}", {"submit": "1"})
        self.assertContains(done, "Terima kasih")
        return done.status_code

    def test_it_lets_an_office_of_200_answer_from_one_address(self) -> None:
        statuses = [self.respond(Client()) for _person in range(OFFICE)]
        self.assertEqual(statuses, [200] * OFFICE)
        self.assertEqual(Response.objects.filter(unit=self.seksi).count(), OFFICE)

    def test_it_refuses_a_flood_of_invalid_choices_but_not_the_next_real_answer(self) -> None:
        statuses = self.flood(lambda n: self.client.post(self.link, {"unit": "999999"}))
        self.assertEqual(statuses[:60], [200] * 60)  # the form again, with its error
        self.assertIn(429, statuses)
        self.assertEqual(self.respond(self.client), 200)  # right answers are never refused

    def test_it_refuses_a_flood_of_made_up_links(self) -> None:
        statuses = self.flood(lambda n: self.client.get(f"/c/dibuat-buat-{n}/"))
        self.assertEqual(statuses[0], 404)
        self.assertIn(429, statuses)

    @override_settings(OPEN_LINK_RATE_LIMIT="5/d")
    def test_page_views_do_not_spend_the_links_budget(self) -> None:
        for _view in range(50):
            self.assertEqual(self.client.get(self.link).status_code, 200)
        # Each start from a browser of its own (one browser resumes its sheet, spending nothing).
        starts = [Client().post(self.link, {"unit": self.seksi.pk}).status_code for _ in range(11)]
        self.assertEqual(starts[:5], [302] * 5)
        self.assertIn(429, starts)  # per link, once the sheets it may hand out are spent


class OpenLinkTests(RateLimitCase):
    def setUp(self) -> None:
        super().setUp()
        self.public = administer(attitude_version(), audience="open_link", identity="anonymous")
        self.link = f"/s/{self.public.public_key}/"

    def respond(self, client: Client) -> int:
        start = client.get(self.link)
        if start.status_code != 302:
            return start.status_code
        sheet = start["Location"]
        self.assertEqual(client.get(sheet).status_code, 200)
        client.post(f"{sheet}?s=0", {"B1": "5", "B2": "1", "B3": "4"})
        client.post(f"{sheet}?s=1", {"M1": "4"})
        done = client.post(f"{sheet}?s=2", {"submit": "1"})
        self.assertContains(done, "Terima kasih")
        return done.status_code

    def test_it_lets_an_office_of_200_answer_from_one_address(self) -> None:
        statuses = [self.respond(Client()) for _person in range(OFFICE)]
        self.assertEqual(statuses, [200] * OFFICE)
        self.assertEqual(self.public.responses.count(), OFFICE)

    def test_it_refuses_a_flood_of_submissions_to_made_up_sheets(self) -> None:
        statuses = self.flood(
            lambda n: self.client.post(f"/t/1.dibuat-buat-{n}/?s=2", {"submit": "1"})
        )
        self.assertEqual(statuses[:60], [200] * 60)  # "already received", as before
        self.assertIn(429, statuses)
        self.assertEqual(self.respond(self.client), 200)

    def test_it_refuses_a_flood_of_made_up_links(self) -> None:
        statuses = self.flood(lambda n: self.client.get(f"/s/dibuat-buat-{n}/"))
        self.assertEqual(statuses[0], 404)
        self.assertIn(429, statuses)

    @override_settings(ANSWER_SHEET_RATE_LIMIT="5/d")
    def test_one_sheet_takes_a_limited_number_of_posts_and_views_are_free(self) -> None:
        sheet = self.client.get(self.link)["Location"]
        statuses = []
        for _post in range(11):
            self.assertEqual(self.client.get(f"{sheet}?s=0").status_code, 200)
            statuses.append(self.client.post(f"{sheet}?s=0", {"B1": "9"}).status_code)
        self.assertEqual(statuses[:5], [200] * 5)  # the section again, with its error
        self.assertIn(429, statuses)
        self.assertEqual(self.respond(Client()), 200)  # another sheet of the same link


class LoginTests(RateLimitCase):
    def attempt(self, client: Client, username: str, password: str) -> HttpResponse:
        return client.post("/login/", {"username": username, "password": password})

    def test_it_lets_an_office_of_200_log_in_from_one_address(self) -> None:
        emails = [f"pegawai{n}@kantor.example.go.id" for n in range(OFFICE)]
        for n, email in enumerate(emails):
            person_create(name=f"Pegawai {n}", email=email, password=PASSWORD)
        statuses = []
        for email in emails:
            client = Client()
            self.attempt(client, email, "salah-ketik")  # everyone mistypes once
            statuses.append(self.attempt(client, email, PASSWORD).status_code)
            self.assertIn("_auth_user_id", client.session)
        self.assertEqual(statuses, [302] * OFFICE)

    def test_it_refuses_a_flood_of_guesses_at_one_person_in_any_spelling(self) -> None:
        spellings = ["199001012015032001", "19900101 201503 2 001", " 199001012015032001 "]
        statuses = self.flood(
            lambda n: self.attempt(self.client, spellings[n % 3], f"tebakan-{n}"),
            page="accounts/login_wait.html",
        )
        self.assertEqual(statuses[:5], [200] * 5)  # LOGIN_FREE_FAILURES, then a wait
        self.assertIn(429, statuses)
        self.assertNotIn("_auth_user_id", self.client.session)
        # Someone else in the same office still logs in.
        self.assertEqual(self.attempt(Client(), "mentor@polri.example", PASSWORD).status_code, 302)

    @override_settings(LOGIN_ADDRESS_RATE_LIMIT="50/h")
    def test_it_refuses_a_flood_of_guesses_at_many_people_from_one_address(self) -> None:
        statuses = self.flood(lambda n: self.attempt(self.client, f"orang{n}@example.go.id", "x"))
        self.assertEqual(statuses[:50], [200] * 50)
        self.assertIn(429, statuses)


@pytest.mark.parametrize(
    ("rate", "seconds"), [("60/m", 60), ("1000/10m", 600), ("5/s", 1), ("3/2h", 7200)]
)
def test_window_seconds(rate: str, seconds: int) -> None:
    assert ratelimits.window_seconds(rate) == seconds


@pytest.mark.parametrize("value", ["60", "60/min", "lots/m", "60/m ", "/m"])
def test_a_malformed_rate_stops_the_settings(value: str) -> None:
    with mock.patch.dict(os.environ, {"X_RATE_LIMIT": value}):
        if value == "60/m ":  # surrounding spaces are forgiven
            assert envrate("X_RATE_LIMIT", "1/m") == "60/m"
        else:
            with pytest.raises(ImproperlyConfigured, match="X_RATE_LIMIT"):
                envrate("X_RATE_LIMIT", "1/m")
