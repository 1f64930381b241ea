"""A person's own data: the export (right of access) and correction requests (right to
correct), UU 27/2022. Both are in the audit trail (``accounts.data.export``,
``accounts.correction.request`` / ``.done`` / ``.rejected``)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.core.audit import audit
from revmen.core.exports import Export
from revmen.core.notices import notify

from . import access
from .models import CorrectionRequest, CorrectionStatus, Person, RoleKind
from .owndata import own_data_export


@transaction.atomic
def own_data_download(*, person: Person) -> Export:
    export = own_data_export(person)
    audit(person, "accounts.data.export", person)
    return export


@transaction.atomic
def correction_request_create(
    *, person: Person, field: str, correct_value: str, note: str = ""
) -> CorrectionRequest:
    request = CorrectionRequest(
        person=person, field=field, correct_value=correct_value.strip(), note=note.strip()
    )
    request.full_clean()
    request.save()
    audit(person, "accounts.correction.request", request, after={"field": field})
    for handler in _handlers(person):
        notify(
            handler,
            _("A correction request from %(name)s") % {"name": person.name},
            _("%(name)s asks to correct their record (%(field)s).")
            % {"name": person.name, "field": request.get_field_display()},
            link=reverse("correction_list"),
        )
    return request


def _handlers(person: Person) -> list[Person]:
    """Who answers this person's requests: their agency's admins, else the platform admins."""
    admins = Person.objects.filter(
        roles__kind=RoleKind.AGENCY_ADMIN, roles__agency=person.agency, is_active=True
    )
    if person.agency is None or not admins.exists():
        admins = Person.objects.filter(
            Q(is_superuser=True) | Q(roles__kind=RoleKind.PLATFORM_ADMIN), is_active=True
        )
    return list(admins.exclude(pk=person.pk).distinct())


@transaction.atomic
def correction_request_handle(
    *, request: CorrectionRequest, actor: Person, status: str, reply: str = ""
) -> CorrectionRequest:
    """Mark a request corrected or rejected, with a reply the person reads."""
    if status not in {CorrectionStatus.DONE, CorrectionStatus.REJECTED}:
        raise ValueError(status)
    before = {"status": request.status}
    request.status, request.reply = status, reply.strip()
    request.handled_by, request.handled_at = actor, timezone.now()
    request.full_clean()
    request.save()
    audit(actor, f"accounts.correction.{status}", request, before=before, after={"status": status})
    notify(
        request.person,
        _("Your correction request was answered"),
        _("Your request to correct your record (%(field)s): %(status)s.")
        % {"field": request.get_field_display(), "status": request.get_status_display()},
        link=reverse("correction_request"),
    )
    return request


def corrections_for_handler(person: Person) -> QuerySet[CorrectionRequest]:
    """The requests ``person`` answers: all for a platform admin, their agencies' for an
    agency admin, none otherwise."""
    requests = CorrectionRequest.objects.select_related("person__agency", "handled_by")
    if access.is_platform_admin(person):
        return requests
    agencies = [role.agency_id for role in access.roles_of(person, RoleKind.AGENCY_ADMIN)]
    return requests.filter(Q(person__agency_id__in=agencies))


def may_handle_corrections(person: Person) -> bool:
    return access.is_platform_admin(person) or bool(access.roles_of(person, RoleKind.AGENCY_ADMIN))
