from __future__ import annotations

import re

from django.core import mail
from django.core.cache import cache
from django.test import override_settings

from revmen.accounts.invitations import invitation_send, invitation_url
from revmen.accounts.services import person_create
from revmen.front.testing import PASSWORD, BaseTestCase, run_queued_tasks


class LoginTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def post_login(self, username: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
        return self.client.post("/login/", {"username": username, "password": password})

    def test_it_logs_in_with_a_nip(self) -> None:
        response = self.post_login("199001012015032001")
        self.assertRedirects(response, "/")
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.participant.pk)

    def test_it_logs_in_with_a_nip_typed_with_spaces(self) -> None:
        self.assertRedirects(self.post_login("19900101 201503 2 001"), "/")

    def test_it_logs_in_with_an_email_in_any_case(self) -> None:
        self.assertRedirects(self.post_login("MENTOR@polri.example"), "/")

    def test_it_tells_people_sharing_an_email_apart_by_password(self) -> None:
        other = person_create(name="Kolega", email="ani@example.go.id", password="lain-sekali-9")
        self.post_login("ani@example.go.id", "lain-sekali-9")
        self.assertEqual(int(self.client.session["_auth_user_id"]), other.pk)

    def test_it_refuses_a_wrong_password(self) -> None:
        response = self.post_login("199001012015032001", "salah")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_it_refuses_people_without_a_usable_password(self) -> None:
        person_create(name="Baru", nip="199303032018011003")
        self.assertEqual(self.post_login("199303032018011003", "").status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(LOGIN_RATE_LIMIT="3/m")
    def test_it_rate_limits_login_attempts(self) -> None:
        for _attempt in range(3):
            self.assertEqual(self.post_login("199001012015032001", "salah").status_code, 200)
        response = self.post_login("199001012015032001", PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_home_needs_a_login(self) -> None:
        self.assertRedirects(self.client.get("/"), "/login/?next=/")


class InvitationTests(BaseTestCase):
    def test_an_invited_person_sets_a_password_once_and_logs_in(self) -> None:
        person = person_create(name="Baru", nip="199303032018011003", email="baru@example.go.id")
        self.assertTrue(invitation_send(person=person))
        run_queued_tasks()
        self.assertEqual(len(mail.outbox), 1)
        url = re.search(r"https?://\S+", mail.outbox[0].body).group(0)  # type: ignore[union-attr]
        path = url.split("8000", 1)[-1] if "8000" in url else url
        form = self.client.get(path, follow=True)
        self.assertContains(form, 'name="new_password1"')
        done = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "Sandi-Baru-2026", "new_password2": "Sandi-Baru-2026"},
        )
        self.assertEqual(done.status_code, 302)
        self.assertTrue(
            self.client.login(username="199303032018011003", password="Sandi-Baru-2026")
        )
        self.client.logout()
        again = self.client.get(path, follow=True)
        self.assertFalse(again.context["validlink"])

    def test_no_invitation_without_an_email(self) -> None:
        person = person_create(name="Tanpa Email", nip="199303032018011003")
        self.assertFalse(invitation_send(person=person))
        self.assertIn("/invitation/", invitation_url(person))
