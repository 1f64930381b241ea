from __future__ import annotations

import time
from unittest import mock

from django.contrib.auth.forms import SetPasswordForm
from django.test import override_settings
from django.utils.translation import gettext as _

from revmen.accounts.invitations import invitation_url
from revmen.accounts.passwords import ERR_NIP
from revmen.accounts.services import person_create
from revmen.front.testing import PASSWORD, BaseTestCase


class PasswordRuleTests(BaseTestCase):
    def errors(self, password: str) -> list[str]:
        form = SetPasswordForm(
            self.participant, {"new_password1": password, "new_password2": password}
        )
        self.assertFalse(form.is_valid(), password)
        return form.errors["new_password2"]

    def test_it_refuses_the_persons_own_nip(self) -> None:
        self.errors("199001012015032001")

    def test_it_refuses_a_nip_typed_with_spaces(self) -> None:
        self.assertIn(_(ERR_NIP), self.errors("19900101 201503 2 001"))

    def test_it_refuses_someone_elses_nip_with_dots(self) -> None:
        self.assertIn(_(ERR_NIP), self.errors("19820315.200604.2.001"))

    def test_it_refuses_a_password_that_contains_the_own_nip(self) -> None:
        self.assertIn(_(ERR_NIP), self.errors("ani199001012015032001"))

    def test_it_refuses_nine_characters(self) -> None:
        self.assertTrue(any("10" in e for e in self.errors("kx7#qe2!z")))

    def test_it_refuses_a_common_password(self) -> None:
        self.errors("password123")

    def test_it_refuses_the_persons_name(self) -> None:
        self.errors("AniPeserta")

    def test_it_refuses_the_persons_email(self) -> None:
        self.errors("ani@example.go.id")

    def test_it_accepts_a_good_password(self) -> None:
        form = SetPasswordForm(
            self.participant,
            {"new_password1": "kuda lari di sawah", "new_password2": "kuda lari di sawah"},
        )
        self.assertTrue(form.is_valid(), form.errors)

    def test_an_invitation_refuses_a_nip_as_password(self) -> None:
        person = person_create(name="Baru Sekali", nip="199303032018011003", email="b@x.go.id")
        link = invitation_url(person).split("127.0.0.1:8000")[-1]
        form_page = self.client.get(link, follow=True)
        url = form_page.redirect_chain[-1][0]
        response = self.client.post(
            url, {"new_password1": "199303032018011003", "new_password2": "199303032018011003"}
        )
        self.assertEqual(response.status_code, 200)
        person.refresh_from_db()
        self.assertFalse(person.has_usable_password())

    def test_the_password_change_refuses_a_short_password(self) -> None:
        self.login(self.participant)
        response = self.client.post(
            "/password/",
            {"old_password": PASSWORD, "new_password1": "pendek1", "new_password2": "pendek1"},
        )
        self.assertEqual(response.status_code, 200)
        self.participant.refresh_from_db()
        self.assertTrue(self.participant.check_password(PASSWORD))


class SessionExpiryTests(BaseTestCase):
    def login_now(self) -> None:
        self.client.post("/login/", {"username": self.participant.nip, "password": PASSWORD})

    def get_home_at(self, moment: float):  # type: ignore[no-untyped-def]
        with mock.patch("revmen.accounts.sessions.time.time", return_value=moment):
            return self.client.get("/")

    @override_settings(SESSION_COOKIE_AGE=8 * 3600, SESSION_IDLE_TIMEOUT=0)
    def test_a_login_ends_after_the_working_day_however_busy(self) -> None:
        start = time.time()
        self.login_now()
        for hour in range(1, 8):
            self.assertEqual(self.get_home_at(start + hour * 3600).status_code, 200)
        self.assertRedirects(self.get_home_at(start + 8 * 3600 + 1), "/login/?next=/")

    @override_settings(SESSION_COOKIE_AGE=8 * 3600, SESSION_IDLE_TIMEOUT=2 * 3600)
    def test_a_login_ends_after_two_idle_hours(self) -> None:
        start = time.time()
        self.login_now()
        self.assertEqual(self.get_home_at(start + 3600).status_code, 200)
        self.assertEqual(self.get_home_at(start + 3 * 3600 - 60).status_code, 200)
        self.assertRedirects(self.get_home_at(start + 5 * 3600), "/login/?next=/")

    def test_the_session_cookie_is_http_only_and_same_site(self) -> None:
        self.login_now()
        cookie = self.client.cookies["sessionid"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
