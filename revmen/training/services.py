"""Writes for training: validate, save in a transaction, return the object."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.invitations import invitation_send
from revmen.accounts.models import Agency, Person, Role, RoleKind
from revmen.accounts.services import person_create
from revmen.core.spreadsheets import Row

from .imports import EnrolmentImportResult, enrol_planned, plan_enrolment_import
from .models import (
    Agenda,
    Batch,
    BatchRole,
    Enrolment,
    EvaluationComponent,
    FacilitatorAssignment,
    Group,
    Mode,
    Phase,
    PredicateBand,
    Programme,
    Subject,
)


@transaction.atomic
def participant_enrol(
    *, batch: Batch, today: Any = None, viewer: Person | None = None, **columns: str
) -> EnrolmentImportResult:
    """Enrol one participant given in the enrolment sheet's columns, by the import's rules
    (a matched person's stored record is quoted only to a ``viewer`` who may see them).

    Raises ValidationError keyed by column when the row is bad.
    """
    result = EnrolmentImportResult(rows=1)
    row = Row(number=1, cells=dict(columns))
    planned = plan_enrolment_import(batch, [row], result, today=today, viewer=viewer)
    if result.errors:
        errors: dict[str, list[str]] = {}
        for error in result.errors:
            errors.setdefault(error.column, []).append(error.reason)
        raise ValidationError(errors)
    plan = planned[0]
    result.created = int(plan.person is None)
    result.matched = int(plan.person is not None and not plan.already)
    result.already = int(plan.already)
    enrol_planned(batch=batch, planned=planned)
    result.written = True
    return result


# Programmes, curriculum and the evaluation scheme ---------------------------------------------

ERR_PROGRAMME_CODE_TAKEN = gettext_noop("A programme with code {code} already exists.")
ERR_NOT_INSTITUTE = gettext_noop("Only a training institute can run programmes.")
ERR_WEIGHTS_SUM = gettext_noop(
    "The weights of the components must add up to 100 (they add up to {total})."
)
ERR_COMPONENT_NAME = gettext_noop("Every component needs a name.")
ERR_BAND_DUPLICATE = gettext_noop("Two predicates start above the same score {score}.")
ERR_SCORE_RANGE = gettext_noop("Scores and percentages lie between 0 and 100.")
ERR_BATCH_CODE_TAKEN = gettext_noop("A batch with code {code} already exists.")
# Codes are parts of URLs (/programmes/<code>/, /batches/<code>/): a "/" or "?" would break them.
ERR_CODE = gettext_noop("A code is 1-40 characters: letters, digits, '.', '_' or '-'.")
CODE_RE = re.compile(r"[A-Z0-9._-]{1,40}")

ERR_BATCH_DATES = gettext_noop("The batch cannot end before it starts.")
ERR_NOT_ORGANISER = gettext_noop("{name} is not an organiser of {institute}.")
ERR_STAFF_ROLE = gettext_noop("Staff roles are facilitator, coach and examiner.")
ERR_NOT_PARTICIPANT = gettext_noop("Only participants have a mentor.")
ERR_MENTOR_IS_SELF = gettext_noop("A participant cannot be their own mentor.")
ERR_MENTOR_NEEDS_EMAIL = gettext_noop("Choose a person or give the mentor's name and e-mail.")
ERR_SUBJECT_OTHER_PROGRAMME = gettext_noop("This mata pelatihan belongs to another programme.")
ERR_GROUP_OTHER_BATCH = gettext_noop("This group belongs to another batch.")
ERR_GROUP_NOT_PARTICIPANT = gettext_noop("Only participants are members of a group.")


def validate_code(code: str) -> str:
    """A programme's or batch's code, upper case, or ``ValidationError`` on ``code``."""
    code = code.strip().upper()
    if not CODE_RE.fullmatch(code):
        raise ValidationError({"code": _(ERR_CODE)})
    return code


WARN_CAPACITY = gettext_noop("{n} participants are enrolled, more than the capacity of {capacity}.")

DEFAULT_BANDS = [
    ("Sangat Memuaskan", Decimal(90)),
    ("Memuaskan", Decimal(80)),
    ("Cukup Memuaskan", Decimal(70)),
    ("Kurang Memuaskan", Decimal(60)),
]


@transaction.atomic
def programme_create(
    *, institute: Agency, code: str, name: str, description: str = ""
) -> Programme:
    """A programme starts with the common LAN predicate bands; the rest of the scheme is data."""
    code = validate_code(code)
    if not institute.is_institute:
        raise ValidationError({"institute": _(ERR_NOT_INSTITUTE)})
    if Programme.objects.filter(code=code).exists():
        raise ValidationError({"code": _(ERR_PROGRAMME_CODE_TAKEN).format(code=code)})
    programme = Programme(
        institute=institute, code=code, name=" ".join(name.split()), description=description
    )
    programme.full_clean()
    programme.save()
    PredicateBand.objects.bulk_create(
        [PredicateBand(programme=programme, name=n, above=a) for n, a in DEFAULT_BANDS]
    )
    return programme


@transaction.atomic
def agenda_create(*, programme: Programme, name: str) -> Agenda:
    agenda = Agenda(programme=programme, name=" ".join(name.split()))
    agenda.position = programme.agendas.count() + 1
    agenda.full_clean()
    agenda.save()
    return agenda


@transaction.atomic
def subject_create(*, agenda: Agenda, name: str, jp: int) -> Subject:
    subject = Subject(agenda=agenda, name=" ".join(name.split()), jp=jp)
    subject.position = agenda.subjects.count() + 1
    subject.full_clean()
    subject.save()
    return subject


@transaction.atomic
def phase_create(
    *, programme: Programme, kind: str, mode: str = "", weeks: int | None = None
) -> Phase:
    phase = Phase(programme=programme, kind=kind, mode=mode, weeks=weeks)
    phase.position = programme.phases.count() + 1
    phase.full_clean()
    phase.save()
    return phase


@transaction.atomic
def scheme_set(
    *,
    programme: Programme,
    components: list[tuple[str, Decimal]],
    bands: list[tuple[str, Decimal]],
    pass_mark: Decimal,
    min_attendance: Decimal,
) -> Programme:
    """Replace the evaluation scheme: components whose weights add up to 100, bands, thresholds."""
    total = sum((weight for _name, weight in components), Decimal(0))
    if total != 100:
        raise ValidationError({"components": _(ERR_WEIGHTS_SUM).format(total=f"{total:g}")})
    if any(not name.strip() for name, _w in [*components, *bands]):
        raise ValidationError({"components": _(ERR_COMPONENT_NAME)})
    scores = [pass_mark, min_attendance, *(w for _n, w in components), *(a for _n, a in bands)]
    if any(not 0 <= score <= 100 for score in scores):
        raise ValidationError({"components": _(ERR_SCORE_RANGE)})
    thresholds = [above for _name, above in bands]
    for above in thresholds:
        if thresholds.count(above) > 1:
            raise ValidationError({"bands": _(ERR_BAND_DUPLICATE).format(score=f"{above:g}")})
    programme.pass_mark, programme.min_attendance = pass_mark, min_attendance
    programme.full_clean()
    programme.save(update_fields=["pass_mark", "min_attendance"])
    programme.components.all().delete()
    programme.bands.all().delete()
    EvaluationComponent.objects.bulk_create(
        EvaluationComponent(programme=programme, position=i, name=n.strip(), weight=w)
        for i, (n, w) in enumerate(components, start=1)
    )
    PredicateBand.objects.bulk_create(
        PredicateBand(programme=programme, name=n.strip(), above=a) for n, a in bands
    )
    return programme


# Apps above training copy their own parts of a programme: ``func(source, copy)``.
_copy_hooks: list[Callable[[Programme, Programme], None]] = []


def programme_copy_hook(
    func: Callable[[Programme, Programme], None],
) -> Callable[[Programme, Programme], None]:
    """Register ``func(source, copy)``, run inside ``programme_copy``'s transaction."""
    if func not in _copy_hooks:
        _copy_hooks.append(func)
    return func


@transaction.atomic
def programme_copy(*, programme: Programme, code: str, name: str) -> Programme:
    """A new programme with the same curriculum, phases and evaluation scheme (no batches)."""
    copy = programme_create(
        institute=programme.institute, code=code, name=name, description=programme.description
    )
    copy.pass_mark, copy.min_attendance = programme.pass_mark, programme.min_attendance
    copy.copied_from = programme
    copy.save(update_fields=["pass_mark", "min_attendance", "copied_from"])
    copy.bands.all().delete()
    for band in programme.bands.all():
        PredicateBand.objects.create(programme=copy, name=band.name, above=band.above)
    for component in programme.components.all():
        EvaluationComponent.objects.create(
            programme=copy,
            position=component.position,
            name=component.name,
            weight=component.weight,
        )
    for phase in programme.phases.all():
        Phase.objects.create(
            programme=copy,
            position=phase.position,
            kind=phase.kind,
            mode=phase.mode,
            weeks=phase.weeks,
        )
    for agenda in programme.agendas.prefetch_related("subjects"):
        new = Agenda.objects.create(programme=copy, position=agenda.position, name=agenda.name)
        Subject.objects.bulk_create(
            Subject(agenda=new, position=s.position, name=s.name, jp=s.jp)
            for s in agenda.subjects.all()
        )
    for hook in _copy_hooks:
        hook(programme, copy)
    return copy


# Batches and their staff ----------------------------------------------------------------------


def _check_organiser(programme: Programme, organiser: Person | None) -> None:
    if organiser is None:
        return
    is_organiser = Role.objects.filter(
        person=organiser, kind=RoleKind.ORGANISER, agency=programme.institute_id
    ).exists()
    if not is_organiser:
        raise ValidationError(
            {
                "organiser": _(ERR_NOT_ORGANISER).format(
                    name=organiser.name, institute=programme.institute.name
                )
            }
        )


@transaction.atomic
def batch_create(
    *,
    programme: Programme,
    code: str,
    name: str,
    start_date: date,
    end_date: date,
    mode: str = Mode.BLENDED,
    capacity: int | None = None,
    organiser: Person | None = None,
    checkin_lead_minutes: int | None = None,
) -> Batch:
    code = validate_code(code)
    if Batch.objects.filter(code=code).exists():
        raise ValidationError({"code": _(ERR_BATCH_CODE_TAKEN).format(code=code)})
    batch = Batch(programme=programme, code=code)
    if checkin_lead_minutes is not None:
        batch.checkin_lead_minutes = checkin_lead_minutes
    return _batch_save(batch, name, start_date, end_date, mode, capacity, organiser)


@transaction.atomic
def batch_update(
    *,
    batch: Batch,
    name: str,
    start_date: date,
    end_date: date,
    mode: str,
    capacity: int | None = None,
    organiser: Person | None = None,
    checkin_lead_minutes: int | None = None,
) -> Batch:
    if checkin_lead_minutes is not None:
        batch.checkin_lead_minutes = checkin_lead_minutes
    return _batch_save(batch, name, start_date, end_date, mode, capacity, organiser)


def _batch_save(
    batch: Batch,
    name: str,
    start_date: date,
    end_date: date,
    mode: str,
    capacity: int | None,
    organiser: Person | None,
) -> Batch:
    if end_date < start_date:
        raise ValidationError({"end_date": _(ERR_BATCH_DATES)})
    _check_organiser(batch.programme, organiser)
    batch.name = " ".join(name.split())
    batch.start_date, batch.end_date = start_date, end_date
    batch.mode, batch.capacity, batch.organiser = mode, capacity, organiser
    batch.full_clean()
    batch.save()
    return batch


def capacity_warning(batch: Batch) -> str | None:
    """The soft limit: a message when more participants are enrolled than the capacity."""
    if batch.capacity is None:
        return None
    n = batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True).count()
    if n <= batch.capacity:
        return None
    return _(WARN_CAPACITY).format(n=n, capacity=batch.capacity)


STAFF_ROLES = [BatchRole.FACILITATOR, BatchRole.COACH, BatchRole.EXAMINER]


@transaction.atomic
def staff_assign(*, batch: Batch, person: Person, role: str) -> Enrolment:
    if role not in STAFF_ROLES:
        raise ValidationError({"role": _(ERR_STAFF_ROLE)})
    enrolment, _created = Enrolment.objects.get_or_create(batch=batch, person=person, role=role)
    if not enrolment.is_active:
        enrolment.is_active = True
        enrolment.save(update_fields=["is_active"])
    return enrolment


@transaction.atomic
def facilitator_assign(*, batch: Batch, subject: Subject, person: Person) -> FacilitatorAssignment:
    """Assign a facilitator to a mata pelatihan (and make them a facilitator of the batch)."""
    if subject.agenda.programme_id != batch.programme_id:
        raise ValidationError({"subject": _(ERR_SUBJECT_OTHER_PROGRAMME)})
    staff_assign(batch=batch, person=person, role=BatchRole.FACILITATOR)
    assignment, _created = FacilitatorAssignment.objects.get_or_create(
        batch=batch, subject=subject, facilitator=person
    )
    return assignment


@transaction.atomic
def group_save(
    *,
    batch: Batch,
    name: str,
    coach: Person | None = None,
    examiner: Person | None = None,
    members: list[Enrolment] | None = None,
) -> Group:
    """Create or update a group by name: its coach, its examiner and (optionally) its members."""
    group, _created = Group.objects.get_or_create(batch=batch, name=" ".join(name.split()))
    group.coach, group.examiner = coach, examiner
    group.full_clean()
    group.save()
    if coach is not None:
        staff_assign(batch=batch, person=coach, role=BatchRole.COACH)
    if examiner is not None:
        staff_assign(batch=batch, person=examiner, role=BatchRole.EXAMINER)
    if members is not None:
        Enrolment.objects.filter(pk__in=[m.pk for m in members], batch=batch).update(group=group)
    return group


@transaction.atomic
def group_member_move(*, enrolment: Enrolment, group: Group) -> Enrolment:
    """Put a participant into ``group``, taking them out of the one they were in (at most one)."""
    if enrolment.role != BatchRole.PARTICIPANT:
        raise ValidationError({"participant": _(ERR_GROUP_NOT_PARTICIPANT)})
    if group.batch_id != enrolment.batch_id:
        raise ValidationError({"group": _(ERR_GROUP_OTHER_BATCH)})
    enrolment.group = group
    enrolment.save(update_fields=["group"])
    return enrolment


@transaction.atomic
def group_member_remove(*, group: Group, enrolment: Enrolment) -> Enrolment:
    """Take a participant out of ``group``.

    Only a member of that very group is taken out, in one conditional UPDATE: a second submit,
    or one sent after someone else moved the participant elsewhere, changes nothing.
    """
    if group.batch_id != enrolment.batch_id:
        raise ValidationError({"group": _(ERR_GROUP_OTHER_BATCH)})
    Enrolment.objects.filter(pk=enrolment.pk, group=group).update(group=None)
    enrolment.refresh_from_db(fields=["group"])
    return enrolment


@transaction.atomic
def mentor_assign(
    *,
    enrolment: Enrolment,
    mentor: Person | None = None,
    name: str = "",
    email: str = "",
) -> Person:
    """Set a participant's mentor: a known person, or someone invited by e-mail.

    A mentor given by e-mail who has no account yet (a police officer, a superior outside the
    civil service) gets one with no usable password and an invitation to set it.
    """
    if enrolment.role != BatchRole.PARTICIPANT:
        raise ValidationError({"mentor": _(ERR_NOT_PARTICIPANT)})
    invite = False
    if mentor is None:
        if not (name.strip() and email.strip()):
            raise ValidationError({"email": _(ERR_MENTOR_NEEDS_EMAIL)})
        mentor = Person.objects.filter(email__iexact=email.strip(), nip__isnull=True).first()
        if mentor is None:
            mentor = person_create(name=name, email=email)
            invite = True
    if mentor.pk == enrolment.person_id:
        raise ValidationError({"mentor": _(ERR_MENTOR_IS_SELF)})
    Enrolment.objects.get_or_create(batch=enrolment.batch, person=mentor, role=BatchRole.MENTOR)
    enrolment.mentor = mentor
    enrolment.save(update_fields=["mentor"])
    if invite:
        person = mentor
        transaction.on_commit(lambda: invitation_send(person=person))
    return mentor
