"""Reading certificates: a batch's in issue order, the rows of ``certificates list --json``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from . import signing
from .models import Certificate


def batch_certificates(batch: Any) -> QuerySet[Certificate]:
    """Every certificate ever issued for ``batch``, in issue order (without the PDFs)."""
    return Certificate.objects.filter(batch=batch).defer("pdf").order_by("issued_at", "pk")


def certificate_row(cert: Certificate) -> dict[str, Any]:
    """One entry of ``certificates list --json``, the fields in the documented order."""
    return {
        "number": cert.number,
        "kind": cert.kind,
        "status": cert.status,
        "nip": cert.nip or None,
        "name": cert.name,
        "outcome": cert.outcome,
        "predicate": cert.predicate or None,
        "verify_url": signing.verify_url(cert.token),
    }


def certificate_rows(batch: Any) -> list[dict[str, Any]]:
    return [certificate_row(cert) for cert in batch_certificates(batch)]


def find_by_number(certificates: QuerySet[Certificate], number: str) -> Certificate | None:
    return certificates.filter(number__iexact=number.strip()).first()
