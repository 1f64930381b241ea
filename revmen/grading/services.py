"""Writes of grading: sources, rubrics, grades, release, objections, closing, corrections.

Life of a batch's grades:

1. the organiser opens the rubrics (``rubrics_open``): one identified administration of the
   instrument engine per rubric component, each rater invited about each participant they
   score (facilitators: everyone; examiner and coach: their group; mentor: their mentee);
2. ``grades_compute`` turns the scores, attendance and the scheme into grades
   (``revmen.stats.grades.final_grade``) as often as wanted until the batch is closed;
3. ``grades_release``: participants see their components and outcome; objections may be filed
   for ``objection_days`` (``objection_file``) and the organiser answers (``objection_answer``);
4. ``batch_close``: the grades are final; certificates for *Lulus* and *Tidak Lulus*;
5. after closing a grade changes only by ``grade_correct`` (a reason, the audit trail, a
   superseding certificate), except that a *Ditunda* completed by its deadline
   (``grade_complete_deferred``) is the deferred grade arriving and gets its certificate.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from revmen.accounts.models import Person
from revmen.core.audit import audit, snapshot
from revmen.core.notices import notify
from revmen.instruments.models import (
    Administration,
    IdentityMode,
    Instrument,
    Invitation,
    Purpose,
    Response,
)
from revmen.instruments.services import administration_create
from revmen.stats import grades as pure
from revmen.training.models import (
    Batch,
    BatchRole,
    Enrolment,
    EvaluationComponent,
    Outcome,
    Programme,
)
from revmen.training.selectors import attendance_grid

from . import links
from .models import (
    DEFAULT_RUBRICS,
    RUBRIC_SOURCES,
    BatchGrading,
    ComponentSource,
    Grade,
    GradingSettings,
    Objection,
    Rubric,
    Source,
)
from .scores import batch_component_results

ERR_CLOSED = gettext_noop("This batch is closed: grades change only by a correction.")
ERR_NOT_CLOSED = gettext_noop("Corrections are for closed batches; recompute the grades instead.")
ERR_NO_GRADES = gettext_noop("Compute the grades before releasing them.")
ERR_NOT_RELEASED = gettext_noop("Release the grades before closing the batch.")
ERR_OPEN_OBJECTIONS = gettext_noop("Answer every objection before closing the batch.")
ERR_WINDOW = gettext_noop("The objection window is not open.")
ERR_TEXT = gettext_noop("Write what you object to.")
ERR_ANSWER = gettext_noop("Write an answer.")
ERR_ANSWERED = gettext_noop("This objection has been answered already.")
ERR_REASON = gettext_noop("Give the reason for the correction.")
ERR_SCORE = gettext_noop("A score is a number from 0 to 100.")
ERR_NOT_DEFERRED = gettext_noop("Only a deferred grade can be completed.")
ERR_DEADLINE = gettext_noop("The deadline of this deferral has passed.")
ERR_NO_RUBRIC = gettext_noop("This programme has no rubric component.")
ERR_NO_SCHEME = gettext_noop("The programme has no evaluation components.")
ERR_COMPONENT = gettext_noop("This component is not part of the programme.")
ERR_REMIND_SOON = gettext_noop("The raters were reminded less than a day ago: wait until %(when)s.")
ERR_ALL_SCORED = gettext_noop("Every rater has scored everyone: there is nobody to remind.")
RATER_REMINDER_GAP = timedelta(hours=20)

CERTIFIED = (Outcome.PASSED, Outcome.FAILED)


# --- settings and sources -------------------------------------------------------------------


def settings_for(programme: Programme) -> GradingSettings:
    """The programme's rules, or the defaults (unsaved) while it has none of its own."""
    found = GradingSettings.objects.filter(programme=programme).first()
    return found if found is not None else GradingSettings(programme=programme)


@transaction.atomic
def settings_update(*, programme: Programme, by: Person, **values: Any) -> GradingSettings:
    found = settings_for(programme)
    before = snapshot(found) if found.pk else {}
    for name, value in values.items():
        setattr(found, name, value)
    found.full_clean()
    found.save()
    audit(by, "grading.settings.update", found, before=before, after=snapshot(found))
    return found


@transaction.atomic
def source_set(
    *, component: EvaluationComponent, source: str, instrument: Instrument | None = None
) -> ComponentSource:
    """Say where a component's score comes from; a rubric source gets its built-in rubric
    unless the programme chose its own copy."""
    if instrument is None and source in DEFAULT_RUBRICS:
        instrument = Instrument.objects.filter(code=DEFAULT_RUBRICS[Source(source)]).first()
    found, _created = ComponentSource.objects.update_or_create(
        component=component, defaults={"source": source, "instrument": instrument}
    )
    found.full_clean()
    return found


# --- rubrics --------------------------------------------------------------------------------


def _participants(batch: Batch) -> list[Enrolment]:
    return list(
        batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True)
        .select_related("person", "group__coach", "group__examiner", "mentor")
        .order_by("person__name")
    )


def _staff(batch: Batch, role: str) -> list[Person]:
    return [
        e.person
        for e in batch.enrolments.filter(role=role, is_active=True).select_related("person")
    ]


def rater_pairs(batch: Batch, source: str) -> list[tuple[Person, Person]]:
    """(rater, participant) pairs: facilitators rate everyone; the group's examiner or coach
    their group (else the batch's examiners or coaches everyone); the mentor their mentee."""
    participants = _participants(batch)
    pairs: list[tuple[Person, Person]] = []
    for enrolment in participants:
        person = enrolment.person
        group = enrolment.group
        raters: list[Person]
        if source == Source.ATTITUDE:
            raters = _staff(batch, BatchRole.FACILITATOR)
        elif source == Source.PRESENTATION:
            raters = (
                [group.examiner] if group and group.examiner else _staff(batch, BatchRole.EXAMINER)
            )
        elif source == Source.COACH:
            raters = [group.coach] if group and group.coach else _staff(batch, BatchRole.COACH)
        elif source == Source.MENTOR:
            raters = [enrolment.mentor] if enrolment.mentor else []
        else:
            raters = []
        pairs.extend((rater, person) for rater in raters if rater.pk != person.pk)
    return pairs


def _rubric_window(batch: Batch, settings: GradingSettings) -> tuple[datetime, datetime]:
    closes = timezone.make_aware(
        datetime.combine(
            batch.end_date + timedelta(days=settings.deferral_days + 1), datetime.min.time()
        )
    )
    opens = min(timezone.now(), closes - timedelta(days=1))
    return opens, closes


@transaction.atomic
def rubrics_open(*, batch: Batch, by: Person | None) -> list[Rubric]:
    """One rubric administration per rubric component (kept if it exists), with invitations
    for the rater pairs; run again, it invites raters added since. Stays open until the
    deferral deadline so that late scores of a *Ditunda* can arrive."""
    if batch.is_closed:
        raise ValidationError(_(ERR_CLOSED))
    settings = settings_for(batch.programme)
    sources = ComponentSource.objects.filter(
        component__programme_id=batch.programme_id, source__in=RUBRIC_SOURCES
    ).select_related("component", "instrument")
    rubrics = []
    for source in sources:
        if source.instrument is None or source.instrument.latest_version() is None:
            continue
        rubric = Rubric.objects.filter(batch=batch, component=source.component).first()
        if rubric is None:
            opens, closes = _rubric_window(batch, settings)
            version = source.instrument.latest_version()
            assert version is not None
            administration = administration_create(
                version=version,
                title=f"{source.component.name} · {batch.code}",
                audience="people",  # the rater pairs are invited below
                subject="participants",
                identity=IdentityMode.IDENTIFIED,
                purpose=Purpose.OTHER,
                batch=batch,
                opens_at=opens,
                closes_at=closes,
                people=[],
                created_by=by,
            )
            rubric = Rubric.objects.create(
                batch=batch, component=source.component, administration=administration
            )
        new = _invite(rubric.administration, rater_pairs(batch, source.source))
        _tell_raters(rubric, new)
        rubrics.append(rubric)
    if not rubrics:
        raise ValidationError(_(ERR_NO_RUBRIC))
    return rubrics


def _tell_raters(rubric: Rubric, pairs: list[tuple[Person, Person]], reminder: bool = False) -> int:
    """One notice (and e-mail) per rater asked to score someone in ``rubric`` (newly, or still
    not scored when ``reminder``): to the scoring list for those who sign in, a signed link
    for those without an account. Written in the site's language (people have none of their
    own yet). Returns the number of raters told."""
    subjects: dict[int, list[Person]] = {}
    raters: dict[int, Person] = {}
    for rater, subject in pairs:
        raters[rater.pk] = rater
        subjects.setdefault(rater.pk, []).append(subject)
    batch = rubric.batch
    closes = timezone.localdate(rubric.administration.closes_at)
    for pk, rater in raters.items():
        names = ", ".join(s.name for s in subjects[pk])
        link = (
            links.rating_link(rubric, rater)
            if links.needs_link(rater)
            else reverse("grading_rate_list", args=[batch.code])
        )
        values = {
            "names": names,
            "component": rubric.component.name,
            "batch": batch.name,
            "date": date_format(closes, "j F Y"),
        }
        with override(django_settings.LANGUAGE_CODE):
            title = (
                _("Reminder: scores to give: %(component)s · %(batch)s")
                if reminder
                else _("Scores to give: %(component)s · %(batch)s")
            ) % values
            text = (
                _(
                    "You have not scored %(names)s on %(component)s in %(batch)s yet: please do "
                    "so by %(date)s."
                )
                if reminder
                else _(
                    "You are asked to score %(names)s on %(component)s in %(batch)s, with an "
                    "evidence note per score, by %(date)s."
                )
            ) % values
        notify(rater, title, text, link=link)
    return len(raters)


def _unscored(rubric: Rubric) -> list[tuple[Person, Person]]:
    invitations = Invitation.objects.filter(
        administration=rubric.administration, person__is_active=True, subject__isnull=False
    ).select_related("person", "subject")
    done = set(
        Response.objects.filter(administration=rubric.administration).values_list(
            "respondent_id", "subject_id"
        )
    )
    return [
        (i.person, i.subject)
        for i in invitations.order_by("subject__name")
        if i.subject is not None and (i.person_id, i.subject_id) not in done
    ]


@transaction.atomic
def raters_remind(*, batch: Batch, by: Person) -> int:
    """Remind each rater of the participants they have not scored yet, one notice per rater
    and rubric; at most once per ``RATER_REMINDER_GAP``. Returns the number of notices."""
    state = BatchGrading.objects.select_for_update().filter(batch=batch).first()
    if state is None:
        state = _batch_grading(batch)
    now = timezone.now()
    if state.raters_reminded_at and state.raters_reminded_at > now - RATER_REMINDER_GAP:
        when = timezone.localtime(state.raters_reminded_at + RATER_REMINDER_GAP)
        raise ValidationError(_(ERR_REMIND_SOON) % {"when": date_format(when, "j F Y H.i")})
    told = sum(
        _tell_raters(rubric, _unscored(rubric), reminder=True)
        for rubric in Rubric.objects.filter(batch=batch).select_related(
            "component", "administration", "batch"
        )
        if rubric.administration.is_open()
    )
    if not told:
        raise ValidationError(_(ERR_ALL_SCORED))
    state.raters_reminded_at = now
    state.save(update_fields=["raters_reminded_at"])
    return told


def _invite(
    administration: Administration, pairs: list[tuple[Person, Person]]
) -> list[tuple[Person, Person]]:
    # The engine invites audience × subjects; a rubric needs chosen pairs (an examiner scores
    # their own group only), so the pairs are written here, one invitation each.
    existing = set(
        Invitation.objects.filter(administration=administration).values_list(
            "person_id", "subject_id"
        )
    )
    new = [(rater, subject) for rater, subject in pairs if (rater.pk, subject.pk) not in existing]
    Invitation.objects.bulk_create(
        [
            Invitation(administration=administration, person=rater, subject=subject)
            for rater, subject in new
        ]
    )
    return new


# --- grades ---------------------------------------------------------------------------------


def attendance_rates(batch: Batch) -> dict[int, Decimal]:
    """{enrolment id: percent of the programme's JP attended}."""
    rates = {}
    for row in attendance_grid(batch).rows:
        s = row.summary
        total = max(s.total_jp, s.held_jp)
        percent = Decimal(100) if not total else Decimal(100 * s.attended_jp) / Decimal(total)
        rates[row.enrolment.pk] = percent.quantize(Decimal("0.01"))
    return rates


def _scheme(batch: Batch) -> tuple[list[EvaluationComponent], list[pure.Band]]:
    components = list(batch.programme.components.order_by("position", "pk"))
    if not components:
        raise ValidationError(_(ERR_NO_SCHEME))
    bands = [pure.Band(b.name, b.above) for b in batch.programme.bands.all()]
    return components, bands


def _deadline(batch: Batch, settings: GradingSettings) -> date:
    return batch.end_date + timedelta(days=settings.deferral_days)


def _evaluate(
    grade: Grade,
    components: list[EvaluationComponent],
    bands: list[pure.Band],
    batch: Batch,
    settings: GradingSettings,
    today: date,
) -> None:
    """Fill ``grade`` from its stored ``scores`` (overridden by ``overrides``)."""
    entries = []
    for component in components:
        key = str(component.pk)
        raw = grade.overrides.get(key, grade.scores.get(key))
        entries.append(
            pure.ComponentScore(key, component.weight, None if raw is None else Decimal(raw))
        )
    result = pure.final_grade(
        components=entries,
        bands=bands,
        pass_mark=batch.programme.pass_mark,
        min_attendance=batch.programme.min_attendance,
        attendance_rate=grade.attendance,
        deadline=grade.deadline or _deadline(batch, settings),
        today=today,
    )
    grade.outcome = result.outcome.value
    grade.final_score = result.final_score
    grade.predicate = result.predicate or ""
    grade.missing = [int(key) for key in result.missing]
    grade.reasons = list(result.reasons)
    grade.deadline = result.deadline
    grade.computed_at = timezone.now()


@transaction.atomic
def grades_compute(*, batch: Batch, today: date | None = None) -> list[Grade]:
    """Every active participant's grade from today's scores and attendance (before closing)."""
    if batch.is_closed:
        raise ValidationError(_(ERR_CLOSED))
    today = today or timezone.localdate()
    settings = settings_for(batch.programme)
    components, bands = _scheme(batch)
    results = batch_component_results(batch, settings)
    attendance = attendance_rates(batch)
    grades = []
    for enrolment in _participants(batch):
        grade = Grade.objects.filter(enrolment=enrolment).first() or Grade(enrolment=enrolment)
        grade.attendance = attendance.get(enrolment.pk, Decimal(0))
        grade.scores = {
            str(c.pk): _text(results.get(c.pk, {}).get(enrolment.person_id)) for c in components
        }
        grade.deadline = None
        _evaluate(grade, components, bands, batch, settings, today)
        grade.save()
        grades.append(grade)
    return grades


def _text(result: Any) -> str | None:
    return None if result is None or result.score is None else str(result.score)


def _batch_grading(batch: Batch) -> BatchGrading:
    found, _created = BatchGrading.objects.get_or_create(batch=batch)
    return found


@transaction.atomic
def grades_release(*, batch: Batch, by: Person) -> BatchGrading:
    """Participants see their components and outcome; the objection window opens."""
    if batch.is_closed:
        raise ValidationError(_(ERR_CLOSED))
    grades = list(Grade.objects.filter(enrolment__batch=batch).select_related("enrolment__person"))
    if not grades:
        raise ValidationError(_(ERR_NO_GRADES))
    state = _batch_grading(batch)
    days = settings_for(batch.programme).objection_days
    state.released_at = timezone.now()
    state.objections_until = state.released_at + timedelta(days=days)
    state.save()
    audit(by, "grading.batch.release", batch, after={"objections_until": state.objections_until})
    for grade in grades:
        notify(
            grade.enrolment.person,
            _("Your grade for %(batch)s is released") % {"batch": batch.name},
            _("You may see your components and outcome, and object until %(when)s.")
            % {"when": timezone.localtime(state.objections_until).strftime("%d-%m-%Y %H:%M")},
            link=f"/grading/{batch.code}/me/",
        )
    return state


@transaction.atomic
def objection_file(*, grade: Grade, text: str, by: Person) -> Objection:
    state = BatchGrading.objects.filter(batch_id=grade.enrolment.batch_id).first()
    if state is None or not state.objections_open():
        raise ValidationError(_(ERR_WINDOW))
    if not (text or "").strip():
        raise ValidationError({"text": _(ERR_TEXT)})
    objection = Objection(grade=grade, text=text.strip())
    objection.full_clean()
    objection.save()
    audit(by, "grading.objection.file", objection, after={"grade": grade.pk})
    organiser = grade.enrolment.batch.organiser
    if organiser is not None:
        notify(
            organiser,
            _("New objection in %(batch)s") % {"batch": grade.enrolment.batch.name},
            _("%(name)s objects to their grade.") % {"name": grade.enrolment.person.name},
            link=f"/grading/{grade.enrolment.batch.code}/objections/",
        )
    return objection


@transaction.atomic
def objection_answer(*, objection: Objection, answer: str, by: Person) -> Objection:
    locked = Objection.objects.select_for_update().get(pk=objection.pk)
    if locked.is_answered:
        raise ValidationError(_(ERR_ANSWERED))
    if not (answer or "").strip():
        raise ValidationError({"answer": _(ERR_ANSWER)})
    locked.answer, locked.answered_at, locked.answered_by = answer.strip(), timezone.now(), by
    locked.full_clean()
    locked.save()
    audit(by, "grading.objection.answer", locked, after={"answered_at": locked.answered_at})
    notify(
        locked.grade.enrolment.person,
        _("Your objection is answered"),
        locked.answer,
        link=f"/grading/{locked.grade.enrolment.batch.code}/me/",
    )
    return locked


# --- closing, corrections, deferrals --------------------------------------------------------


def _certify(grade: Grade, by: Person | None) -> None:
    """Issue the certificate the outcome calls for (STTPP or attendance; none for Ditunda)."""
    if grade.outcome not in CERTIFIED:
        return
    issue = certificate_service("certificate_issue")
    if issue is None:
        return
    certificate = issue(
        enrolment=grade.enrolment,
        outcome=grade.outcome,
        predicate=grade.predicate or None,
        final_score=grade.final_score,
        issued_by=by,
    )
    grade.certificate_id = certificate.pk
    grade.save(update_fields=["certificate_id"])


def certificate_service(name: str) -> Any:
    """A function of ``revmen.certificates.services`` (a layer below), or ``None`` while that
    app does not offer it yet."""
    try:
        # By name: certificates is built in parallel; once merged this can be a plain import.
        certificates = importlib.import_module("revmen.certificates.services")
    except ImportError:  # pragma: no cover - the module exists once certificates is merged
        return None
    return getattr(certificates, name, None)


def _current_certificate(grade: Grade) -> Any:
    if grade.certificate_id is None:
        return None
    model = certificate_model()
    return None if model is None else model.objects.filter(pk=grade.certificate_id).first()


def certificate_model() -> Any:
    """``revmen.certificates.models.Certificate``, or ``None`` before that app has it."""
    try:
        module = importlib.import_module("revmen.certificates.models")
    except ImportError:  # pragma: no cover
        return None
    return getattr(module, "Certificate", None)


@transaction.atomic
def batch_close(*, batch: Batch, by: Person) -> Batch:
    """The grades are final: close the batch and issue the certificates."""
    locked = Batch.objects.select_for_update().get(pk=batch.pk)
    if locked.is_closed:
        raise ValidationError(_(ERR_CLOSED))
    state = BatchGrading.objects.filter(batch=locked).first()
    if state is None or state.released_at is None:
        raise ValidationError(_(ERR_NOT_RELEASED))
    if Objection.objects.filter(grade__enrolment__batch=locked, answered_at__isnull=True).exists():
        raise ValidationError(_(ERR_OPEN_OBJECTIONS))
    before = snapshot(locked, ["closed_at"])
    locked.closed_at = timezone.now()
    locked.save(update_fields=["closed_at"])
    audit(by, "grading.batch.close", locked, before=before, after=snapshot(locked, ["closed_at"]))
    grades = Grade.objects.filter(enrolment__batch=locked).select_related(
        "enrolment__person", "enrolment__batch"
    )
    for grade in grades:
        _certify(grade, by)
    batch.closed_at = locked.closed_at
    return locked


GRADE_FIELDS = ["outcome", "final_score", "predicate", "overrides", "missing", "deadline"]


def _score(value: Any) -> str:
    try:
        score = Decimal(str(value).replace(",", ".")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": _(ERR_SCORE)}) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValidationError({"score": _(ERR_SCORE)})
    return str(score)


def _component_of(grade: Grade, component: EvaluationComponent) -> None:
    if component.programme_id != grade.enrolment.batch.programme_id:
        raise ValidationError({"component": _(ERR_COMPONENT)})


@transaction.atomic
def grade_correct(
    *,
    grade: Grade,
    component: EvaluationComponent,
    score: Any,
    reason: str,
    by: Person,
    today: date | None = None,
) -> Grade:
    """After closing: set one component's score, with a reason, in the audit trail; a grade
    with a certificate gets a superseding one (a Ditunda that becomes final gets its first)."""
    grade = (
        Grade.objects.select_for_update()
        .select_related("enrolment__batch__programme")
        .get(pk=grade.pk)
    )
    batch = grade.enrolment.batch
    if not batch.is_closed:
        raise ValidationError(_(ERR_NOT_CLOSED))
    if not (reason or "").strip():
        raise ValidationError({"reason": _(ERR_REASON)})
    _component_of(grade, component)
    before = snapshot(grade, GRADE_FIELDS)
    grade.overrides = {**grade.overrides, str(component.pk): _score(score)}
    _reevaluate(grade, batch, today)
    grade.save()
    audit(
        by,
        "grading.grade.correct",
        grade,
        before=before,
        after=snapshot(grade, GRADE_FIELDS),
        note=reason.strip(),
    )
    current = _current_certificate(grade)
    if current is not None and current.status == "valid":
        supersede = certificate_service("certificate_supersede")
        if supersede is not None and grade.outcome in CERTIFIED:
            new = supersede(
                certificate=current,
                outcome=grade.outcome,
                predicate=grade.predicate or None,
                final_score=grade.final_score,
                reason=reason.strip(),
                by=by,
            )
            grade.certificate_id = new.pk
            grade.save(update_fields=["certificate_id"])
    elif current is None:
        _certify(grade, by)
    return grade


def _reevaluate(grade: Grade, batch: Batch, today: date | None) -> None:
    settings = settings_for(batch.programme)
    components, bands = _scheme(batch)
    keep_deadline = grade.deadline
    _evaluate(grade, components, bands, batch, settings, today or timezone.localdate())
    if grade.outcome == Outcome.DEFERRED:
        grade.deadline = keep_deadline or grade.deadline


@transaction.atomic
def grade_complete_deferred(
    *,
    grade: Grade,
    scores: dict[EvaluationComponent, Any],
    by: Person,
    today: date | None = None,
) -> Grade:
    """The missing scores of a *Ditunda* arrive by its deadline: not a correction, the
    deferred grade itself; a final outcome gets its certificate."""
    grade = (
        Grade.objects.select_for_update()
        .select_related("enrolment__batch__programme")
        .get(pk=grade.pk)
    )
    today = today or timezone.localdate()
    if grade.outcome != Outcome.DEFERRED:
        raise ValidationError(_(ERR_NOT_DEFERRED))
    if grade.deadline is not None and today > grade.deadline:
        raise ValidationError(_(ERR_DEADLINE))
    batch = grade.enrolment.batch
    before = snapshot(grade, GRADE_FIELDS)
    overrides = dict(grade.overrides)
    for component, value in scores.items():
        _component_of(grade, component)
        overrides[str(component.pk)] = _score(value)
    grade.overrides = overrides
    _reevaluate(grade, batch, today)
    grade.save()
    audit(
        by,
        "grading.grade.complete_deferred",
        grade,
        before=before,
        after=snapshot(grade, GRADE_FIELDS),
    )
    if batch.is_closed:
        _certify(grade, by)
    return grade


@transaction.atomic
def grade_refresh_deferred(
    *, enrolment: Enrolment, by: Person | None, today: date | None = None
) -> Grade | None:
    """A rater's late score for a *Ditunda* of a closed batch: take the components still
    missing from the rubrics and tests; if that completes the grade by its deadline, it is
    the deferred grade arriving (not a correction) and the certificate follows."""
    grade = (
        Grade.objects.select_for_update()
        .select_related("enrolment__batch__programme", "enrolment__person")
        .filter(enrolment=enrolment, outcome=Outcome.DEFERRED)
        .first()
    )
    if grade is None or not grade.enrolment.batch.is_closed:
        return grade
    today = today or timezone.localdate()
    if grade.deadline is not None and today > grade.deadline:
        return grade
    batch = grade.enrolment.batch
    results = batch_component_results(batch, settings_for(batch.programme))
    arrived = {}
    for component_id in grade.missing:
        result = results.get(component_id, {}).get(enrolment.person_id)
        if result is not None and result.score is not None:
            arrived[str(component_id)] = str(result.score)
    if not arrived:
        return grade
    before = snapshot(grade, GRADE_FIELDS)
    grade.scores = {**grade.scores, **arrived}
    _reevaluate(grade, batch, today)
    grade.save()
    audit(
        by,
        "grading.grade.complete_deferred",
        grade,
        before=before,
        after=snapshot(grade, GRADE_FIELDS),
    )
    _certify(grade, by)
    return grade
