"""Who may see and manage certificates: those who manage the batch (``training.access``), that
is the platform admin and the organisers of the batch's institute. Everyone else gets 404.
The verification page is public and shows only what the certificate itself says."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Person

from .models import Certificate


def may_manage_any(person: Person) -> bool:
    return access.is_platform_admin(person) or bool(access.institute_ids(person))


def certificates_managed_by(person: Person) -> QuerySet[Certificate]:
    if access.is_platform_admin(person):
        return Certificate.objects.all()
    return Certificate.objects.filter(
        batch__programme__institute_id__in=access.institute_ids(person)
    )


def get_certificate_for_user(request: HttpRequest, pk: int) -> Certificate:
    cert = (
        certificates_managed_by(access.person_of(request))
        .select_related("batch", "superseded_by")
        .filter(pk=pk)
        .first()
    )
    if cert is None:
        raise Http404
    return cert
