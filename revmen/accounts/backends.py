"""Log in with a NIP or an e-mail address (or the internal username, for back-office staff)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from revmen.asn.nip import normalize_nip

from .models import Person


class NipOrEmailBackend(ModelBackend):
    """E-mail need not be unique (a shared office address): the password decides among them."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Person | None:
        if not username or password is None:
            return None
        identifier = username.strip()
        digits = normalize_nip(identifier)
        if digits.isdigit() and len(digits) == 18:
            candidates = list(Person.objects.filter(nip=digits))
        elif "@" in identifier:
            candidates = list(Person.objects.filter(email__iexact=identifier))
        else:
            candidates = list(Person.objects.filter(username=identifier))
        hashed = False
        for person in candidates:
            if not person.has_usable_password():
                continue  # invited, not yet activated: no hash to check
            hashed = True
            if person.check_password(password) and self.user_can_authenticate(person):
                return person
        if not hashed:
            # Unknown, or known but not yet activated: spend the time of one real check, so
            # the time of a refusal does not tell who exists or who has activated.
            Person().set_password(password)
        return None
