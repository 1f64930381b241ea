"""Who may see and manage the learning app's objects. Outsiders get 404.

Materials (a programme's library): the programme's organisers (and platform admins) and the
facilitators of any of its batches manage them; the members of a batch (its staff and active
participants) see those attached to the batch's sessions.

Journal entries: **read by their writer, the batch's facilitators and the coach of the
writer's group, nobody else**: not the organisers, not agency or platform admins (they see
counts), in no page, export or admin. Prompts are created by the batch's facilitators; only they
answer entries.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Person
from revmen.training.access import can_manage_batch, get_batch_for_user
from revmen.training.models import Batch, BatchRole, Enrolment, Programme, Session

from .models import Entry, Material, Prompt


def _role_batch_ids(person: Person, role: str) -> QuerySet[Enrolment, int]:
    return Enrolment.objects.filter(person=person, role=role, is_active=True).values_list(
        "batch_id", flat=True
    )


def is_facilitator(person: Person, batch: Batch) -> bool:
    return Enrolment.objects.filter(
        batch=batch, person=person, role=BatchRole.FACILITATOR, is_active=True
    ).exists()


def is_participant(person: Person, batch: Batch) -> bool:
    return Enrolment.objects.filter(
        batch=batch, person=person, role=BatchRole.PARTICIPANT, is_active=True
    ).exists()


# Materials -----------------------------------------------------------------------------------


def can_manage_materials(person: Person, programme: Programme) -> bool:
    return (
        access.is_platform_admin(person)
        or programme.institute_id in access.institute_ids(person)
        or Enrolment.objects.filter(
            batch__programme=programme,
            person=person,
            role=BatchRole.FACILITATOR,
            is_active=True,
        ).exists()
    )


def get_programme_for_materials(request: HttpRequest, code: str) -> Programme:
    person = access.person_of(request)
    programme = Programme.objects.select_related("institute").filter(code=code).first()
    if programme is None or not can_manage_materials(person, programme):
        raise Http404
    return programme


def get_material_for_manager(request: HttpRequest, pk: int) -> Material:
    person = access.person_of(request)
    material = Material.objects.select_related("programme").filter(pk=pk).first()
    if material is None or not can_manage_materials(person, material.programme):
        raise Http404
    return material


def member_batch_ids(person: Person) -> QuerySet[Enrolment, int]:
    """Batches this person belongs to: staff of any role but mentor, or active participant."""
    return (
        Enrolment.objects.filter(person=person, is_active=True)
        .exclude(role=BatchRole.MENTOR)
        .values_list("batch_id", flat=True)
    )


def get_batch_for_member(request: HttpRequest, code: str) -> Batch:
    """The batch for its organisers, staff and active participants (not its mentors)."""
    person = access.person_of(request)
    batch = Batch.objects.select_related("programme__institute").filter(code=code).first()
    if batch is None:
        raise Http404
    if can_manage_batch(person, batch) or batch.pk in set(member_batch_ids(person)):
        return batch
    raise Http404


def get_material_for_reader(request: HttpRequest, pk: int) -> Material:
    """A material for those who manage it and for the members of a batch whose session it is
    attached to."""
    person = access.person_of(request)
    material = Material.objects.select_related("programme").filter(pk=pk).first()
    if material is None:
        raise Http404
    if can_manage_materials(person, material.programme):
        return material
    if material.sessions.filter(batch_id__in=member_batch_ids(person)).exists():
        return material
    raise Http404


# Prompts and entries -------------------------------------------------------------------------


def get_session_for_facilitator(request: HttpRequest, code: str, pk: int) -> Session:
    batch = get_batch_for_user(request, code)
    if not is_facilitator(access.person_of(request), batch):
        raise Http404
    session = Session.objects.select_related("batch__programme").filter(batch=batch, pk=pk).first()
    if session is None:
        raise Http404
    return session


def get_batch_for_facilitator(request: HttpRequest, code: str) -> Batch:
    batch = get_batch_for_user(request, code)
    if not is_facilitator(access.person_of(request), batch):
        raise Http404
    return batch


def get_prompt_for_writer(request: HttpRequest, pk: int) -> Prompt:
    """A prompt for the active participants of its batch (alumni too: the batch may be closed)."""
    person = access.person_of(request)
    prompt = (
        Prompt.objects.select_related("session__batch").filter(
            pk=pk, session__batch_id__in=_role_batch_ids(person, BatchRole.PARTICIPANT)
        )
    ).first()
    if prompt is None:
        raise Http404
    return prompt


def readable_entries_condition(person: Person) -> Q:
    """``Q`` on ``Entry``: the entries this person may read (the readership rule)."""
    return (
        Q(person=person)
        | Q(prompt__session__batch_id__in=_role_batch_ids(person, BatchRole.FACILITATOR))
        # The coach of the writer's group in the entry's own batch.
        | Q(
            person__enrolments__role=BatchRole.PARTICIPANT,
            person__enrolments__group__coach=person,
            person__enrolments__batch=F("prompt__session__batch"),
        )
    )


def entries_readable_by(person: Person) -> QuerySet[Entry]:
    return Entry.objects.filter(readable_entries_condition(person)).distinct()


def can_read_entry(person: Person, entry: Entry) -> bool:
    return entries_readable_by(person).filter(pk=entry.pk).exists()


def get_entry_for_reader(request: HttpRequest, pk: int) -> Entry:
    person = access.person_of(request)
    entry = (
        entries_readable_by(person)
        .select_related("prompt__session__batch__programme", "person")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def may_answer(person: Person, entry: Entry) -> bool:
    """Only the batch's facilitators answer entries."""
    return is_facilitator(person, entry.prompt.session.batch)


def may_read_batch_mood(person: Person, batch: Batch) -> bool:
    """The batch view's mood, themes and mood reasons: for the batch's facilitators (who read
    every entry of the batch). Organisers get counts, attendance and missing entries."""
    return is_facilitator(person, batch)


def get_batch_for_overview(request: HttpRequest, code: str) -> tuple[Batch, bool]:
    """The batch view: (batch, with_mood) for its facilitators (with mood) and its organisers
    (without); anyone else 404."""
    person = access.person_of(request)
    batch = get_batch_for_user(request, code)
    if is_facilitator(person, batch):
        return batch, True
    if can_manage_batch(person, batch):
        return batch, False
    raise Http404
