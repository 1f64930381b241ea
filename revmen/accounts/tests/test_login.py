from __future__ import annotations

import re
import time
from unittest import mock

from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from revmen.accounts import throttle
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

    def test_home_needs_a_login(self) -> None:
        self.assertRedirects(self.client.get("/"), "/login/?next=/")


class CountingHasher(MD5PasswordHasher):
    """The tests' fast hasher, counting how often a password is hashed (the time a login
    takes is the time of its hashes)."""

    calls = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt)


NIP = "199001012015032001"


@override_settings(LOGIN_FREE_FAILURES=3, LOGIN_MAX_DELAY=60)
class ThrottleTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def post(self, client: Client, username: str, password: str = PASSWORD) -> HttpResponse:
        return client.post("/login/", {"username": username, "password": password})

    def test_the_wait_doubles_per_miss_up_to_its_ceiling(self) -> None:
        self.assertEqual(
            [throttle.delay_for(n, 3, 60) for n in range(1, 11)], [0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
        )

    def test_misses_beyond_the_free_ones_make_the_account_wait_even_for_the_right_password(
        self,
    ) -> None:
        statuses = [self.post(self.client, NIP, "salah").status_code for _miss in range(3)]
        self.assertEqual(statuses, [200, 200, 200])
        waiting = self.post(self.client, NIP, PASSWORD)
        self.assertEqual(waiting.status_code, 429)
        self.assertContains(waiting, "1", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # From another address and in another spelling: the same account, the same wait.
        other = self.post(Client(REMOTE_ADDR="203.0.113.7"), "19900101 201503 2 001", PASSWORD)
        self.assertEqual(other.status_code, 429)

    def test_after_the_wait_the_right_password_gets_in_and_the_misses_are_forgotten(
        self,
    ) -> None:
        for _miss in range(4):
            self.post(self.client, NIP, "salah")
        later = time.time() + 3600
        with mock.patch("revmen.accounts.throttle.time.time", return_value=later):
            self.assertEqual(self.post(self.client, NIP, PASSWORD).status_code, 302)
            self.client.logout()
            self.assertEqual(self.post(Client(), NIP, "salah").status_code, 200)

    def test_each_miss_after_a_wait_waits_twice_as_long(self) -> None:
        now = time.time()
        waits = []
        for step in range(4):
            with mock.patch("revmen.accounts.throttle.time.time", return_value=now):
                self.post(self.client, NIP, "salah")
                waits.append(throttle.Attempt.of(RequestFactory().get("/"), NIP).wait())
                now += 3 + 2**step  # past the wait, so the next miss is checked
        self.assertEqual(waits, [0, 0, 1, 2])

    def test_a_flood_from_strangers_never_keeps_the_owner_out(self) -> None:
        owner = Client()
        self.assertEqual(self.post(owner, NIP, PASSWORD).status_code, 302)
        self.assertIn(throttle.DEVICE_COOKIE, owner.cookies)
        owner.post("/logout/")  # (Client.logout() would throw the browser's cookies away)
        attacker = Client(REMOTE_ADDR="198.51.100.4")
        statuses = [self.post(attacker, NIP, f"tebakan-{n}").status_code for n in range(20)]
        self.assertIn(429, statuses)
        # The owner's own browser is counted apart: in at once, with no wait.
        self.assertEqual(self.post(owner, NIP, PASSWORD).status_code, 302)

    def test_a_forged_or_borrowed_device_cookie_counts_as_a_stranger(self) -> None:
        colleague = Client()
        self.post(colleague, "mentor@polri.example", PASSWORD)  # a cookie for another account
        for value in [colleague.cookies[throttle.DEVICE_COOKIE].value, "dibuat-buat"]:
            cache.clear()
            client = Client()
            client.cookies[throttle.DEVICE_COOKIE] = value
            for _miss in range(3):
                self.post(client, NIP, "salah")
            self.assertEqual(self.post(Client(), NIP, PASSWORD).status_code, 429)

    @override_settings(PASSWORD_HASHERS=["revmen.accounts.tests.test_login.CountingHasher"])
    def test_unknown_known_and_not_activated_accounts_take_one_hash_each(self) -> None:
        person_create(name="Baru", nip="199303032018011003")  # invited, no password yet
        hashes = []
        for username in [NIP, "199303032018011003", "199909092020011009", "tak@ada.example"]:
            before = CountingHasher.calls
            self.assertEqual(self.post(Client(), username, "salah-sandi").status_code, 200)
            hashes.append(CountingHasher.calls - before)
        self.assertEqual(hashes, [1, 1, 1, 1])


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
