from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Certificate, IssuerProfile


@admin.register(IssuerProfile)
class IssuerProfileAdmin(admin.ModelAdmin[IssuerProfile]):
    list_display = ["institute", "programme", "number_pattern", "signatory_name", "place"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin[Certificate]):
    """Read-only: certificates change only through the services (issue, supersede, revoke)."""

    list_display = ["number", "name", "kind", "outcome", "status", "issued_at"]
    list_filter = ["status", "kind"]
    search_fields = ["number", "name", "nip"]
    exclude = ["pdf"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
