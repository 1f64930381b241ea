"""The open link takes one answer per browser (a cookie only), resumes, says what it cannot do."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone

from revmen.culture.services import wave_create
from revmen.front.testing import BaseTestCase
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_library
from revmen.instruments.models import Response, Token
from revmen.instruments.services import response_submit


class OpenLinkTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Gelombang Terbuka",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            created_by=self.culture_admin,
        )
        self.url = f"/c/{self.wave.administration.public_key}/"
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def start(self, client: Client) -> str:
        response = client.post(self.url, {"unit": self.seksi.pk})
        assert response.status_code == 302, response
        return response["Location"]

    def submit(self, location: str) -> None:
        token = location.rstrip("/").rsplit("/", 1)[-1]
        version = self.wave.administration.version
        values = [4] * version.items.count()
        for item in version.items.filter(kind="long_text"):
            values[item.position] = 0
        response_submit(
            administration=self.wave.administration,
            sheet=AnswerSheet(values=values),
            token=token,
        )

    def test_one_browser_answers_once_and_a_second_visit_resumes_first(self) -> None:
        first = self.start(self.client)
        # Coming back before sending goes to the same answer sheet, no new token.
        assert self.client.get(self.url)["Location"] == first
        assert self.client.post(self.url, {"unit": self.sekretariat.pk})["Location"] == first
        assert Token.objects.count() == 1
        self.submit(first)
        for _ in range(3):
            page = self.client.get(self.url)
            self.assertContains(page, "has already been sent from this browser")
            page = self.client.post(self.url, {"unit": self.seksi.pk})
            self.assertContains(page, "has already been sent from this browser")
        assert Response.objects.count() == 1
        assert not Token.objects.exists()

    def test_another_browser_may_answer_and_the_cookie_is_the_only_trace(self) -> None:
        self.submit(self.start(self.client))
        other = Client()
        self.submit(self.start(other))
        assert Response.objects.count() == 2
        cookie = self.client.cookies[f"revmen_wave_{self.wave.administration.pk}"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        # A forged or edited cookie is ignored (signed): the visitor just starts.
        forged = Client()
        forged.cookies[f"revmen_wave_{self.wave.administration.pk}"] = "made-up"
        assert forged.get(self.url).status_code == 200

    def test_the_wave_page_says_honestly_what_an_open_link_can_prevent(self) -> None:
        self.login(self.culture_admin)
        page = self.client.get(f"/culture/waves/{self.wave.pk}/")
        self.assertContains(page, "one answer per browser")
        self.assertContains(page, "It cannot stop one person from answering again")
        self.assertNotContains(page, "answers once")
