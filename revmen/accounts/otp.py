"""Two-step login with a time-based code (TOTP, django-otp), for organisers and admins.

- A person enrols from their profile: ``otp_enrol_start`` makes an unconfirmed TOTP device
  whose secret the page shows once, as a QR code and as text; ``otp_enrol_confirm`` takes a
  first code from the app, confirms the device and makes ten single-use backup codes (a
  static device), shown once too. ``otp_remove`` takes both away. Both are audited
  (``accounts.otp.enrol``, ``accounts.otp.remove``).
- At login the password comes first (``/login/`` or the admin's login); whoever has a device
  is then signed in but *unverified*, and ``OtpGateMiddleware`` sends every request to the code
  page (``/login/code/``) until a code (or a backup code) verifies the session. The code step
  is throttled like the password (``throttle.code_guarded``), and django-otp slows down a
  device after each wrong code as well.
- ``OTP_REQUIRED_ROLES`` (settings) names roles that must use it: such a person without a
  device is sent to enrolment after logging in and can do nothing else until enrolled.

Whether a session needs a code is decided once, at login, and kept in the session: pages cost
no extra query. A session already open elsewhere when its person enrols stays as it was until
it ends (at most ``SESSION_COOKIE_AGE``).
"""

from __future__ import annotations

import base64
from collections.abc import Callable

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import devices_for_user
from django_otp import login as otp_session_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from revmen.core.audit import audit

from . import access
from .models import Person, RoleKind

SESSION_KEY = "revmen_otp"
VERIFY = "verify"
ENROL = "enrol"
BACKUP_CODES = 10
DEVICE_NAME = "revmen"


def otp_required(person: Person) -> bool:
    """Whether one of ``OTP_REQUIRED_ROLES`` makes a code mandatory for this person."""
    wanted = set(settings.OTP_REQUIRED_ROLES)
    if not wanted:
        return False
    if RoleKind.PLATFORM_ADMIN in wanted and access.is_platform_admin(person):
        return True
    return any(access.roles_of(person, kind) for kind in wanted)


def totp_device(person: Person, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=confirmed).first()


def is_enrolled(person: Person) -> bool:
    return TOTPDevice.objects.filter(user=person, confirmed=True).exists()


def session_state(person: Person) -> str:
    """What a new login of ``person`` must do first: give a code, enrol, or nothing."""
    if is_enrolled(person):
        return VERIFY
    return ENROL if otp_required(person) else ""


def otp_stamp_login(
    sender: object, request: HttpRequest | None, user: Person, **kwargs: object
) -> None:
    """On ``user_logged_in`` (connected in ``AccountsConfig.ready``)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = session_state(user)


def otp_enrol_start(*, person: Person) -> TOTPDevice:
    """The person's unconfirmed device (a new secret the first time)."""
    device = totp_device(person, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=person, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as the apps want it typed: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The ``otpauth://`` address as an SVG QR code in a ``data:`` URI (an ``<img>``: the CSP
    allows ``data:`` images and no inline script or style is needed)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


@transaction.atomic
def otp_enrol_confirm(*, person: Person, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a first code; the new backup codes, or ``None`` if it is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=person)
    if not device.verify_token(code.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
    codes = _new_backup_codes(person)
    audit(person, "accounts.otp.enrol", person)
    return codes


def _new_backup_codes(person: Person) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    static = StaticDevice.objects.create(user=person, name="backup", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


@transaction.atomic
def otp_backup_codes_renew(*, person: Person) -> list[str]:
    """Ten fresh backup codes; the old ones stop working."""
    codes = _new_backup_codes(person)
    audit(person, "accounts.otp.backup_codes", person)
    return codes


@transaction.atomic
def otp_remove(*, person: Person, actor: Person | None = None) -> None:
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    audit(actor or person, "accounts.otp.remove", person)


def otp_check(person: Person, code: str) -> Device | None:
    """The device that accepts ``code`` (the app's code or a backup code), else ``None``."""
    code = code.replace(" ", "").strip()
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(person, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def is_verified(request: HttpRequest) -> bool:
    """Whether this session has given its code (django-otp's ``OTPMiddleware`` adds the test)."""
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if callable(check) else False


def otp_verify_session(request: HttpRequest, device: Device) -> None:
    """Mark this session as having given its code."""
    otp_session_login(request, device)
    request.session[SESSION_KEY] = VERIFY


def _exempt_paths() -> tuple[str, ...]:
    return (
        reverse("otp_verify"),
        reverse("otp_enrol"),
        reverse("logout"),
        reverse("health"),
        "/i18n/",
        "/" + settings.STATIC_URL.lstrip("/"),
    )


class OtpGateMiddleware:
    """Until a session has given its code (or enrolled, where that is mandatory), every page
    leads to the code (or enrolment) page. After django-otp's ``OTPMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = request.session.get(SESSION_KEY, "") if hasattr(request, "session") else ""
        if state and request.user.is_authenticated:
            pending = state == ENROL or not is_verified(request)
            if pending and not request.path.startswith(_exempt_paths()):
                target = reverse("otp_enrol" if state == ENROL else "otp_verify")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
