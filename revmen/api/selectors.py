"""What a token may see: the apps' own access rules for its scoped viewer (``tokens``),
narrowed to the token's one agency or institute, so the API never shows more than the pages."""

from __future__ import annotations

from datetime import datetime

from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, Greatest

from revmen.accounts import access
from revmen.accounts.models import Agency, Person, Unit
from revmen.core.models import AuditEntry
from revmen.culture import access as culture_access
from revmen.culture.models import Wave
from revmen.instruments.models import Administration
from revmen.training import access as training_access
from revmen.training.models import Batch, Enrolment, Programme

from .tokens import is_agency_admin_token, is_organiser_token, token_agency_id

PERSON_CHANGES = ("accounts.person.update",)


def agencies_for(viewer: Person) -> QuerySet[Agency]:
    return access.agencies_visible_to(viewer).filter(pk=token_agency_id(viewer))


def units_for(viewer: Person, agency: Agency) -> QuerySet[Unit]:
    return access.units_visible_to(viewer, agency).order_by("path")


def _last_change() -> Subquery:
    return Subquery(
        AuditEntry.objects.filter(
            object_type="accounts.person",
            object_id=Cast(OuterRef("pk"), CharField()),
            action__in=PERSON_CHANGES,
        )
        .order_by("-at")
        .values("at")[:1]
    )


def people_for(viewer: Person, *, updated_since: datetime | None = None) -> QuerySet[Person]:
    """The people the pages show this viewer, in the token's agency or enrolled in its
    institute's batches, each with ``updated_at``: joined, or last changed (audit trail)."""
    org = token_agency_id(viewer)
    condition = Q(pk__in=[])
    if is_agency_admin_token(viewer):
        condition |= Q(agency_id=org)
    if is_organiser_token(viewer):
        enrolled = Enrolment.objects.filter(batch__programme__institute_id=org)
        condition |= Q(pk__in=enrolled.values("person_id"))
    visible = access.people_visible_to(viewer).values("pk")
    people = (
        Person.objects.filter(condition, pk__in=visible)
        .select_related("agency", "unit")
        .annotate(updated_at=Greatest("date_joined", Coalesce(_last_change(), "date_joined")))
        .order_by("pk")
    )
    if updated_since is not None:
        people = people.filter(updated_at__gte=updated_since)
    return people


def programmes_for(viewer: Person) -> QuerySet[Programme]:
    if not is_organiser_token(viewer):
        return Programme.objects.none()
    return (
        Programme.objects.filter(institute_id=token_agency_id(viewer))
        .select_related("institute")
        .order_by("code")
    )


def batches_for(viewer: Person) -> QuerySet[Batch]:
    return (
        Batch.objects.filter(
            pk__in=training_access.batches_visible_to(viewer).values("pk"),
            programme__institute_id=token_agency_id(viewer),
        )
        .select_related("programme")
        .order_by("start_date", "code")
    )


def administrations_for(viewer: Person) -> QuerySet[Administration]:
    return Administration.objects.filter(batch__in=batches_for(viewer)).order_by("opens_at", "pk")


def waves_for(viewer: Person) -> QuerySet[Wave]:
    return (
        culture_access.waves_visible_to(viewer)
        .filter(agency_id=token_agency_id(viewer))
        .select_related("agency", "administration")
        .order_by("-created_at", "-pk")
    )
