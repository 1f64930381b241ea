from __future__ import annotations

import re

from django.core.cache import cache
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from revmen.accounts import otp
from revmen.core.models import AuditEntry
from revmen.front.testing import PASSWORD, BaseTestCase


def code_of(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, offset):06d}"


class OtpTestCase(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def enrol(self, person) -> tuple[TOTPDevice, list[str]]:  # type: ignore[no-untyped-def]
        device = otp.otp_enrol_start(person=person)
        codes = otp.otp_enrol_confirm(person=person, device=device, code=code_of(device))
        assert codes is not None
        device.refresh_from_db()
        return device, codes

    def password_login(self, person, path: str = "/login/"):  # type: ignore[no-untyped-def]
        return self.client.post(path, {"username": person.nip, "password": PASSWORD})


class EnrolmentTests(OtpTestCase):
    def test_it_shows_a_qr_code_and_the_secret_until_confirmed(self) -> None:
        self.login(self.organiser)
        page = self.client.get("/profile/two-step/")
        self.assertContains(page, 'src="data:image/svg+xml')
        device = TOTPDevice.objects.get(user=self.organiser, confirmed=False)
        self.assertContains(page, otp.secret_text(device))
        self.assertNotIn("<script", page.content.decode().split("<main")[-1])

    def test_a_first_code_confirms_and_shows_ten_backup_codes_once(self) -> None:
        self.login(self.organiser)
        self.client.get("/profile/two-step/")
        device = TOTPDevice.objects.get(user=self.organiser)
        page = self.client.post("/profile/two-step/", {"code": code_of(device)})
        codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
        self.assertEqual(len(codes), 10)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        again = self.client.get("/profile/two-step/")
        self.assertNotContains(again, otp.secret_text(device))
        self.assertNotContains(again, codes[0])
        self.assertTrue(
            AuditEntry.objects.filter(action="accounts.otp.enrol", object_id=str(self.organiser.pk))
        )

    def test_a_wrong_first_code_confirms_nothing(self) -> None:
        self.login(self.organiser)
        self.client.get("/profile/two-step/")
        page = self.client.post("/profile/two-step/", {"code": "000000"})
        self.assertEqual(page.status_code, 200)
        self.assertFalse(otp.is_enrolled(self.organiser))

    def test_switching_off_needs_the_password_and_is_audited(self) -> None:
        self.enrol(self.organiser)
        self.login(self.organiser)
        device = TOTPDevice.objects.get(user=self.organiser)
        self.client.post("/login/code/", {"code": code_of(device)})
        refused = self.client.post("/profile/two-step/off/", {"password": "salah-sekali"})
        self.assertEqual(refused.status_code, 400)
        self.assertTrue(otp.is_enrolled(self.organiser))
        self.client.post("/profile/two-step/off/", {"password": PASSWORD})
        self.assertFalse(otp.is_enrolled(self.organiser))
        self.assertFalse(StaticToken.objects.filter(device__user=self.organiser).exists())
        self.assertTrue(AuditEntry.objects.filter(action="accounts.otp.remove"))

    @override_settings(LOGIN_FREE_FAILURES=2)
    def test_wrong_passwords_to_switch_off_slow_down(self) -> None:
        self.enrol(self.organiser)
        self.login(self.organiser)
        device = TOTPDevice.objects.get(user=self.organiser)
        self.client.post("/login/code/", {"code": code_of(device)})
        for _ in range(3):
            self.client.post("/profile/two-step/off/", {"password": "salah-sekali"})
        page = self.client.post("/profile/two-step/off/", {"password": PASSWORD})
        self.assertContains(page, "Coba lagi dalam", status_code=400)  # Indonesian by default
        self.assertTrue(otp.is_enrolled(self.organiser))


class LoginWithCodeTests(OtpTestCase):
    def test_after_the_password_every_page_asks_for_the_code(self) -> None:
        self.enrol(self.organiser)
        response = self.password_login(self.organiser)
        self.assertEqual(response.status_code, 302)
        self.assertRedirects(self.client.get("/"), "/login/code/?next=%2F")
        self.assertRedirects(
            self.client.get("/profile/"), "/login/code/?next=%2Fprofile%2F", 302, 200
        )

    def test_a_right_code_lets_in(self) -> None:
        device, _codes = self.enrol(self.organiser)
        self.password_login(self.organiser)
        response = self.client.post("/login/code/", {"code": code_of(device, 1), "next": "/"})
        self.assertRedirects(response, "/")
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_a_backup_code_lets_in_once(self) -> None:
        _device, codes = self.enrol(self.organiser)
        self.password_login(self.organiser)
        self.assertEqual(self.client.post("/login/code/", {"code": codes[0]}).status_code, 302)
        self.client.post("/logout/")
        self.password_login(self.organiser)
        self.assertEqual(self.client.post("/login/code/", {"code": codes[0]}).status_code, 200)
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_a_wrong_code_does_not_let_in(self) -> None:
        self.enrol(self.organiser)
        self.password_login(self.organiser)
        self.assertEqual(self.client.post("/login/code/", {"code": "123456"}).status_code, 200)
        self.assertEqual(self.client.get("/").status_code, 302)

    @override_settings(LOGIN_FREE_FAILURES=3, OTP_TOTP_THROTTLE_FACTOR=0)
    def test_wrong_codes_are_throttled_like_passwords(self) -> None:
        device, _codes = self.enrol(self.organiser)
        self.password_login(self.organiser)
        for _ in range(4):
            self.client.post("/login/code/", {"code": "123456"})
        response = self.client.post("/login/code/", {"code": code_of(device)})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.client.get("/").status_code, 302)

    def test_people_without_a_device_are_not_asked(self) -> None:
        self.password_login(self.participant)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_the_admin_asks_for_the_code_too(self) -> None:
        self.organiser.is_staff = True
        self.organiser.save()
        self.enrol(self.organiser)
        login = self.client.post(
            "/admin/login/",
            {"username": self.organiser.nip, "password": PASSWORD, "next": "/admin/"},
        )
        self.assertEqual(login.status_code, 302)
        self.assertRedirects(self.client.get("/admin/"), "/login/code/?next=%2Fadmin%2F", 302, 200)


@override_settings(OTP_REQUIRED_ROLES=["platform_admin", "organiser"])
class RequiredTests(OtpTestCase):
    def test_an_organiser_without_a_device_is_sent_to_enrol(self) -> None:
        self.password_login(self.organiser)
        self.assertRedirects(self.client.get("/"), "/profile/two-step/?next=%2F")
        page = self.client.get("/profile/two-step/")
        self.assertContains(page, "mewajibkan login dua langkah")  # Indonesian by default

    def test_enrolling_lets_them_in(self) -> None:
        self.password_login(self.organiser)
        self.client.get("/profile/two-step/")
        device = TOTPDevice.objects.get(user=self.organiser)
        self.client.post("/profile/two-step/", {"code": code_of(device)})
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_a_platform_admin_is_sent_too_but_a_participant_is_not(self) -> None:
        self.password_login(self.admin)
        self.assertEqual(self.client.get("/").status_code, 302)
        self.client.post("/logout/")
        self.password_login(self.participant)
        self.assertEqual(self.client.get("/").status_code, 200)
