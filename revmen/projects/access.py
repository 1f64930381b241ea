"""Who may see and act on change projects, on top of ``accounts.access`` and ``training``.

- the owner (the participant who wrote it, or the colleague it was handed to);
- the current mentor (``Plan.mentor``: a transfer moves it, the old mentor loses access);
- team members with an account (they may add evidence);
- the coach of the participant's group; the facilitators and examiners of the batch;
- the organisers of the batch's institute and the platform admin (they may hand over and stop);
- the head of a unit over the project's unit (``Plan.unit``) subtree.

Everyone else gets 404. A mentor without an account acts from the signed e-mail link alone
(``links.py``), which opens only its own plan or milestone.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from revmen.accounts import access
from revmen.accounts.models import Person, RoleKind, Unit
from revmen.training.models import BatchRole, Enrolment

from .models import Milestone, Plan


def plans_visible_to(person: Person) -> QuerySet[Plan]:
    if access.is_platform_admin(person):
        return Plan.objects.all()
    staff_batches = Enrolment.objects.filter(
        person=person,
        role__in=[BatchRole.FACILITATOR, BatchRole.EXAMINER],
        is_active=True,
    ).values_list("batch_id", flat=True)
    condition = (
        Q(owner=person)
        | Q(mentor=person)
        | Q(team__person=person)
        | Q(enrolment__group__coach=person)
        | Q(enrolment__group__examiner=person)
        | Q(enrolment__batch_id__in=staff_batches)
    )
    institutes = access.institute_ids(person)
    if institutes:
        condition |= Q(enrolment__batch__programme__institute_id__in=institutes)
    for role in access.roles_of(person, RoleKind.HEAD_OF_UNIT):
        if role.unit is not None:
            condition |= Q(unit__in=Unit.objects.subtree(role.unit))
    return Plan.objects.filter(pk__in=Plan.objects.filter(condition).values("pk"))


def can_edit(person: Person, plan: Plan) -> bool:
    return plan.owner_id == person.pk


def is_mentor(person: Person, plan: Plan) -> bool:
    return plan.mentor_id == person.pk


def is_coach(person: Person, plan: Plan) -> bool:
    group = plan.enrolment.group
    return group is not None and group.coach_id == person.pk


def can_add_evidence(person: Person, plan: Plan) -> bool:
    return can_edit(person, plan) or plan.team.filter(person=person).exists()


def can_manage(person: Person, plan: Plan) -> bool:
    """Hand over or stop: the organisers of the institute and the platform admin."""
    institute = plan.enrolment.batch.programme.institute_id
    return access.is_platform_admin(person) or institute in access.institute_ids(person)


def can_comment(person: Person, plan: Plan) -> bool:
    return is_coach(person, plan) or is_mentor(person, plan) or can_manage(person, plan)


def get_plan_for_user(request: HttpRequest, pk: int) -> Plan:
    person = access.person_of(request)
    plan = (
        plans_visible_to(person)
        .select_related("owner", "mentor", "enrolment__group", "enrolment__batch__programme")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def get_milestone_for_user(request: HttpRequest, pk: int) -> Milestone:
    milestone = Milestone.objects.filter(pk=pk).first()
    if milestone is None:
        raise Http404
    get_plan_for_user(request, milestone.plan_id)
    return milestone
