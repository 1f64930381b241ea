"""Writes of the service app: service units, SKM periods and answers, standards, kiosks,
complaints."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person, Unit
from revmen.core.audit import audit
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.intake import sheet_for
from revmen.instruments.models import IdentityMode, Instrument, Purpose, Version
from revmen.instruments.qtypes import read_sheet
from revmen.instruments.services import administration_create, submit_with_key

from .models import (
    Complaint,
    ComplaintReply,
    ComplaintStatus,
    Kiosk,
    ServiceUnit,
    SkmPeriod,
    StandardStatus,
    StandardVersion,
)
from .standard import COMPONENTS

SKM_CODE = "SKM"
ERR_NO_SKM = gettext_noop(
    "The built-in SKM instrument is not loaded: run `revmen instruments load-library`."
)
ERR_PERIOD_OPEN = gettext_noop("Close the open SKM period before opening another.")
ERR_CLOSED = gettext_noop("This survey period is closed.")
ERR_STANDARD_INCOMPLETE = gettext_noop("Fill in every required component before approval: %s.")
ERR_NO_DRAFT = gettext_noop("There is no draft waiting for approval.")
ERR_PAIRING_CODE = gettext_noop("This pairing code is wrong or has expired.")
ERR_NOT_STAFF_UNIT = gettext_noop("You may not make this work unit a service unit.")
KIOSK_CODE_MINUTES = 15


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# --------------------------------------------------------------------------- service units


def figures_changed(service_unit_id: int) -> None:
    """Something the public page shows changed: its cached parts are keyed anew."""
    ServiceUnit.objects.filter(pk=service_unit_id).update(figures_version=F("figures_version") + 1)


@transaction.atomic
def service_unit_create(
    *, unit: Unit, slug: str, name: str, population: int | None, by: Person | None
) -> ServiceUnit:
    service_unit = ServiceUnit(unit=unit, slug=slug, name=name, population=population)
    service_unit.full_clean()
    service_unit.save()
    audit(by, "service.unit_create", service_unit, after={"slug": slug, "unit": unit.pk})
    return service_unit


def service_unit_update(*, service_unit: ServiceUnit, name: str, population: int | None) -> None:
    service_unit.name, service_unit.population = name, population
    service_unit.full_clean()
    service_unit.save(update_fields=["name", "population"])
    figures_changed(service_unit.pk)


# --------------------------------------------------------------------------- SKM periods


def skm_version() -> Version:
    instrument = Instrument.objects.filter(code=SKM_CODE, is_builtin=True).first()
    version = instrument.latest_version() if instrument else None
    if version is None:
        raise ValidationError(_(ERR_NO_SKM))
    return version


def open_period(service_unit: ServiceUnit) -> SkmPeriod | None:
    moment = timezone.now()
    return (
        service_unit.periods.select_related("administration")
        .filter(administration__opens_at__lte=moment, administration__closes_at__gt=moment)
        .first()
    )


@transaction.atomic
def period_open(
    *,
    service_unit: ServiceUnit,
    name: str,
    closes_at: datetime,
    opens_at: datetime | None = None,
    population: int | None = None,
    by: Person | None = None,
) -> SkmPeriod:
    """Open an SKM period: an anonymous open-link Administration of the built-in SKM."""
    if open_period(service_unit) is not None:
        raise ValidationError(_(ERR_PERIOD_OPEN))
    if SkmPeriod.objects.filter(service_unit=service_unit, name=name).exists():
        raise ValidationError({"name": _("A period of this name exists already.")})
    administration = administration_create(
        version=skm_version(),
        title=f"SKM {service_unit.name} · {name}",
        purpose=Purpose.SKM,
        audience="open_link",
        identity=IdentityMode.ANONYMOUS,
        agency=service_unit.unit.agency,
        opens_at=opens_at or timezone.now(),
        closes_at=closes_at,
        created_by=by,
    )
    period = SkmPeriod.objects.create(
        service_unit=service_unit,
        administration=administration,
        name=name,
        population=population if population is not None else service_unit.population,
    )
    figures_changed(service_unit.pk)
    return period


def period_close(*, period: SkmPeriod) -> None:
    administration = period.administration
    moment = timezone.now()
    if administration.closes_at > moment:
        administration.closes_at = moment
        # closing in the very second it opened: the window keeps its order (a constraint)
        administration.opens_at = min(administration.opens_at, moment - timedelta(seconds=1))
        administration.save(update_fields=["opens_at", "closes_at"])
        figures_changed(period.service_unit_id)


def period_follow_up(
    *, period: SkmPeriod, text: str, publish: bool, population: int | None
) -> None:
    period.follow_up = text
    period.population = population
    if publish and text.strip():
        period.follow_up_published_at = period.follow_up_published_at or timezone.now()
    elif not publish:
        period.follow_up_published_at = None
    period.save(update_fields=["follow_up", "follow_up_published_at", "population"])
    figures_changed(period.service_unit_id)


def skm_form_key() -> str:
    """A one-time key for one answer form: a double submit of it stores one answer."""
    return secrets.token_urlsafe(24)


def skm_answer(*, period: SkmPeriod, data: Mapping[str, str], key: str) -> dict[str, str]:
    """Validate and store one public answer; returns {item code: error} (empty when stored).

    Stored through the engine's anonymous path (``submit_with_key``): the response carries the
    administration, a random key and a date, nothing of the browser or the kiosk. The key's hash
    refuses a second store of the same form (``AlreadySubmitted``). On PostgreSQL the store
    checks the window again by the database's clock (``ValidationError`` when it closed since
    ``period`` was read).
    """
    administration = period.administration  # as read with the period (the view: this request)
    if not administration.is_open():
        raise ValidationError(_(ERR_CLOSED))
    sheet = sheet_for(administration.pk)
    answers, texts, errors = read_sheet(sheet.rules, sheet.width, data)
    if errors:
        return errors
    submit_with_key(
        administration,
        AnswerSheet(values=list(answers), texts=texts),
        key,
        None,
        timezone.localdate(),
    )
    return {}


# --------------------------------------------------------------------------- standards


def standard_draft(service_unit: ServiceUnit) -> StandardVersion | None:
    return service_unit.standards.exclude(status=StandardStatus.PUBLISHED).first()


def standard_published(service_unit: ServiceUnit) -> StandardVersion | None:
    return (
        service_unit.standards.filter(status=StandardStatus.PUBLISHED).order_by("-number").first()
    )


@transaction.atomic
def standard_save(
    *,
    service_unit: ServiceUnit,
    service_name: str,
    components: Mapping[str, str],
    is_free: bool,
    pledge: str,
    change_note: str,
    submit: bool,
    by: Person,
) -> StandardVersion:
    """Save the one draft (a new draft starts from the published version's text)."""
    draft = standard_draft(service_unit) or StandardVersion(
        service_unit=service_unit, status=StandardStatus.DRAFT
    )
    draft.service_name = service_name
    draft.components = {c.code: components.get(c.code, "").strip() for c in COMPONENTS}
    if is_free:
        draft.components["cost"] = ""
    draft.is_free = is_free
    draft.pledge = pledge
    draft.change_note = change_note
    draft.status = StandardStatus.SUBMITTED if submit else StandardStatus.DRAFT
    draft.edited_by, draft.edited_at = by, timezone.now()
    draft.full_clean()
    draft.save()
    return draft


def missing_components(draft: StandardVersion) -> list[str]:
    return [
        str(c.label)
        for c in COMPONENTS
        if c.required
        and not (c.code == "cost" and draft.is_free)
        and not (draft.components.get(c.code) or "").strip()
    ]


@transaction.atomic
def standard_approve(*, service_unit: ServiceUnit, by: Person) -> StandardVersion:
    """The head of office publishes the draft: the next number, today's date."""
    draft = (
        StandardVersion.objects.select_for_update()
        .filter(service_unit=service_unit)
        .exclude(status=StandardStatus.PUBLISHED)
        .first()
    )
    if draft is None:
        raise ValidationError(_(ERR_NO_DRAFT))
    missing = missing_components(draft)
    if missing:
        raise ValidationError(_(ERR_STANDARD_INCOMPLETE) % ", ".join(missing))
    last = standard_published(service_unit)
    draft.number = (last.number or 0) + 1 if last else 1
    draft.status = StandardStatus.PUBLISHED
    draft.approved_by, draft.published_at = by, timezone.now()
    draft.save()
    figures_changed(service_unit.pk)
    audit(by, "service.standard_publish", draft, after={"number": draft.number})
    return draft


# --------------------------------------------------------------------------- kiosks


def kiosk_pairing_code(*, service_unit: ServiceUnit, name: str, by: Person) -> tuple[Kiosk, str]:
    """A new kiosk waiting to be paired, and its code (shown once, valid a few minutes)."""
    code = f"{secrets.randbelow(10**8):08d}"
    kiosk = Kiosk.objects.create(
        service_unit=service_unit,
        name=name,
        pairing_code_hash=_hash(f"{service_unit.pk}:{code}"),
        pairing_expires_at=timezone.now() + timedelta(minutes=KIOSK_CODE_MINUTES),
        created_by=by,
    )
    return kiosk, code


def kiosk_pair(*, service_unit: ServiceUnit, code: str) -> tuple[Kiosk, str]:
    """The device enters the code: the kiosk is paired, its secret goes into the device's
    cookie (``(kiosk, secret)``); the code is spent."""
    digits = "".join(ch for ch in code if ch.isdigit())
    with transaction.atomic():
        kiosk = (
            Kiosk.objects.select_for_update()
            .filter(
                service_unit=service_unit,
                pairing_code_hash=_hash(f"{service_unit.pk}:{digits}"),
                pairing_expires_at__gt=timezone.now(),
                revoked_at__isnull=True,
            )
            .first()
        )
        if kiosk is None or not digits:
            raise ValidationError(_(ERR_PAIRING_CODE))
        return kiosk, _kiosk_secret(kiosk)


def kiosk_pair_here(*, service_unit: ServiceUnit, name: str, by: Person) -> tuple[Kiosk, str]:
    """A staff session pairs the browser it runs in."""
    with transaction.atomic():
        kiosk = Kiosk.objects.create(service_unit=service_unit, name=name, created_by=by)
        return kiosk, _kiosk_secret(kiosk)


def _kiosk_secret(kiosk: Kiosk) -> str:
    secret = secrets.token_urlsafe(24)
    kiosk.secret_hash = _hash(secret)
    kiosk.pairing_code_hash, kiosk.pairing_expires_at = "", None
    kiosk.paired_at = timezone.now()
    kiosk.save()
    return secret


def kiosk_revoke(*, kiosk: Kiosk) -> None:
    kiosk.revoked_at = timezone.now()
    kiosk.secret_hash = kiosk.pairing_code_hash = ""
    kiosk.save(update_fields=["revoked_at", "secret_hash", "pairing_code_hash"])


def kiosk_for_secret(service_unit: ServiceUnit, kiosk_id: int, secret: str) -> Kiosk | None:
    if not secret:
        return None
    return Kiosk.objects.filter(
        pk=kiosk_id,
        service_unit=service_unit,
        secret_hash=_hash(secret),
        revoked_at__isnull=True,
    ).first()


# --------------------------------------------------------------------------- complaints


def _tracking_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
    return "".join(secrets.choice(alphabet) for _ in range(10))


def complaint_submit(
    *,
    service_unit: ServiceUnit,
    kind: str,
    text: str,
    name: str,
    contact: str,
    submit_key: str,
) -> Complaint:
    """Store a complaint or suggestion; the same form submitted twice stores one (the first
    is returned)."""
    complaint = Complaint(
        service_unit=service_unit,
        tracking_code=_tracking_code(),
        submit_key=_hash(submit_key),
        kind=kind,
        text=text,
        name=name,
        contact=contact,
    )
    complaint.full_clean(exclude=["submit_key", "tracking_code"])
    try:
        with transaction.atomic():
            complaint.save()
            figures_changed(service_unit.pk)
    except IntegrityError:
        existing = Complaint.objects.filter(submit_key=_hash(submit_key)).first()
        if existing is None or existing.service_unit_id != service_unit.pk:
            raise
        return existing
    return complaint


@transaction.atomic
def complaint_answer(
    *, complaint: Complaint, text: str, close: bool, by: Person
) -> ComplaintReply | None:
    """The unit answers (the first answer starts the clock's first figure); ``close`` ends it."""
    before = {"status": complaint.status}
    reply = None
    moment = timezone.now()
    if text.strip():
        reply = ComplaintReply.objects.create(
            complaint=complaint, text=text, by=by, created_at=moment
        )
        if complaint.first_answered_at is None:
            complaint.first_answered_at = moment
        if complaint.status == ComplaintStatus.NEW:
            complaint.status = ComplaintStatus.ANSWERED
    if close and complaint.first_answered_at is not None and complaint.closed_at is None:
        complaint.closed_at = moment
        complaint.status = ComplaintStatus.CLOSED
    complaint.save(update_fields=["first_answered_at", "closed_at", "status"])
    figures_changed(complaint.service_unit_id)
    audit(
        by, "service.complaint_answer", complaint, before=before, after={"status": complaint.status}
    )
    return reply
