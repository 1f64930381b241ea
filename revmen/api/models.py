"""API tokens: a bearer secret standing for one person in one agency or institute."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """Only the SHA-256 of the secret is stored; the secret is shown once, when made.

    The token sees what its ``person`` may see as agency admin or organiser of ``agency``
    (``api.auth``), nothing of their other roles."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("agency")
    )
    label = models.CharField(_("label"), max_length=100, blank=True)
    scope = models.CharField(
        _("scope"), max_length=8, choices=TokenScope.choices, default=TokenScope.READ
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.label}".strip()

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
