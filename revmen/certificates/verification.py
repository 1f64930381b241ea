"""Is a certificate genuine? The rules of the verification page and of ``certificates verify``.

1. The token (from the URL ``SITE_URL/verify/<token>/``) must be our encoding, canonical to the
   byte, signed by a known key (``signing.check``); otherwise **forged**.
2. Offline that is all: **genuine** (revocation and corrections were not checked).
3. Online the number must name a certificate whose stored token is exactly this one (the
   server signed this very certificate), otherwise **forged**; then its status decides:
   valid -> **genuine**, revoked -> **revoked**, superseded -> **superseded** (with the
   current certificate at the end of the chain of corrections).
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from . import signing
from .models import Certificate, Status

GENUINE, REVOKED, SUPERSEDED, FORGED = "genuine", "revoked", "superseded", "forged"
EXIT_CODES = {GENUINE: 0, FORGED: 1, REVOKED: 3, SUPERSEDED: 4}


@dataclass(frozen=True)
class Verdict:
    word: str
    reason: str = ""
    payload: signing.Payload | None = None
    certificate: Certificate | None = None
    current: Certificate | None = None


def check_offline(token: str, keys: dict[str, Ed25519PublicKey] | None = None) -> Verdict:
    """The signature alone, against ``keys`` (default: the configured ones); no database."""
    try:
        payload = signing.check(token, keys if keys is not None else signing.known_keys())
    except signing.Forged as error:
        return Verdict(FORGED, str(error))
    return Verdict(GENUINE, payload=payload)


def current_of(certificate: Certificate) -> Certificate:
    """The end of the chain of corrections from ``certificate``."""
    seen = {certificate.pk}
    while certificate.superseded_by_id is not None and certificate.superseded_by_id not in seen:
        seen.add(certificate.superseded_by_id)
        certificate = Certificate.objects.get(pk=certificate.superseded_by_id)
    return certificate


def verify(token: str) -> Verdict:
    offline = check_offline(token)
    if offline.payload is None:
        return offline
    cert = (
        Certificate.objects.filter(number=offline.payload.number)
        .only(
            "pk",
            "number",
            "token",
            "status",
            "superseded_by_id",
            "name",
            "programme_name",
            "batch_name",
            "start_date",
            "end_date",
            "outcome",
            "predicate",
            "kind",
            "institute_name",
            "issued_at",
            "status_changed_at",
        )
        .first()
    )
    if cert is None or cert.token != token:
        return Verdict(FORGED, "no such certificate", payload=offline.payload)
    if cert.status == Status.REVOKED:
        return Verdict(REVOKED, payload=offline.payload, certificate=cert)
    if cert.status == Status.SUPERSEDED:
        return Verdict(
            SUPERSEDED, payload=offline.payload, certificate=cert, current=current_of(cert)
        )
    return Verdict(GENUINE, payload=offline.payload, certificate=cert)
