"""The pages of the two-step login: enrol, manage, and give the code after the password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import access, otp, throttle
from .forms import OtpCodeForm, PasswordConfirmForm

ERR_WAIT = gettext_noop("Too many wrong passwords. Try again in %(seconds)s seconds.")
ERR_CODE = gettext_noop("This code is wrong or was used already. Try the next one.")


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@never_cache
@login_required
@throttle.code_guarded
def otp_verify(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    if request.session.get(otp.SESSION_KEY) != otp.VERIFY or otp.is_verified(request):
        return redirect(_next(request))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.otp_check(person, form.cleaned_data["code"])
        if device is not None:
            otp.otp_verify_session(request, device)
            return redirect(_next(request))
        form.add_error("code", _(ERR_CODE))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    if otp.is_enrolled(person):
        return render(
            request,
            "accounts/otp_manage.html",
            {"form": PasswordConfirmForm(person=person), "required": otp.otp_required(person)},
        )
    device = otp.otp_enrol_start(person=person)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.otp_enrol_confirm(person=person, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp.otp_verify_session(request, device)
            return render(request, "accounts/otp_backup_codes.html", {"codes": codes})
        form.add_error("code", _(ERR_CODE))
    context = {
        "form": form,
        "qr": otp.qr_data_uri(device),
        "secret": otp.secret_text(device),
        "required": request.session.get(otp.SESSION_KEY) == otp.ENROL,
        "next": _next(request),
    }
    return render(request, "accounts/otp_enrol.html", context)


def _confirmed_password(request: HttpRequest) -> PasswordConfirmForm | None:
    """The bound password form when the password is wrong, else ``None`` (go ahead).

    Wrong passwords here slow down like at login, so an open session cannot be used to
    guess its owner's password."""
    person = access.person_of(request)
    form = PasswordConfirmForm(request.POST, person=person)
    attempt = throttle.Attempt.of(request, f"confirm:{person.pk}", prefix="confirm-throttle")
    seconds = attempt.wait()
    if seconds:
        form.is_valid()
        form.errors.clear()
        form.add_error(None, _(ERR_WAIT) % {"seconds": seconds})
        return form
    if form.is_valid():
        attempt.succeeded(HttpResponse(), device_cookie=False)
        return None
    attempt.failed()
    return form


@never_cache
@login_required
@require_POST
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    if not otp.is_enrolled(person):
        return redirect("otp_enrol")
    failed = _confirmed_password(request)
    if failed is not None:
        context = {"form": failed, "required": otp.otp_required(person)}
        return render(request, "accounts/otp_manage.html", context, status=400)
    codes = otp.otp_backup_codes_renew(person=person)
    return render(request, "accounts/otp_backup_codes.html", {"codes": codes})


@login_required
@require_POST
def otp_remove(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    failed = _confirmed_password(request)
    if failed is not None:
        context = {"form": failed, "required": otp.otp_required(person)}
        return render(request, "accounts/otp_manage.html", context, status=400)
    otp.otp_remove(person=person)
    request.session[otp.SESSION_KEY] = otp.session_state(person)
    messages.success(request, _("Two-step login is switched off."))
    return redirect("profile")
