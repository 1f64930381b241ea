"""Making, finding and revoking API tokens, and the scoped viewer a token stands for.

A token is ``rvm_`` + 40 random characters; only its SHA-256 is stored (like the answer
tokens), so a copy of the database lets nobody call the API. The token acts as its person with
only the roles they hold in the token's agency that the API serves: agency admin (the agency,
its units and people) and organiser (the institute's programmes, batches and the people
enrolled in them). A platform admin's token stands for both roles in that one agency, never for
the whole platform.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from revmen.accounts import access
from revmen.accounts.models import Agency, Person, Role, RoleKind
from revmen.core.audit import audit

from .models import ApiToken, TokenScope

PREFIX = "rvm_"
API_ROLES = (RoleKind.AGENCY_ADMIN, RoleKind.ORGANISER)

ERR_NO_ROLE = gettext_noop(
    "{person} is neither agency administrator nor organiser of {agency}: a token would see nothing"
)
ERR_EXPIRED_DATE = gettext_noop("The expiry date must be in the future.")


class TokenError(ValueError):
    """``msgid`` (English, translated where shown) with its ``params``."""

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid = msgid
        self.params = params
        super().__init__(msgid.format(**params))


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_roles(person: Person, agency: Agency) -> list[Role]:
    """The roles a token of ``person`` in ``agency`` acts with (unsaved ones for a platform
    admin, who holds no role there)."""
    roles = [
        role
        for kind in API_ROLES
        for role in access.roles_of(person, kind)
        if role.agency_id == agency.pk
    ]
    if not roles and access.is_platform_admin(person):
        roles = [Role(person=person, kind=RoleKind.AGENCY_ADMIN, agency=agency)]
        if agency.is_institute:
            roles.append(Role(person=person, kind=RoleKind.ORGANISER, agency=agency))
    return roles


def scoped_viewer(token: ApiToken) -> Person:
    """A copy of the token's person that ``accounts.access`` and the apps' access rules see as
    holding only the token's roles: never a platform admin, no other agency."""
    viewer = copy.copy(token.person)
    roles = api_roles(token.person, token.agency)
    viewer.is_superuser = False
    viewer._revmen_roles = roles  # type: ignore[attr-defined]
    viewer._revmen_api_token = token  # type: ignore[attr-defined]
    return viewer


def is_organiser_token(viewer: Person) -> bool:
    return bool(access.roles_of(viewer, RoleKind.ORGANISER))


def is_agency_admin_token(viewer: Person) -> bool:
    return bool(access.roles_of(viewer, RoleKind.AGENCY_ADMIN))


def token_agency_id(viewer: Person) -> int:
    token: ApiToken = viewer._revmen_api_token  # type: ignore[attr-defined]
    return token.agency_id


@transaction.atomic
def token_create(
    *,
    person: Person,
    agency: Agency,
    write: bool = False,
    label: str = "",
    expires_on: date | None = None,
    actor: Person | None = None,
    today: date | None = None,
) -> tuple[ApiToken, str]:
    """Make a token; return it with its secret, which is never shown again."""
    if not api_roles(person, agency):
        raise TokenError(ERR_NO_ROLE, person=person, agency=agency.code)
    if expires_on is not None and expires_on <= (today or timezone.localdate()):
        raise TokenError(ERR_EXPIRED_DATE)
    raw = PREFIX + secrets.token_urlsafe(30)
    token = ApiToken(
        person=person,
        agency=agency,
        label=label.strip()[:100],
        scope=TokenScope.WRITE if write else TokenScope.READ,
        token_hash=hash_token(raw),
        prefix=raw[: len(PREFIX) + 6],
        expires_on=expires_on,
        created_by=actor,
    )
    token.full_clean(exclude=["token_hash", "prefix"])
    token.save()
    audit(
        actor,
        "api.token.create",
        token,
        after={"agency": agency.code, "scope": token.scope, "person": person.pk},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Person | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(actor, "api.token.revoke", token)
    return token


def token_find(raw: str, *, today: date | None = None) -> ApiToken | None:
    """The live token with this secret: not revoked, not expired, its person still active."""
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("person", "agency")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, person__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.expires_on is not None and token.expires_on < (today or timezone.localdate()):
        return None
    return token


def token_touch(token: ApiToken) -> None:
    """Record the last use, at most once a minute (one UPDATE, not one per call)."""
    moment = timezone.now()
    if token.last_used_at is None or (moment - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment


def tokens_manageable_by(person: Person) -> Q:
    """Tokens a person may list and revoke: their own, and those of agencies they manage."""
    condition = Q(person=person)
    if access.is_platform_admin(person):
        return Q()
    managed = [r.agency_id for r in access.roles_of(person, RoleKind.AGENCY_ADMIN)]
    if managed:
        condition |= Q(agency_id__in=managed)
    return condition
