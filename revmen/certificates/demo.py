"""The certificates part of the demo: certificates for the graded participants, so the
verification page can be tried from a printed (or on-screen) QR code.

With the grading part before it, ``context.made["grades"]`` holds the grades (anything with
``enrolment``, ``outcome``, ``predicate`` and ``final_score``): every *Lulus* gets an STTPP,
every *Tidak Lulus* an attendance certificate, a *Ditunda* nothing. Without it, the closed
batch of the training part gets illustrative outcomes (by position, no randomness): the last
participant *Tidak Lulus*, the one before *Ditunda* (no certificate), the others *Lulus* with a
predicate from the programme's bands; one certificate is then corrected and one revoked, so
every answer of the verification page has an example.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from revmen.core.parts import DemoContext, demo_part

from .models import Certificate, IssuerProfile
from .services import certificate_issue, certificate_revoke, certificate_supersede

SIGNATORY = ("Dr. H. Rahmat Hidayat, M.Si.", "Kepala BPSDM", "196805121994031007", "Palangka Raya")


def _profile(institute: Any) -> None:
    name, title, nip, place = SIGNATORY
    IssuerProfile.objects.get_or_create(
        institute=institute,
        programme=None,
        defaults={
            "signatory_name": name,
            "signatory_title": title,
            "signatory_nip": nip,
            "place": place,
        },
    )


def _predicate(programme: Any, score: Decimal) -> str:
    for band in programme.bands.order_by("-above"):
        if score > band.above:
            return str(band.name)
    return ""


def _closed_batch_grades(context: DemoContext) -> list[tuple[Any, str, str | None, Decimal]]:
    from revmen.training.models import BatchRole

    closed = [
        b for b in context.made.get("batches", []) if b.closed_at or b.end_date < context.today
    ]
    if not closed:
        return []
    batch = closed[0]
    if Certificate.objects.filter(batch=batch).exists():
        return []  # certified already (by grading's part): nothing to add
    enrolments = list(
        batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True)
        .select_related("batch__programme")
        .order_by("pk")
    )
    grades: list[tuple[Any, str, str | None, Decimal]] = []
    for index, enrolment in enumerate(enrolments):
        if index == len(enrolments) - 2:
            continue  # Ditunda: no certificate until the deferral is completed
        score = Decimal(70 + (index * 7) % 28) + Decimal("0.25")
        if index == len(enrolments) - 1:
            grades.append((enrolment, "tidak_lulus", None, Decimal("52.50")))
        else:
            grades.append((enrolment, "lulus", _predicate(batch.programme, score), score))
    return grades


def demo_issue(context: DemoContext) -> list[Any]:
    """Issue the certificates of whatever graded enrolments the demo has; returns them."""
    grades = [
        (g.enrolment, g.outcome, g.predicate or None, g.final_score)
        for g in context.made.get("grades", [])
        if g.outcome in ("lulus", "tidak_lulus")
    ] or _closed_batch_grades(context)
    if "institute" in context.made:
        _profile(context.made["institute"])
    certificates = [
        certificate_issue(
            enrolment=enrolment,
            outcome=outcome,
            predicate=predicate if outcome == "lulus" else None,
            final_score=score,
            issued_by=None,
        )
        for enrolment, outcome, predicate, score in grades
    ]
    if len(certificates) >= 3 and not context.made.get("grades"):
        certificate_supersede(
            certificate=certificates[0],
            outcome=certificates[0].outcome,
            predicate=certificates[0].predicate or None,
            final_score=certificates[0].final_score,
            reason="Koreksi ejaan nama (contoh)",
            by=None,
        )
        certificate_revoke(
            certificate=certificates[1], reason="Dicabut karena data ganda (contoh)", by=None
        )
    context.made["certificates"] = certificates
    return certificates


@demo_part(75, "certificates-issuer")
def load_issuer_demo(context: DemoContext) -> None:
    """The institute's signatory, before grading closes the batch and issues (a certificate is
    a snapshot: one issued before the profile exists would stay unsigned)."""
    if "institute" in context.made:
        _profile(context.made["institute"])


@demo_part(85, "certificates")
def load_certificates_demo(context: DemoContext) -> None:
    demo_issue(context)
