"""Who may see an impact dashboard: the institute's organisers and platform admins. Outsiders,
and batch staff of other institutes, get 404. A dashboard shows only group figures."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Agency, Person
from revmen.training.access import get_batch_for_user
from revmen.training.models import Batch, Programme


def _may_see_institute(request: HttpRequest, institute_id: int) -> bool:
    person = access.person_of(request)
    return access.is_platform_admin(person) or institute_id in access.institute_ids(person)


def institutes_of(request: HttpRequest) -> QuerySet[Agency]:
    person = access.person_of(request)
    if access.is_platform_admin(person):
        return Agency.objects.filter(programmes__isnull=False).distinct().order_by("name")
    return Agency.objects.filter(pk__in=access.institute_ids(person)).order_by("name")


def may_see_any(person: Person) -> bool:
    return access.is_platform_admin(person) or bool(access.institute_ids(person))


def get_batch(request: HttpRequest, code: str) -> Batch:
    return get_batch_for_user(request, code, manage=True)


def get_programme(request: HttpRequest, code: str) -> Programme:
    programme = Programme.objects.select_related("institute").filter(code=code).first()
    if programme is None or not _may_see_institute(request, programme.institute_id):
        raise Http404
    return programme


def get_institute(request: HttpRequest, code: str) -> Agency:
    institute = Agency.objects.filter(code=code).first()
    if institute is None or not _may_see_institute(request, institute.pk):
        raise Http404
    return institute
