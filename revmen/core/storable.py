"""Text PostgreSQL cannot store, refused where it comes in instead of failing where it is saved.

PostgreSQL keeps text as UTF-8 and has no room for two things Python strings may hold: the NUL
character (``\\x00``: not in ``text``, not as ``\\u0000`` in ``jsonb``) and a lone surrogate
(``\\ud800``: half of a UTF-16 pair, not a character, no UTF-8 form). Either one, left to reach
the database, is a server error (``DataError``, ``ValueError``) on PostgreSQL and silently
different behaviour on SQLite. So every way in refuses it with one message:

- every form of ours (``StorableFormMixin``, in ``core.forms.Form``): a field error on any
  text field, in place of Django's own NUL check (which misses surrogates);
- the answer sheets (``instruments.qtypes``): draft save and the intake API (400);
- paths, query strings and cookies (``UnstorableInputMiddleware``): a 400 page, not a 500;
- imported spreadsheets (``core.spreadsheets``): a row error on the cell.

A form body cannot carry a surrogate (Django decodes it with replacement), JSON can (``"\\ud800"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy, gettext_noop

ERR_UNSTORABLE = gettext_noop(
    "This text contains a character that cannot be stored (NUL or a broken character): "
    "remove it and try again."
)


def is_storable(text: str) -> bool:
    """``False`` when ``text`` holds a NUL or a lone surrogate (what PostgreSQL cannot store)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def all_storable(values: Iterable[Any]) -> bool:
    """Every string among ``values`` is storable (non-strings are someone else's business)."""
    return all(is_storable(value) for value in values if isinstance(value, str))


def validate_storable(value: Any) -> None:
    """A field validator: refuses text (or a list of texts) that PostgreSQL cannot store."""
    values = value if isinstance(value, list | tuple) else [value]
    if not all_storable(values):
        raise ValidationError(gettext_lazy(ERR_UNSTORABLE), code="unstorable")


class StorableFormMixin:
    """Every text field of the form refuses unstorable text, with ``ERR_UNSTORABLE``.

    It takes the place of Django's own NUL check on ``CharField`` (which misses surrogates and
    says less). Other fields (choices, dates, numbers) refuse such text as an invalid value
    already. ``core/tests/test_storable.py`` fails on a form of ours that lacks this mixin;
    ``core.forms.Form`` is the base to use."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators = [validate_storable] + [
                    v
                    for v in field.validators
                    if not isinstance(v, validators.ProhibitNullCharactersValidator)
                ]


class UnstorableInputMiddleware:
    """A path, query string or cookie with a NUL or broken character is a 400, not a 500.

    Such a request reaches nothing: a lookup of ``/t/<token>/`` or ``?q=…`` by that text would
    fail in PostgreSQL, and a session cookie like that fails the session lookup. Put it first,
    before the session is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            is_storable(request.path_info)
            and all(is_storable(k) and all_storable(v) for k, v in request.GET.lists())
            and all(is_storable(k) and is_storable(v) for k, v in request.COOKIES.items())
        ):
            return bad_request(request)
        return self.get_response(request)


def bad_request(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import render

    return render(request, "400.html", {"message": gettext_lazy(ERR_UNSTORABLE)}, status=400)
