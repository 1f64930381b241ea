"""Reading certificates: a batch's in issue order, the rows of ``certificates list --json``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from . import signing
from .models import Certificate, Status


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


def current_certificate(person: Any, batch: Any) -> Certificate | None:
    """The person's valid certificate of ``batch``, if any."""
    return (
        Certificate.objects.filter(enrolment__person=person, batch=batch, status=Status.VALID)
        .defer("pdf")
        .first()
    )


def certificate_url(person: Any, batch: Any) -> str:
    """Where the person downloads their own certificate of ``batch`` ("" without one); asked
    by ``followup`` for the alumni's home page."""
    cert = current_certificate(person, batch)
    return reverse("certificate_own_pdf", args=[cert.pk]) if cert is not None else ""
