"""Certificates (STTPP, *Surat Tanda Tamat Pendidikan dan Pelatihan*) and attendance
certificates, with what they said when they were issued.

A certificate is a snapshot: the participant's identity, the programme, the dates and the
outcome as they were at issue. Later edits of the person or the batch never change an issued
certificate; a correction issues a new one (new number) that supersedes the old.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency
from revmen.training.models import Batch, Enrolment, Programme

from .numbers import PatternError, check_pattern


def validate_pattern(value: str) -> None:
    try:
        check_pattern(value)
    except PatternError as error:
        raise ValidationError(str(error)) from error


class Kind(models.TextChoices):
    STTPP = "sttpp", _("Certificate of completion (STTPP)")
    ATTENDANCE = "attendance", _("Certificate of attendance")


class Status(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class CertificateOutcome(models.TextChoices):
    # A certificate states one of these; "ditunda" never gets a certificate.
    PASSED = "lulus", _("Passed (Lulus)")
    FAILED = "tidak_lulus", _("Not passed (Tidak Lulus)")


class IssuerProfile(models.Model):
    """How an institute (or one of its programmes) numbers and signs its certificates.

    The profile of the programme wins over the institute's; without either, the settings
    ``CERTIFICATE_NUMBER_PATTERN`` and an empty signatory apply (docs/certificates.md)."""

    institute = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=120,
        blank=True,
        help_text=_("e.g. {institute}/{programme}/{year}/{seq:04d}; empty: the site default"),
        validators=[validate_pattern],
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=18, blank=True)
    place = models.CharField(_("place of signing"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("certificate issuer profile")
        verbose_name_plural = _("certificate issuer profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "programme"], name="issuer_profile_unique_programme"
            ),
            models.UniqueConstraint(
                fields=["institute"],
                condition=models.Q(programme__isnull=True),
                name="issuer_profile_unique_institute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institute} · {self.programme or '*'}"


class NumberCounter(models.Model):
    """The last sequence number used for one rendered prefix of a pattern (the ``scope``).

    Issuing locks this row (``select_for_update``) and increments it inside the transaction
    that stores the certificate, so numbers have no gaps and never repeat."""

    scope = models.CharField(max_length=200, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"


class Certificate(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("number"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=CertificateOutcome.choices)
    predicate = models.CharField(_("predicate"), max_length=100, blank=True)
    final_score = models.DecimalField(
        _("final score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The participant as they were at issue.
    name = models.CharField(_("full name"), max_length=200)
    nip = models.CharField("NIP", max_length=18, null=True, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    pangkat_golongan = models.CharField(_("rank / grade"), max_length=60, blank=True)
    jabatan = models.CharField(_("position"), max_length=200, blank=True)
    instansi = models.CharField(_("agency"), max_length=200, blank=True)
    # The programme and batch as they were at issue.
    institute_name = models.CharField(_("institute"), max_length=200)
    programme_name = models.CharField(_("programme"), max_length=300)
    batch_code = models.CharField(_("batch code"), max_length=40)
    batch_name = models.CharField(_("batch"), max_length=200)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    jp = models.PositiveIntegerField("JP", default=0)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=18, blank=True)
    place = models.CharField(_("place of signing"), max_length=100, blank=True)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The signed payload the QR code carries (``<payload>.<signature>``, base64url) and the id
    # of the key that signed it (signing.py).
    token = models.TextField(editable=False)
    kid = models.CharField(max_length=16, editable=False)
    # The PDF: rendered on first need from the snapshot above, or an externally signed copy
    # an organiser uploaded (then ``external`` is set).
    pdf = models.BinaryField(blank=True, default=b"", editable=False)
    external = models.BooleanField(_("externally signed"), default=False)
    external_uploaded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=models.Q(status="valid"),
                name="certificate_one_valid_per_enrolment",
            ),
        ]

    def __str__(self) -> str:
        return self.number
