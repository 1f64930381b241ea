"""Signed e-mail links for raters without an account (the mentor, often the participant's
superior outside the institute).

A link carries a payload signed with ``django.core.signing`` (its own salt), bound to one rubric,
one rater and the rater's e-mail address: ``{"r": rubric, "p": rater, "e": digest}``, where the
digest is the first 16 hex digits of SHA-256 of the lower-cased address (the URL, and so web
logs, never carry the address itself). It opens the
rater's list of whom to score in that rubric and the rubric form for each of them, while the
rubric's administration is open (it stays open until the deferral deadline) and the rater is
still invited with that address; a changed address or a closed rubric closes it. Each score is
stored once (the engine refuses a second response about the same participant), so the link
needs no spending: once everyone is scored it shows only what was done.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.urls import reverse

from revmen.accounts.models import Person
from revmen.instruments.models import Invitation

from .models import Rubric

SALT = "revmen.grading.rating-link"


class LinkInvalid(Exception):
    """The link is forged, its rubric closed, or its rater no longer invited at that address."""


@dataclass(frozen=True)
class RatingLink:
    rubric: Rubric
    rater: Person
    token: str


def needs_link(person: Person) -> bool:
    """A rater who cannot sign in (no usable password yet) scores from a signed link."""
    return not person.has_usable_password()


def _email(person: Person) -> str:
    return (person.email or "").strip().lower()


def _bound(person: Person) -> str:
    return hashlib.sha256(_email(person).encode()).hexdigest()[:16]


def rating_token(rubric: Rubric, rater: Person) -> str:
    payload = {"r": rubric.pk, "p": rater.pk, "e": _bound(rater)}
    return signing.dumps(payload, salt=SALT, compress=True)


def rating_link(rubric: Rubric, rater: Person) -> str:
    return reverse("grading_link", args=[rating_token(rubric, rater)])


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise LinkInvalid
    return value


def open_rating_link(token: str) -> RatingLink:
    """The rubric and rater of a valid link, or ``LinkInvalid``."""
    try:
        payload = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(payload, dict):
        raise LinkInvalid
    rubric = (
        Rubric.objects.select_related("batch", "component", "administration__version__instrument")
        .filter(pk=_int(payload.get("r")))
        .first()
    )
    rater = Person.objects.filter(pk=_int(payload.get("p")), is_active=True).first()
    if (
        rubric is None
        or rater is None
        or not _email(rater)
        or _bound(rater) != payload.get("e")
        or not rubric.administration.is_open()
        or not Invitation.objects.filter(
            administration=rubric.administration, person=rater
        ).exists()
    ):
        raise LinkInvalid
    return RatingLink(rubric, rater, token)


def link_invitation(link: RatingLink, subject_pk: int) -> Invitation:
    """The link's rater's invitation to score one participant, or ``LinkInvalid``."""
    invitation = (
        Invitation.objects.select_related("subject")
        .filter(administration=link.rubric.administration, person=link.rater, subject_id=subject_pk)
        .first()
    )
    if invitation is None or invitation.subject is None:
        raise LinkInvalid
    return invitation
