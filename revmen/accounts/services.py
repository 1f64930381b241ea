"""Writes for people, agencies and units: validate, save in a transaction, return the object."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.asn.nip import InvalidNip, parse_nip
from revmen.asn.unitpath import InvalidPath, join_path, split_path
from revmen.core.audit import audit, audit_changes, snapshot

from .models import Agency, AgencyKind, Person, Role, RoleKind, Unit

AGENCY_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,31}$")

ERR_AGENCY_CODE = gettext_noop(
    "Agency code must be 1-32 characters: letters, digits, '.', '_' or '-'."
)
ERR_AGENCY_EXISTS = gettext_noop("An agency with code {code} already exists.")
ERR_UNIT_SIBLING = gettext_noop("A unit named “{name}” already exists under “{parent}”.")
ERR_NIP_OR_EMAIL = gettext_noop("A person without a NIP needs an e-mail address.")
ERR_NIP_TAKEN = gettext_noop("NIP {nip} belongs to another person.")
ERR_UNIT_OTHER_AGENCY = gettext_noop("The work unit must belong to the person's agency.")


def normalize_agency_code(code: str) -> str:
    return code.strip().upper()


def validate_agency_code(code: str) -> str:
    code = normalize_agency_code(code)
    if not AGENCY_CODE_RE.match(code):
        raise ValidationError({"code": _(ERR_AGENCY_CODE)})
    return code


def agency_get(code: str) -> Agency | None:
    """Agency codes are matched case-insensitively."""
    return Agency.objects.filter(code=normalize_agency_code(code)).first()


@transaction.atomic
def agency_create(
    *, code: str, name: str, kind: str = AgencyKind.OTHER, timezone: str = "Asia/Jakarta"
) -> Agency:
    """Create an agency together with the root of its unit tree."""
    code = validate_agency_code(code)
    if Agency.objects.filter(code=code).exists():
        raise ValidationError({"code": _(ERR_AGENCY_EXISTS).format(code=code)})
    agency = Agency(code=code, name=" ".join(name.split()), kind=kind, timezone=timezone)
    agency.full_clean()
    agency.save()
    Unit.objects.create(agency=agency, parent=None, name=agency.name, path="", depth=0)
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, name: str, kind: str, timezone: str) -> Agency:
    agency.name = " ".join(name.split())
    agency.kind = kind
    agency.timezone = timezone
    agency.full_clean()
    agency.save()
    Unit.objects.filter(agency=agency, parent__isnull=True).update(name=agency.name)
    return agency


def agency_root(agency: Agency) -> Unit:
    return Unit.objects.get(agency=agency, parent__isnull=True)


@transaction.atomic
def unit_create(*, parent: Unit, name: str) -> Unit:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("A unit needs a name.")})
    if Unit.objects.filter(parent=parent, name=name).exists():
        raise ValidationError({"name": _(ERR_UNIT_SIBLING).format(name=name, parent=parent.name)})
    path = join_path([*split_path(parent.path), name])
    unit = Unit(
        agency_id=parent.agency_id, parent=parent, name=name, path=path, depth=parent.depth + 1
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_ensure_path(*, agency: Agency, path: str) -> tuple[Unit, int]:
    """Find or create every unit along ``path``; return the last one and how many were new."""
    unit = agency_root(agency)
    created = 0
    for name in split_path(path):
        child = Unit.objects.filter(parent=unit, name=name).first()
        if child is None:
            child = unit_create(parent=unit, name=name)
            created += 1
        unit = child
    return unit, created


def unit_find(*, agency: Agency, path: str) -> Unit | None:
    try:
        canonical = join_path(split_path(path))
    except InvalidPath:
        return None
    return Unit.objects.filter(agency=agency, path=canonical).first()


@transaction.atomic
def unit_rename(*, unit: Unit, name: str) -> Unit:
    """Rename a unit and rewrite the paths of its whole subtree."""
    name = " ".join(name.split())
    if unit.is_root:
        raise ValidationError({"name": _("Rename the agency to rename its root.")})
    if Unit.objects.filter(parent_id=unit.parent_id, name=name).exclude(pk=unit.pk).exists():
        raise ValidationError(
            {"name": _(ERR_UNIT_SIBLING).format(name=name, parent=unit.parent.name)}  # type: ignore[union-attr]
        )
    old = unit.path
    new = join_path([*split_path(old)[:-1], name])
    descendants = list(Unit.objects.subtree(unit).exclude(pk=unit.pk))
    for child in descendants:
        child.path = new + child.path[len(old) :]
    unit.name, unit.path = name, new
    unit.full_clean()
    unit.save()
    Unit.objects.bulk_update(descendants, ["path"])
    return unit


def _username_for(nip: str | None) -> str:
    return nip if nip else "u-" + secrets.token_hex(6)


@transaction.atomic
def person_create(
    *,
    name: str,
    nip: str | None = None,
    email: str = "",
    agency: Agency | None = None,
    unit: Unit | None = None,
    birth_place: str = "",
    birth_date: date | None = None,
    sex: str = "",
    pangkat_golongan: str = "",
    jabatan: str = "",
    password: str | None = None,
    today: date | None = None,
) -> Person:
    """Create a person. With a NIP, birth date and sex come from it (and PPPK is marked).

    ``password=None`` leaves the password unusable: the person sets one through an invitation.
    """
    person = Person(
        name=" ".join(name.split()),
        email=email.strip(),
        agency=agency,
        unit=unit,
        birth_place=birth_place.strip(),
        birth_date=birth_date,
        sex=sex,
        pangkat_golongan=pangkat_golongan.strip(),
        jabatan=jabatan.strip(),
    )
    _apply_nip(person, nip, today=today)
    person.username = _username_for(person.nip)
    _check_person(person)
    person.set_password(password)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(
    *, person: Person, actor: Person | None = None, today: date | None = None, **fields: object
) -> Person:
    """Change a person's record; the changed fields go to the audit trail (``actor`` did it,
    ``None`` for the system)."""
    before = snapshot(person)
    nip = fields.pop("nip", person.nip)
    for key, value in fields.items():
        setattr(person, key, value)
    _apply_nip(person, nip if isinstance(nip, str) else None, today=today)
    if person.nip and person.username.startswith("u-"):
        person.username = person.nip
    _check_person(person)
    person.full_clean()
    person.save()
    audit_changes(actor, "accounts.person.update", person, before)
    return person


def _apply_nip(person: Person, nip: str | None, *, today: date | None) -> None:
    if not nip or not nip.strip():
        person.nip = None
        person.is_pppk = False
        return
    try:
        info = parse_nip(nip, today=today)
    except InvalidNip as error:
        raise ValidationError({"nip": nip_message(error)}) from None
    person.nip = info.nip
    person.birth_date = info.birth_date
    person.sex = info.sex
    person.is_pppk = info.is_pppk


def _check_person(person: Person) -> None:
    if not person.nip and not person.email:
        raise ValidationError({"email": _(ERR_NIP_OR_EMAIL)})
    if person.nip and Person.objects.filter(nip=person.nip).exclude(pk=person.pk).exists():
        raise ValidationError({"nip": _(ERR_NIP_TAKEN).format(nip=person.nip)})
    if person.unit_id and person.unit.agency_id != person.agency_id:  # type: ignore[union-attr]
        raise ValidationError({"unit": _(ERR_UNIT_OTHER_AGENCY)})


def nip_message(error: InvalidNip) -> str:
    """The pure core's reason, in the user's language."""
    messages = {
        "format": _("NIP must be exactly 18 digits (got %(length)s characters)."),
        "birth_date": _("NIP digits 1-8 (%(value)s) are not a real birth date YYYYMMDD."),
        "appointment_month": _(
            "NIP digits 9-14 (%(value)s) are not an appointment year-month YYYYMM "
            "(month 01-12, or 21 for PPPK)."
        ),
        "appointment_future": _("NIP appointment %(value)s (digits 9-14) lies in the future."),
        "appointment_too_early": _(
            "NIP appointment %(value)s (digits 9-14) is less than 18 years after the birth date."
        ),
        "sex": _("NIP digit 15 (sex) must be 1 (male) or 2 (female), not %(digit)s."),
    }
    return messages[error.code] % error.params


@transaction.atomic
def role_grant(
    *,
    person: Person,
    kind: str,
    agency: Agency | None = None,
    unit: Unit | None = None,
    actor: Person | None = None,
) -> Role:
    """Grant a standing role (granting it again changes nothing); a new grant is audited on the
    person, so their record shows who gave them which role."""
    if kind == RoleKind.HEAD_OF_UNIT and unit is not None:
        agency = unit.agency
    role, created = Role.objects.get_or_create(person=person, kind=kind, agency=agency, unit=unit)
    if created:
        scope = {
            "role": kind,
            "agency": agency.pk if agency else None,
            "unit": unit.pk if unit else None,
        }
        audit(actor, "accounts.role.grant", person, after=scope)
    return role


def login_audit(sender: Any, request: HttpRequest | None, user: Person, **kwargs: Any) -> None:
    """Every login goes into the audit trail (``user_logged_in``): who and when, and whether
    through the back office."""
    path = request.path if request is not None else ""
    audit(user, "accounts.login", user, note=path[:200])
