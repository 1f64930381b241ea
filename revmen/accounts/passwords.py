"""Password rules beyond Django's own validators (``AUTH_PASSWORD_VALIDATORS`` in settings).

Django's validators refuse short, common, all-numeric passwords and those close to the person's
NIP, name or e-mail. A NIP typed with spaces or dots (``19900101 201503 2 001``) is not all
digits, so it would pass them: ``NotANipValidator`` refuses any password that is a NIP once
spaces, dots and dashes are taken out (and a 16-digit NIK, the national identity number,
likewise), or that contains the person's own NIP. A NIP is printed on every certificate and list of
participants; it is the first thing a colleague would try.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ERR_NIP = gettext_noop("Your password must not be a NIP, an identity number or contain your NIP.")
_SEPARATORS = re.compile(r"[\s.\-/_]+")


class NotANipValidator:
    """Refuse a 16- to 18-digit number whatever its separators, and the person's own NIP."""

    def validate(self, password: str, user: Any = None) -> None:
        digits = _SEPARATORS.sub("", password)
        own = getattr(user, "nip", None) or ""
        if (digits.isdigit() and len(digits) >= 16) or (own and own in digits):
            raise ValidationError(_(ERR_NIP), code="password_is_nip")

    def get_help_text(self) -> str:
        return _(ERR_NIP)
