"""Issuing, superseding and revoking certificates; the PDF and an externally signed copy.

``grading`` calls ``certificate_issue`` when a grade is final and ``certificate_supersede`` when
a final grade is corrected. Every change is in the audit trail (``certificates.certificate.*``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from revmen.core.audit import audit

from . import numbers, signing
from .models import Certificate, CertificateOutcome, IssuerProfile, Kind, NumberCounter, Status

ERR_DEFERRED = gettext_noop(
    "A deferred (Ditunda) participant gets no certificate until the deferral is completed."
)
ERR_OUTCOME = gettext_noop("A certificate states either Lulus or Tidak Lulus.")
ERR_PREDICATE = gettext_noop("Only a passed (Lulus) participant has a predicate.")
ERR_NOT_PARTICIPANT = gettext_noop("Only a participant of the batch gets a certificate.")
ERR_OTHER_OUTCOME = gettext_noop(
    "This participant already has a valid certificate that says otherwise: correct it instead."
)
ERR_NOT_VALID = gettext_noop("Only a valid certificate can be corrected or revoked.")
ERR_REASON = gettext_noop("Give the reason.")
ERR_PATTERN = gettext_noop("The certificate number pattern is not usable: %(error)s")
ERR_NOT_PDF = gettext_noop("This file is not a PDF.")
ERR_TOO_LARGE = gettext_noop("The file is larger than %(max)s MB.")

AUDIT_FIELDS = ("number", "status", "outcome", "predicate", "final_score", "superseded_by")


def profile_for(programme: Any) -> dict[str, str]:
    """Number pattern and signatory for a programme: its profile, else its institute's."""
    profiles = {
        p.programme_id: p
        for p in IssuerProfile.objects.filter(institute_id=programme.institute_id).filter(
            Q(programme_id=programme.pk) | Q(programme__isnull=True)
        )
    }
    profile = profiles.get(programme.pk) or profiles.get(None)
    pattern = (profile.number_pattern if profile else "") or settings.CERTIFICATE_NUMBER_PATTERN
    return {
        "pattern": pattern,
        "signatory_name": profile.signatory_name if profile else "",
        "signatory_title": profile.signatory_title if profile else "",
        "signatory_nip": profile.signatory_nip if profile else "",
        "place": profile.place if profile else "",
    }


def next_number(*, pattern: str, values: dict[str, object]) -> str:
    """The next number of ``pattern``'s scope; call inside the issuing transaction."""
    try:
        scope = numbers.scope(pattern, values)
    except numbers.PatternError as error:
        raise ValidationError(ERR_PATTERN % {"error": error}) from error
    NumberCounter.objects.get_or_create(scope=scope[:200])
    counter = NumberCounter.objects.select_for_update().get(scope=scope[:200])
    counter.last += 1
    counter.save(update_fields=["last"])
    return numbers.render(pattern, values, counter.last)


def _check_outcome(outcome: str, predicate: str | None) -> None:
    if outcome == "ditunda":
        raise ValidationError(ERR_DEFERRED)
    if outcome not in CertificateOutcome.values:
        raise ValidationError(ERR_OUTCOME)
    if predicate and outcome != CertificateOutcome.PASSED:
        raise ValidationError(ERR_PREDICATE)


def _payload(cert: Certificate) -> dict[str, Any]:
    return {
        "n": cert.number,
        "k": cert.kind,
        "nm": cert.name,
        "b": cert.batch_code,
        "s": cert.start_date.isoformat(),
        "e": cert.end_date.isoformat(),
        "o": cert.outcome,
        "p": cert.predicate or None,
        "d": timezone.localdate(cert.issued_at).isoformat(),
    }


def _new_certificate(
    *,
    enrolment: Any,
    outcome: str,
    predicate: str | None,
    final_score: Decimal | None,
    by: Any,
    now: datetime,
) -> Certificate:
    from revmen.training.selectors import planned_jp

    batch, person = enrolment.batch, enrolment.person
    programme = batch.programme
    profile = profile_for(programme)
    kind = Kind.STTPP if outcome == CertificateOutcome.PASSED else Kind.ATTENDANCE
    local: date = timezone.localdate(now)
    number = next_number(
        pattern=profile["pattern"],
        values={
            "institute": programme.institute.code,
            "programme": programme.code,
            "batch": batch.code,
            "year": local.year,
            "month": local.month,
            "kind": kind,
        },
    )
    cert = Certificate(
        enrolment=enrolment,
        batch=batch,
        number=number,
        kind=kind,
        outcome=outcome,
        predicate=predicate or "",
        final_score=final_score,
        name=person.name,
        nip=person.nip or None,
        birth_place=person.birth_place,
        birth_date=person.birth_date,
        pangkat_golongan=person.pangkat_golongan,
        jabatan=person.jabatan,
        instansi=person.agency.name if person.agency_id else "",
        institute_name=programme.institute.name,
        programme_name=programme.name,
        batch_code=batch.code,
        batch_name=batch.name,
        start_date=batch.start_date,
        end_date=batch.end_date,
        jp=planned_jp(batch),
        signatory_name=profile["signatory_name"],
        signatory_title=profile["signatory_title"],
        signatory_nip=profile["signatory_nip"],
        place=profile["place"],
        issued_at=now,
        issued_by=by if by is not None and by.pk else None,
    )
    cert.token = signing.sign(_payload(cert))
    cert.kid = signing.key_id(signing.signing_key().public_key())
    cert.full_clean(exclude=["enrolment", "batch", "issued_by", "superseded_by"])
    cert.save()
    return cert


def _locked_enrolment(enrolment: Any) -> Any:
    from revmen.training.models import BatchRole, Enrolment

    locked = (
        Enrolment.objects.select_for_update()
        .select_related("batch__programme__institute", "person__agency")
        .get(pk=enrolment.pk)
    )
    if locked.role != BatchRole.PARTICIPANT:
        raise ValidationError(ERR_NOT_PARTICIPANT)
    return locked


def certificate_issue(
    *,
    enrolment: Any,
    outcome: str,
    predicate: str | None,
    final_score: Decimal | None,
    issued_by: Any,
) -> Certificate:
    """The enrolment's certificate: STTPP for ``lulus``, attendance for ``tidak_lulus``.

    Idempotent: when the enrolment already has a valid certificate saying the same, that one
    is returned (a double click, a re-run); one saying otherwise is refused (ERR_OTHER_OUTCOME:
    use ``certificate_supersede``). ``ditunda`` is refused (ERR_DEFERRED)."""
    _check_outcome(outcome, predicate)
    with transaction.atomic():
        locked = _locked_enrolment(enrolment)
        current = Certificate.objects.filter(enrolment=locked, status=Status.VALID).first()
        if current is not None:
            same = (current.outcome, current.predicate, current.final_score) == (
                outcome,
                predicate or "",
                final_score
                if final_score is None
                else Decimal(final_score).quantize(Decimal("0.01")),
            )
            if not same:
                raise ValidationError(ERR_OTHER_OUTCOME)
            return current
        cert = _new_certificate(
            enrolment=locked,
            outcome=outcome,
            predicate=predicate,
            final_score=final_score,
            by=issued_by,
            now=timezone.now(),
        )
        audit(issued_by, "certificates.certificate.issue", cert, after=_audit_view(cert))
    return cert


def _audit_view(cert: Certificate) -> dict[str, Any]:
    return {
        "number": cert.number,
        "status": cert.status,
        "outcome": cert.outcome,
        "predicate": cert.predicate,
        "final_score": str(cert.final_score) if cert.final_score is not None else None,
        "superseded_by": cert.superseded_by_id,
    }


def _locked_valid(certificate: Certificate, reason: str) -> Certificate:
    if not (reason or "").strip():
        raise ValidationError(ERR_REASON)
    locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if locked.status != Status.VALID:
        raise ValidationError(ERR_NOT_VALID)
    return locked


def certificate_supersede(
    *,
    certificate: Certificate,
    outcome: str,
    predicate: str | None,
    final_score: Decimal | None,
    reason: str,
    by: Any,
) -> Certificate:
    """A corrected certificate with a new number; the old one becomes ``superseded`` and points
    to it. The audit entry on the old certificate holds before, after and the reason."""
    _check_outcome(outcome, predicate)
    with transaction.atomic():
        enrolment = _locked_enrolment(certificate.enrolment)
        old = _locked_valid(certificate, reason)
        before = _audit_view(old)
        now = timezone.now()
        # first out of the way of "one valid certificate per enrolment"
        old.status, old.status_changed_at, old.status_reason = Status.SUPERSEDED, now, reason
        old.save(update_fields=["status", "status_changed_at", "status_reason"])
        new = _new_certificate(
            enrolment=enrolment,
            outcome=outcome,
            predicate=predicate,
            final_score=final_score,
            by=by,
            now=now,
        )
        old.superseded_by = new
        old.save(update_fields=["superseded_by"])
        audit(
            by,
            "certificates.certificate.supersede",
            old,
            before=before,
            after=_audit_view(old),
            note=reason,
        )
        audit(by, "certificates.certificate.issue", new, after=_audit_view(new), note=reason)
    return new


def certificate_revoke(*, certificate: Certificate, reason: str, by: Any) -> Certificate:
    """Revoke a valid certificate: the verification page says so from now on."""
    with transaction.atomic():
        cert = _locked_valid(certificate, reason)
        before = _audit_view(cert)
        cert.status, cert.status_changed_at, cert.status_reason = (
            Status.REVOKED,
            timezone.now(),
            reason,
        )
        cert.save(update_fields=["status", "status_changed_at", "status_reason"])
        audit(
            by,
            "certificates.certificate.revoke",
            cert,
            before=before,
            after=_audit_view(cert),
            note=reason,
        )
    return cert


def is_pdf(content: bytes) -> bool:
    """A PDF by its bytes: the header at the start and an end-of-file marker near the end."""
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]


def certificate_upload_external(
    *, certificate: Certificate, content: bytes, by: Any
) -> Certificate:
    """Replace the certificate's file with an externally signed PDF (e.g. from the national
    e-signature service); the number, the QR code's payload and the listing stay the same."""
    if len(content) > settings.CERTIFICATE_UPLOAD_MAX_MB * 1024 * 1024:
        raise ValidationError(ERR_TOO_LARGE % {"max": settings.CERTIFICATE_UPLOAD_MAX_MB})
    if not is_pdf(content):
        raise ValidationError(ERR_NOT_PDF)
    with transaction.atomic():
        cert = Certificate.objects.select_for_update().get(pk=certificate.pk)
        was_external = cert.external
        cert.pdf, cert.external, cert.external_uploaded_at = content, True, timezone.now()
        cert.save(update_fields=["pdf", "external", "external_uploaded_at"])
        audit(
            by,
            "certificates.certificate.upload",
            cert,
            before={"external": was_external},
            after={"external": True, "bytes": len(content)},
        )
    return cert


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate's file: the uploaded or stored one, else rendered now and stored."""
    if certificate.pdf:
        return bytes(certificate.pdf)
    from .pdf import render_certificates

    content = render_certificates([certificate])[0]
    Certificate.objects.filter(pk=certificate.pk, external=False).update(pdf=content)
    certificate.pdf = content
    return content
