"""Answering in the browser's way: section pages, saved progress, missing answers, one submit."""

from __future__ import annotations

from django.test import Client

from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Invitation, Response, Token, UsedToken
from revmen.instruments.services import open_link_token

from .helpers import administer, attitude_version


class AnswerPageTests(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()
        self.administration = administer(self.version, batch=self.batch, title="Pre-test sikap")
        self.url = f"/q/{self.administration.pk}/"

    def test_the_participant_sees_the_questionnaire_on_their_home_page(self) -> None:
        self.login(self.participant)
        self.assertContains(self.client.get("/"), self.url)

    def test_the_participant_answers_section_by_section_and_submits_once(self) -> None:
        self.login(self.participant)
        page = self.client.get(self.url)
        self.assertContains(page, "Saya menolak gratifikasi.")
        self.assertNotContains(page, "Saya melayani dengan ramah.")  # next section
        response = self.client.post(self.url + "?s=0", {"B1": "5", "B2": "1", "B3": "4"})
        self.assertRedirects(response, self.url + "?s=1")
        self.client.post(self.url + "?s=1", {"M1": "4", "M2": "Lebih sigap."})
        review = self.client.get(self.url + "?s=2")
        self.assertContains(review, 'name="submit"')
        done = self.client.post(self.url + "?s=2", {"submit": "1"})
        self.assertContains(done, "Terima kasih")
        again = self.client.post(self.url + "?s=2", {"submit": "1"})
        self.assertEqual(again.status_code, 200)
        self.assertEqual(Response.objects.count(), 1)
        stored = Response.objects.get()
        self.assertEqual(bytes(stored.answers), bytes([5, 1, 4, 4, 0]))
        self.assertEqual(stored.texts, {"M2": "Lebih sigap."})
        self.assertContains(self.client.get("/"), "✓")

    def test_progress_is_kept_between_visits(self) -> None:
        self.login(self.participant)
        self.client.post(self.url + "?s=0", {"B1": "3"})
        page = self.client.get(self.url + "?s=0")
        self.assertContains(page, 'value="3" checked')

    def test_the_review_lists_what_is_missing(self) -> None:
        self.login(self.participant)
        self.client.post(self.url + "?s=0", {"B1": "3"})
        review = self.client.get(self.url + "?s=2")
        self.assertContains(review, "Saya menganggap hadiah kecil wajar.")
        self.assertContains(review, "#q-B2")
        self.assertNotContains(review, 'name="submit"')
        self.client.post(self.url + "?s=2", {"submit": "1"})
        self.assertFalse(Response.objects.exists())

    def test_an_out_of_range_value_is_refused_with_a_message(self) -> None:
        self.login(self.participant)
        page = self.client.post(self.url + "?s=0", {"B1": "9"})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "1 sampai 5")

    def test_someone_not_invited_gets_404(self) -> None:
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.facilitator)
        self.assertEqual(self.client.get(self.url).status_code, 404)


class AnonymousPageTests(BaseTestCase):
    def answer_all(self, client: Client, url: str) -> None:
        client.post(url + "?s=0", {"B1": "5", "B2": "1", "B3": "4"})
        client.post(url + "?s=1", {"M1": "4"})
        self.assertContains(client.post(url + "?s=2", {"submit": "1"}), "Terima kasih")

    def test_a_logged_in_participant_answers_anonymously(self) -> None:
        version = attitude_version()
        administration = administer(version, batch=self.batch, identity="anonymous")
        url = f"/q/{administration.pk}/"
        self.login(self.participant)
        first = self.client.get(url)
        self.assertContains(first, "anonim")
        cookie = first.cookies[f"revmen_key_{administration.pk}_0"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["path"], url)
        self.assertFalse(Token.objects.filter(administration=administration).exists())
        self.answer_all(self.client, url)
        response = Response.objects.get()
        self.assertIsNone(response.respondent_id)
        self.assertEqual(UsedToken.objects.filter(administration=administration).count(), 1)
        # The key was stored nowhere but in the cookie, which is gone once the answers are in.
        self.assertNotIn(cookie.value.split(":")[0], str(list(UsedToken.objects.values())))
        self.assertContains(self.client.get(url), "Dibuka di peramban lain")
        self.assertContains(self.client.get("/"), "dibuka di satu peramban")

    def test_a_key_is_handed_out_once_to_one_browser(self) -> None:
        administration = administer(attitude_version(), batch=self.batch, identity="anonymous")
        url = f"/q/{administration.pk}/"
        self.login(self.participant)
        self.assertEqual(self.client.get(url).status_code, 200)
        invitation = Invitation.objects.get(administration=administration, person=self.participant)
        self.assertTrue(invitation.handed_out)
        other = Client()
        other.force_login(self.participant)
        self.assertContains(other.get(url), "Dibuka di peramban lain")
        self.answer_all(self.client, url)  # the first browser still answers, once
        self.assertEqual(administration.responses.count(), 1)

    def test_a_forged_or_copied_key_is_refused(self) -> None:
        first = administer(attitude_version(), batch=self.batch, identity="anonymous")
        second = administer(attitude_version(), batch=self.batch, identity="anonymous", title="B")
        self.login(self.participant)
        key = self.client.get(f"/q/{first.pk}/").cookies[f"revmen_key_{first.pk}_0"].value
        self.client.get(f"/q/{second.pk}/")  # hands out the second key
        other = Client()
        other.force_login(self.participant)
        other.cookies[f"revmen_key_{second.pk}_0"] = key  # signed for the first questionnaire
        self.assertContains(other.get(f"/q/{second.pk}/"), "Dibuka di peramban lain")
        other.cookies[f"revmen_key_{second.pk}_0"] = "made-up:signature"
        self.assertContains(other.get(f"/q/{second.pk}/"), "Dibuka di peramban lain")

    def test_an_open_link_needs_no_login_and_takes_one_answer_per_token(self) -> None:
        version = attitude_version()
        public = administer(version, audience="open_link", identity="anonymous")
        start = self.client.get(f"/s/{public.public_key}/")
        self.assertEqual(start.status_code, 302)
        url = start["Location"]
        self.client.post(url + "?s=0", {"B1": "5", "B2": "1", "B3": "4"})
        self.client.post(url + "?s=1", {"M1": "4"})
        self.assertContains(self.client.post(url + "?s=2", {"submit": "1"}), "Terima kasih")
        self.assertContains(self.client.post(url + "?s=2", {"submit": "1"}), "Sudah diterima")
        self.assertEqual(public.responses.count(), 1)

    def test_an_unknown_token_says_so(self) -> None:
        version = attitude_version()
        public = administer(version, audience="open_link", identity="anonymous")
        open_link_token(administration=public)
        self.assertContains(self.client.get("/t/bukan-token/"), "Sudah diterima")
