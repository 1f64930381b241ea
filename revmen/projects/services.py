"""Writes for change projects: the plan and its approval trail, milestones, reports, transfers.

Every step is a ``Step`` row (the time-stamped trail the pages show) and changes to the plan go
to the shared audit trail. The mentor acts from an account or from a signed e-mail link
(``links.py``); both end in the same ``plan_review`` / ``milestone_review``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person
from revmen.core.audit import audit, audit_changes, snapshot
from revmen.core.notices import notify
from revmen.core.values import VALUES
from revmen.training.models import BatchRole, Enrolment

from . import links
from .files import check_upload, safe_filename
from .models import (
    SERVICE_COMPONENTS,
    Attachment,
    FileKind,
    Milestone,
    MilestoneState,
    Plan,
    PlanState,
    PlanVersion,
    Report,
    Step,
    StepKind,
    StopReason,
    TeamMember,
)

ERR_NOT_PARTICIPANT = gettext_noop("Only a participant writes a change project.")
ERR_HAS_PLAN = gettext_noop("This enrolment has a change project already.")
ERR_NOT_EDITABLE = gettext_noop("The plan cannot be changed now.")
ERR_NO_MENTOR = gettext_noop("The plan has no mentor to approve it.")
ERR_NO_MILESTONES = gettext_noop("Add at least one milestone before submitting.")
ERR_NOT_SUBMITTED = gettext_noop("The plan is not waiting for the mentor.")
ERR_COMMENT_NEEDED = gettext_noop("Say what should change when returning it.")
ERR_NOT_APPROVED = gettext_noop("Progress is reported on an approved plan.")
ERR_NOT_REPORTED = gettext_noop("The milestone is not waiting for the mentor.")
ERR_CONFIRMED = gettext_noop("The milestone is confirmed already.")
ERR_STOPPED = gettext_noop("The project has been stopped.")
ERR_VALUE = gettext_noop("Unknown value code: %(code)s.")
ERR_COMPONENT = gettext_noop("Unknown service-standard component: %(code)s.")
ERR_SERVICE_UNIT = gettext_noop("Name the service unit whose standard changes.")
ERR_HAS_REPORTS = gettext_noop("A milestone with reports stays.")
ERR_TRANSFER_NOTHING = gettext_noop("Choose a new owner or a new mentor.")
ERR_TRANSFER_SAME = gettext_noop("The owner cannot be the mentor.")
ERR_TEXT_NEEDED = gettext_noop("Write something.")
ERR_NOT_ALLOWED = gettext_noop("You cannot do this on this project.")

APPROVE = "approve"
RETURN = "return"

PLAN_FIELDS = (
    "title",
    "problem",
    "baseline",
    "baseline_figure",
    "goal",
    "values",
    "stakeholders",
    "service_unit",
    "service_components",
)
VALUE_CODES = {v.code for v in VALUES}
COMPONENT_CODES = {code for code, _label in SERVICE_COMPONENTS}


def _error(message: str, field: str | None = None, **params: Any) -> ValidationError:
    text = _(message) % params if params else _(message)
    return ValidationError({field: [text]} if field else text)


def _step(
    plan: Plan,
    kind: str,
    actor: Any,
    *,
    comment: str = "",
    milestone: Milestone | None = None,
    via_link: bool = False,
) -> Step:
    return Step.objects.create(
        plan=plan,
        milestone=milestone,
        kind=kind,
        actor=actor,
        actor_name=str(actor)[:200] if actor is not None else "",
        via_link=via_link,
        version=plan.version,
        comment=comment,
    )


def _check_plan_data(data: dict[str, Any]) -> None:
    for code in data.get("values", []):
        if code not in VALUE_CODES:
            raise _error(ERR_VALUE, "values", code=code)
    for code in data.get("service_components", []):
        if code not in COMPONENT_CODES:
            raise _error(ERR_COMPONENT, "service_components", code=code)
    if data.get("service_components") and not data.get("service_unit"):
        raise _error(ERR_SERVICE_UNIT, "service_unit")


@transaction.atomic
def plan_create(*, enrolment: Enrolment, actor: Person, data: dict[str, Any]) -> Plan:
    if enrolment.role != BatchRole.PARTICIPANT or enrolment.person_id != actor.pk:
        raise _error(ERR_NOT_PARTICIPANT)
    if Plan.objects.filter(enrolment=enrolment).exists():
        raise _error(ERR_HAS_PLAN)
    _check_plan_data(data)
    plan = Plan(
        enrolment=enrolment,
        owner=enrolment.person,
        mentor=enrolment.mentor,
        unit=enrolment.person.unit,
        **{k: v for k, v in data.items() if k in PLAN_FIELDS},
    )
    plan.full_clean()
    plan.save()
    _step(plan, StepKind.CREATED, actor)
    audit(actor, "projects.plan.create", plan, after=snapshot(plan, PLAN_FIELDS))
    return plan


def _editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise _error(ERR_NOT_EDITABLE)


def _field_label(name: str) -> str:
    field = Plan._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


@transaction.atomic
def plan_update(*, plan: Plan, actor: Person, data: dict[str, Any]) -> Plan:
    plan = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    reopens = plan.state == PlanState.APPROVED and plan.stopped_at is None
    if not (plan.is_editable or reopens):
        raise _error(ERR_NOT_EDITABLE)
    _check_plan_data(data)
    before = snapshot(plan, PLAN_FIELDS)
    for key in PLAN_FIELDS:
        if key in data:
            setattr(plan, key, data[key])
    if snapshot(plan, PLAN_FIELDS) == before:
        return plan  # saved unchanged: no step, and an approved plan stays approved
    if reopens:
        # Changing an approved plan reopens it: the approved version stays frozen.
        plan.state = PlanState.DRAFT
    plan.updated_at = timezone.now()
    plan.full_clean()
    plan.save()
    entry = audit_changes(actor, "projects.plan.update", plan, before)
    if entry is not None:  # the trail names what changed; the audit entry keeps before/after
        names = [_field_label(name) for name in sorted(entry.after)]
        _step(plan, StepKind.UPDATED, actor, comment=", ".join(names))
    return plan


@transaction.atomic
def milestone_add(
    *,
    plan: Plan,
    actor: Person,
    term: str,
    title: str,
    indicator: str,
    target_date: date,
    target_value: Decimal | None = None,
) -> Milestone:
    _editable(plan)
    milestone = Milestone(
        plan=plan,
        term=term,
        title=title,
        indicator=indicator,
        target_date=target_date,
        target_value=target_value,
    )
    milestone.full_clean()
    milestone.save()
    audit(actor, "projects.milestone.add", milestone, after=snapshot(milestone))
    return milestone


@transaction.atomic
def milestone_remove(*, milestone: Milestone, actor: Person) -> None:
    _editable(milestone.plan)
    if milestone.reports.exists():
        raise _error(ERR_HAS_REPORTS)
    audit(actor, "projects.milestone.remove", milestone, before=snapshot(milestone))
    milestone.delete()


@transaction.atomic
def team_add(
    *, plan: Plan, actor: Person, name: str, role: str = "", person: Person | None = None
) -> TeamMember:
    if plan.stopped_at is not None:
        raise _error(ERR_STOPPED)
    existing = TeamMember.objects.filter(plan=plan, person=person).first() if person else None
    if existing is not None:
        return existing
    member = TeamMember(plan=plan, name=name or (person.name if person else ""), role=role)
    member.person = person
    member.full_clean()
    member.save()
    audit(
        actor,
        "projects.team.add",
        plan,
        after={"name": member.name, "person": person and person.pk},
    )
    return member


@transaction.atomic
def team_remove(*, member: TeamMember, actor: Person) -> None:
    audit(actor, "projects.team.remove", member.plan, before={"name": member.name})
    member.delete()


def attachment_add(
    *,
    plan: Plan,
    actor: Person,
    kind: str,
    filename: str,
    content: bytes,
    milestone: Milestone | None = None,
    report: Report | None = None,
) -> Attachment:
    content_type = check_upload(content)
    with transaction.atomic():
        attachment = Attachment.objects.create(
            plan=plan,
            milestone=milestone,
            report=report,
            kind=kind,
            filename=safe_filename(filename),
            content_type=content_type,
            size=len(content),
            content=content,
            uploaded_by=actor,
        )
        audit(
            actor,
            "projects.file.add",
            plan,
            after={"file": attachment.filename, "kind": kind, "size": attachment.size},
        )
    return attachment


@transaction.atomic
def plan_submit(*, plan: Plan, actor: Person) -> Plan:
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("mentor", "owner")
        .get(pk=plan.pk)
    )
    _editable(plan)
    if plan.mentor is None:
        raise _error(ERR_NO_MENTOR)
    if not plan.milestones.exists():
        raise _error(ERR_NO_MILESTONES)
    again = plan.version > 0
    plan.state, plan.version = PlanState.SUBMITTED, plan.version + 1
    plan.updated_at = timezone.now()
    plan.save(update_fields=["state", "version", "updated_at"])
    _step(plan, StepKind.RESUBMITTED if again else StepKind.SUBMITTED, actor)
    audit(actor, "projects.plan.submit", plan, after={"version": plan.version})
    _ask_mentor_plan(plan)
    return plan


def _ask_mentor_plan(plan: Plan) -> None:
    assert plan.mentor is not None
    notify(
        plan.mentor,
        _("Change project to approve: %(title)s") % {"title": plan.title},
        _(
            "%(owner)s asks you, as their mentor, to approve their change project or return it "
            "with comments. The link works without an account."
        )
        % {"owner": plan.owner.name},
        link=links.plan_link(plan),
    )


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    data = snapshot(plan, PLAN_FIELDS)
    data["milestones"] = [
        {
            "term": m.term,
            "title": m.title,
            "indicator": m.indicator,
            "target_value": str(m.target_value) if m.target_value is not None else None,
            "target_date": m.target_date.isoformat(),
        }
        for m in plan.milestones.all()
    ]
    data["team"] = [{"name": t.name, "role": t.role} for t in plan.team.all()]
    data["files"] = [
        {"id": f.pk, "name": f.filename} for f in plan.files.exclude(kind=FileKind.EVIDENCE)
    ]
    return data


@transaction.atomic
def plan_review(
    *, plan: Plan, actor: Person, decision: str, comment: str = "", via_link: bool = False
) -> Plan:
    plan = Plan.objects.select_for_update(of=("self",)).select_related("owner").get(pk=plan.pk)
    if plan.state != PlanState.SUBMITTED:
        raise _error(ERR_NOT_SUBMITTED)
    comment = comment.strip()
    if decision == RETURN and not comment:
        raise _error(ERR_COMMENT_NEEDED, "comment")
    if decision == APPROVE:
        plan.state, plan.approved_version = PlanState.APPROVED, plan.version
        PlanVersion.objects.create(plan=plan, version=plan.version, data=plan_snapshot(plan))
        kind, subject = StepKind.APPROVED, _("Your change project was approved")
    else:
        plan.state = PlanState.RETURNED
        kind, subject = StepKind.RETURNED, _("Your change project was returned with comments")
    plan.updated_at = timezone.now()
    plan.save(update_fields=["state", "approved_version", "updated_at"])
    _step(plan, kind, actor, comment=comment, via_link=via_link)
    audit(actor, f"projects.plan.{decision}", plan, after={"version": plan.version}, note=comment)
    notify(plan.owner, subject, comment or plan.title, link=f"/projects/{plan.pk}/")
    return plan


def _spend_link(token: str, decision: str, comment: str) -> None:
    """Spend an opened link with the decision it carries: a return without a comment leaves
    it unspent (the mentor may try again); a second click or a double submit finds it spent."""
    if decision == RETURN and not comment.strip():
        raise _error(ERR_COMMENT_NEEDED, "comment")
    if not links.spend(token):
        raise links.LinkInvalid


def _link_mentor(plan: Plan) -> Person:
    assert plan.mentor is not None  # a link opens only for the plan's current mentor
    return plan.mentor


@transaction.atomic
def plan_review_by_link(*, token: str, decision: str, comment: str = "") -> Plan:
    """The mentor's decision from the e-mail link: the link is spent with the decision."""
    plan = links.open_plan_link(token).plan
    _spend_link(token, decision, comment)
    return plan_review(
        plan=plan, actor=_link_mentor(plan), decision=decision, comment=comment, via_link=True
    )


def _running(plan: Plan) -> None:
    if plan.stopped_at is not None:
        raise _error(ERR_STOPPED)
    if plan.approved_version is None:
        raise _error(ERR_NOT_APPROVED)


def is_team_member(plan: Plan, person: Person) -> bool:
    return plan.team.filter(person=person).exists()


@transaction.atomic
def report_add(
    *,
    milestone: Milestone,
    actor: Person,
    text: str,
    figure: Decimal | None = None,
    files: list[tuple[str, bytes]] | None = None,
) -> Report:
    """Progress on a milestone. The owner's report goes to the mentor; a team member's is
    evidence beside it (the milestone's state does not change)."""
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("plan__mentor")
        .get(pk=milestone.pk)
    )
    plan = milestone.plan
    _running(plan)
    owner = actor.pk == plan.owner_id
    if not owner and not is_team_member(plan, actor):
        raise _error(ERR_NOT_ALLOWED)
    if milestone.state == MilestoneState.CONFIRMED:
        raise _error(ERR_CONFIRMED)
    if not text.strip():
        raise _error(ERR_TEXT_NEEDED, "text")
    for _name, content in files or []:
        check_upload(content)
    report = Report.objects.create(milestone=milestone, author=actor, text=text, figure=figure)
    for name, content in files or []:
        attachment_add(
            plan=plan,
            actor=actor,
            kind=FileKind.EVIDENCE,
            filename=name,
            content=content,
            milestone=milestone,
            report=report,
        )
    if owner:
        milestone.state = MilestoneState.REPORTED
        milestone.save(update_fields=["state"])
    _step(plan, StepKind.REPORTED if owner else StepKind.EVIDENCE, actor, milestone=milestone)
    audit(actor, "projects.milestone.report", milestone, after={"report": report.pk})
    if owner and plan.mentor is not None:
        notify(
            plan.mentor,
            _("Milestone to confirm: %(title)s") % {"title": milestone.title},
            _(
                "%(owner)s reported progress on a milestone of their change project. Confirm it "
                "or return it from the evidence; the link works without an account."
            )
            % {"owner": plan.owner.name},
            link=links.milestone_link(milestone, report.pk),
        )
    return report


@transaction.atomic
def milestone_review(
    *,
    milestone: Milestone,
    actor: Person,
    decision: str,
    comment: str = "",
    via_link: bool = False,
) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("plan__owner")
        .get(pk=milestone.pk)
    )
    plan = milestone.plan
    if plan.stopped_at is not None:
        raise _error(ERR_STOPPED)
    if milestone.state != MilestoneState.REPORTED:
        raise _error(ERR_NOT_REPORTED)
    comment = comment.strip()
    if decision == RETURN and not comment:
        raise _error(ERR_COMMENT_NEEDED, "comment")
    if decision == APPROVE:
        milestone.state, milestone.confirmed_at = MilestoneState.CONFIRMED, timezone.now()
        kind, subject = StepKind.CONFIRMED, _("Your mentor confirmed a milestone")
    else:
        milestone.state = MilestoneState.RETURNED
        kind, subject = StepKind.MILESTONE_RETURNED, _("Your mentor returned a milestone")
    milestone.save(update_fields=["state", "confirmed_at"])
    _step(plan, kind, actor, comment=comment, milestone=milestone, via_link=via_link)
    audit(actor, f"projects.milestone.{decision}", milestone, note=comment)
    notify(plan.owner, subject, comment or milestone.title, link=f"/projects/{plan.pk}/")
    return milestone


@transaction.atomic
def milestone_review_by_link(*, token: str, decision: str, comment: str = "") -> Milestone:
    milestone = links.open_milestone_link(token).milestone
    _spend_link(token, decision, comment)
    return milestone_review(
        milestone=milestone,
        actor=_link_mentor(milestone.plan),
        decision=decision,
        comment=comment,
        via_link=True,
    )


@transaction.atomic
def comment_add(
    *, plan: Plan, actor: Person, text: str, milestone: Milestone | None = None
) -> Step:
    if not text.strip():
        raise _error(ERR_TEXT_NEEDED, "text")
    step = _step(plan, StepKind.COMMENT, actor, comment=text.strip(), milestone=milestone)
    if plan.owner_id != actor.pk:
        notify(
            plan.owner,
            _("A comment on your change project"),
            text.strip()[:500],
            link=f"/projects/{plan.pk}/",
        )
    return step


@dataclass(frozen=True)
class Handover:
    owner: Person | None = None
    mentor: Person | None = None


@transaction.atomic
def plan_transfer(*, plan: Plan, actor: Person, to: Handover, note: str = "") -> Plan:
    """Hand the project to a colleague and/or a new mentor; the trail and files stay with it.
    Access follows at once (``access.py`` reads ``owner`` and ``mentor``); the old mentor's
    links stop working because they name the old mentor's address."""
    plan = (
        Plan.objects.select_for_update(of=("self",))
        .select_related("owner", "mentor")
        .get(pk=plan.pk)
    )
    if to.owner is None and to.mentor is None:
        raise _error(ERR_TRANSFER_NOTHING)
    new_owner = to.owner or plan.owner
    new_mentor = to.mentor or plan.mentor
    if new_mentor is not None and new_mentor.pk == new_owner.pk:
        raise _error(ERR_TRANSFER_SAME)
    before = snapshot(plan, ["owner", "mentor", "unit"])
    parts = []
    if to.owner is not None and to.owner.pk != plan.owner_id:
        parts.append(_("owner: %(old)s → %(new)s") % {"old": plan.owner, "new": to.owner})
        plan.owner, plan.unit = to.owner, to.owner.unit or plan.unit
    if to.mentor is not None and to.mentor.pk != plan.mentor_id:
        old = plan.mentor or "-"
        parts.append(_("mentor: %(old)s → %(new)s") % {"old": old, "new": to.mentor})
        plan.mentor = to.mentor
    plan.updated_at = timezone.now()
    plan.save(update_fields=["owner", "mentor", "unit", "updated_at"])
    comment = "; ".join([*parts, note.strip()]).strip("; ")
    _step(plan, StepKind.TRANSFERRED, actor, comment=comment)
    audit_changes(actor, "projects.plan.transfer", plan, before, note=note)
    notify(plan.owner, _("A change project was handed over"), comment, link=f"/projects/{plan.pk}/")
    if to.mentor is not None and plan.mentor is not None:
        if plan.state == PlanState.SUBMITTED:
            _ask_mentor_plan(plan)
        else:
            notify(
                plan.mentor,
                _("You now mentor a change project"),
                plan.title,
                link=f"/projects/{plan.pk}/",
            )
    return plan


@transaction.atomic
def plan_stop(*, plan: Plan, actor: Person, reason: str, note: str = "") -> Plan:
    plan = Plan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan.stopped_at is not None:
        return plan
    if reason not in StopReason.values:
        raise ValidationError({"reason": [_("Choose a reason.")]})
    plan.stopped_reason, plan.stopped_note, plan.stopped_at = reason, note.strip(), timezone.now()
    plan.save(update_fields=["stopped_reason", "stopped_note", "stopped_at"])
    label = StopReason(reason).label
    _step(plan, StepKind.STOPPED, actor, comment=f"{label}. {note}".strip())
    audit(actor, "projects.plan.stop", plan, after={"reason": reason}, note=note)
    return plan
