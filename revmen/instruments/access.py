"""Who may see which instruments, on top of ``accounts.access``. Outsiders get 404.

An instrument is shared (built-in, or published without an owner by a platform admin) or
private to the institute that owns it:

- platform admin: every instrument;
- organiser of an institute: the shared ones and their institute's own;
- a batch may use the shared ones and its institute's own, whoever fills in the form, so a
  private instrument never reaches another institute's batch (and its staff) that way either.

Every page, export and form that lists or looks up instruments goes through here.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind
from revmen.training.models import Batch

from .models import Instrument


def _shared() -> Q:
    return Q(is_builtin=True) | Q(owner__isnull=True)


def is_author(person: Person) -> bool:
    """Platform admins and organisers author instruments (the library pages)."""
    return access.is_platform_admin(person) or bool(access.roles_of(person, RoleKind.ORGANISER))


def instruments_visible_to(person: Person) -> QuerySet[Instrument]:
    if access.is_platform_admin(person):
        return Instrument.objects.all()
    return Instrument.objects.filter(_shared() | Q(owner_id__in=access.institute_ids(person)))


def instruments_usable_in(batch: Batch, viewer: Person | None = None) -> QuerySet[Instrument]:
    """The instruments a questionnaire of this batch may use (and, given, the viewer may see)."""
    usable = Instrument.objects.filter(_shared() | Q(owner_id=batch.programme.institute_id))
    if viewer is not None:
        usable = usable.filter(pk__in=instruments_visible_to(viewer).values("pk"))
    return usable


def get_instrument_for_user(request: HttpRequest, code: str) -> Instrument:
    """The library's instrument by code for an author who may see it, or 404."""
    person = access.person_of(request)
    if not is_author(person):
        raise Http404
    instrument = instruments_visible_to(person).filter(code=code.strip().upper()).first()
    if instrument is None:
        raise Http404
    return instrument
