from __future__ import annotations

import ipaddress
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone


class TimezoneMiddleware:
    """Show times in the signed-in person's zone (WIB, WITA or WIT)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = getattr(user, "effective_timezone", None) if user is not None else None
        before = timezone.get_current_timezone()
        if zone:
            timezone.activate(ZoneInfo(zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # the thread goes back to the zone it had: whatever it does next (a task, the next
            # request's first steps, a test) does not run in this person's zone
            timezone.activate(before)


class LanguageMiddleware:
    """Bahasa Indonesia unless the person chose English (language cookie, set by set_language).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: most of our
    users' browsers say English while they expect their government's service in Indonesian.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        before = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # back to the language the thread had (the page is rendered by now): whatever it
            # does next is not in this person's language
            translation.activate(before)
        response.headers.setdefault("Content-Language", language)
        return response


class ErrorPagesMiddleware:
    """The product's own 404 and 500 pages, in the person's language, with DEBUG on as well.

    With DEBUG off Django already renders ``404.html`` and ``500.html``; with it on (``make
    run``) it would show its English debug pages to someone who mistyped a link. The traceback
    of a 500 still goes to the console (Django logs it before this runs).
    """

    PAGES = {404: "404.html", 500: "500.html"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.shortcuts import render

        response = self.get_response(request)
        page = self.PAGES.get(response.status_code)
        if (
            settings.DEBUG
            and page
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "revmen_page", False)
        ):
            response = render(request, page, status=response.status_code)
            response.revmen_page = True  # type: ignore[attr-defined]
        return response


class PermissionsPolicyMiddleware:
    """Every answer says which browser features the site never uses (``PERMISSIONS_POLICY``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AdminGateMiddleware:
    """Django's admin only from ``ADMIN_NETWORKS`` (when set): anyone else gets the 404 of a
    page that does not exist, so the admin's login is not even offered to the internet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        if (
            settings.ADMIN_PATH
            and settings.ADMIN_NETWORKS
            and request.path_info.startswith(f"/{settings.ADMIN_PATH}")
            and not _address_in(request.META.get("REMOTE_ADDR", ""), settings.ADMIN_NETWORKS)
        ):
            raise Http404
        return self.get_response(request)


def _address_in(address: str, networks: list[str]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)
