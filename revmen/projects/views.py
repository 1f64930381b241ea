"""Change-project pages. Outsiders get 404; the mentor's e-mail links need no login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts import access as accounts_access
from revmen.accounts.access import person_of
from revmen.accounts.models import RoleKind, Unit
from revmen.core.forms import add_validation_errors
from revmen.service.selectors import change_project_figures
from revmen.training.models import BatchRole, Enrolment

from . import access, links, selectors, services
from .forms import (
    CommentForm,
    FileForm,
    MilestoneForm,
    PlanForm,
    ReportForm,
    ReviewForm,
    StopForm,
    TeamForm,
    TransferForm,
    read_upload,
)
from .models import Attachment, FileKind, Milestone, Plan, TeamMember


def _detail(plan: Plan) -> HttpResponse:
    return redirect("project_detail", plan.pk)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for problems in form.errors.values():
        for problem in problems:
            messages.error(request, str(problem))


def _fail(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    """Every list a person follows: their own, their mentees', their groups', the institute's
    (by batch, with status counts) and their unit subtree's."""
    person = person_of(request)
    today = timezone.localdate()
    visible = access.plans_visible_to(person)
    context: dict[str, Any] = {
        "statuses": [(code, selectors.status_label(code)) for code in selectors.LIST_ORDER],
        "own": selectors.rows(visible.filter(owner=person), today),
        "team": selectors.rows(visible.filter(team__person=person).exclude(owner=person), today),
        "mentees": selectors.rows(visible.filter(mentor=person), today),
        "coached": selectors.rows(visible.filter(enrolment__group__coach=person), today),
        "institute": (batches := selectors.by_batch(_institute_plans(person, visible), today)),
        "years": selectors.by_year(batches),
        "unit": selectors.rows(_unit_plans(person, visible), today),
        "writable": Enrolment.objects.filter(
            person=person, role=BatchRole.PARTICIPANT, is_active=True, plan__isnull=True
        ).select_related("batch"),
    }
    return render(request, "projects/list.html", context)


def _institute_plans(person: Any, visible: Any) -> Any:
    if accounts_access.is_platform_admin(person):
        return visible
    institutes = accounts_access.institute_ids(person)
    return visible.filter(enrolment__batch__programme__institute_id__in=institutes)


def _unit_plans(person: Any, visible: Any) -> Any:
    units = [r.unit for r in accounts_access.roles_of(person, RoleKind.HEAD_OF_UNIT) if r.unit]
    if not units:
        return visible.none()
    ids: set[int] = set()
    for unit in units:
        ids |= set(Unit.objects.subtree(unit).values_list("pk", flat=True))
    return visible.filter(unit_id__in=ids)


@login_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(request)
    enrolment = (
        Enrolment.objects.filter(pk=pk, person=person, role=BatchRole.PARTICIPANT)
        .select_related("batch")
        .first()
    )
    if enrolment is None:
        raise Http404
    if hasattr(enrolment, "plan"):
        return _detail(enrolment.plan)
    form = PlanForm(request.POST or None, request.FILES or None, agency_id=person.agency_id)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(enrolment=enrolment, actor=person, data=form.plan_data())
            _store_plan_files(plan, person, form)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _detail(plan)
    return render(request, "projects/plan_form.html", {"form": form, "batch": enrolment.batch})


def _store_plan_files(plan: Plan, person: Any, form: PlanForm) -> None:
    for field, kind in (("document", FileKind.DOCUMENT), ("baseline_file", FileKind.BASELINE)):
        upload = read_upload(form.cleaned_data.get(field))
        if upload is not None:
            services.attachment_add(
                plan=plan, actor=person, kind=kind, filename=upload[0], content=upload[1]
            )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, pk)
    person = person_of(request)
    if not access.can_edit(person, plan):
        raise Http404
    initial = {k: getattr(plan, k) for k in services.PLAN_FIELDS}
    form = PlanForm(
        request.POST or None, request.FILES or None, initial=initial, agency_id=plan.owner.agency_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_update(plan=plan, actor=person, data=form.plan_data())
            _store_plan_files(plan, person, form)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _detail(plan)
    return render(
        request,
        "projects/plan_form.html",
        {"form": form, "plan": plan, "batch": plan.enrolment.batch},
    )


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_detail(access.get_plan_for_user(request, pk).pk)
    person = person_of(request)
    today = timezone.localdate()
    milestones = [(m, selectors.milestone_status(m, today)) for m in plan.milestones.all()]
    context = {
        "plan": plan,
        "status": (code := selectors.plan_status(plan, today)),
        "status_label": selectors.status_label(code),
        "milestones": milestones,
        "can_edit": access.can_edit(person, plan),
        "can_evidence": access.can_add_evidence(person, plan),
        "is_mentor": access.is_mentor(person, plan),
        "can_comment": access.can_comment(person, plan),
        "can_manage": access.can_manage(person, plan),
        "milestone_form": MilestoneForm(),
        "team_form": TeamForm(),
        "file_form": FileForm(),
        "report_form": ReportForm(),
        "review_form": ReviewForm(),
        "comment_form": CommentForm(),
        "stop_form": StopForm(),
        "plan_files": [f for f in plan.files.all() if f.kind != FileKind.EVIDENCE],
        "service_figures": _service_figures(plan),
    }
    return render(request, "projects/detail.html", context)


def _service_figures(plan: Plan) -> dict[str, Any] | None:
    """A plan that changes a public service, once approved: its unit's SKM before and after the
    first approval (the change date) and its complaint response times."""
    if plan.service_unit is None:
        return None
    first = plan.versions.order_by("version").first()
    if first is None:
        return None
    on = timezone.localdate(first.approved_at)
    return change_project_figures(plan.service_unit, on)


def _owner_plan(request: HttpRequest, pk: int) -> Plan:
    plan = access.get_plan_for_user(request, pk)
    if not access.can_edit(person_of(request), plan):
        raise Http404
    return plan


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _owner_plan(request, pk)
    try:
        services.plan_submit(plan=plan, actor=person_of(request))
        messages.success(request, _("Sent to your mentor."))
    except ValidationError as error:
        _fail(request, error)
    return _detail(plan)


def _mentor_review(request: HttpRequest, plan: Plan, review: Callable[..., Any]) -> HttpResponse:
    """The mentor's approve-or-return from the project page, for the plan or a milestone:
    ``review`` is the service with its object bound."""
    person = person_of(request)
    if not access.is_mentor(person, plan):
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return _detail(plan)
    try:
        data = form.cleaned_data
        review(actor=person, decision=data["decision"], comment=data["comment"])
    except ValidationError as error:
        _fail(request, error)
    return _detail(plan)


@login_required
@require_POST
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, pk)
    return _mentor_review(request, plan, partial(services.plan_review, plan=plan))


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _owner_plan(request, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(plan=plan, actor=person_of(request), **form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
    else:
        messages.error(request, _("Check the milestone: every field but the figure is needed."))
    return _detail(plan)


@login_required
@require_POST
def milestone_remove(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access.get_milestone_for_user(request, pk)
    plan = _owner_plan(request, milestone.plan_id)
    try:
        services.milestone_remove(milestone=milestone, actor=person_of(request))
    except ValidationError as error:
        _fail(request, error)
    return _detail(plan)


@login_required
@require_POST
def team_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _owner_plan(request, pk)
    form = TeamForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.team_add(
                plan=plan,
                actor=person_of(request),
                name=data["name"],
                role=data["role"],
                person=data["person"],
            )
        except ValidationError as error:
            _fail(request, error)
    else:
        _form_errors(request, form)
    return _detail(plan)


@login_required
@require_POST
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = TeamMember.objects.filter(pk=pk).first()
    if member is None:
        raise Http404
    plan = _owner_plan(request, member.plan_id)
    services.team_remove(member=member, actor=person_of(request))
    return _detail(plan)


@login_required
@require_POST
def file_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _owner_plan(request, pk)
    form = FileForm(request.POST, request.FILES)
    if form.is_valid():
        upload = read_upload(form.cleaned_data["file"])
        assert upload is not None
        services.attachment_add(
            plan=plan,
            actor=person_of(request),
            kind=form.cleaned_data["kind"],
            filename=upload[0],
            content=upload[1],
        )
    else:
        _form_errors(request, form)
    return _detail(plan)


def serve_file(attachment: Attachment) -> HttpResponse:
    """The stored bytes with their checked type; only images show inline, nothing as HTML."""
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    disposition = "inline" if attachment.is_image else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{attachment.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    access.get_plan_for_user(request, attachment.plan_id)
    return serve_file(attachment)


@login_required
@require_POST
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access.get_milestone_for_user(request, pk)
    person = person_of(request)
    if not access.can_add_evidence(person, milestone.plan):
        raise Http404
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_add(
                milestone=milestone,
                actor=person,
                text=form.cleaned_data["text"],
                figure=form.cleaned_data["figure"],
                files=form.files_read(),
            )
            messages.success(request, _("Progress saved."))
        except ValidationError as error:
            _fail(request, error)
    else:
        _form_errors(request, form)
    return _detail(milestone.plan)


@login_required
@require_POST
def milestone_review(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access.get_milestone_for_user(request, pk)
    review = partial(services.milestone_review, milestone=milestone)
    return _mentor_review(request, milestone.plan, review)


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, pk)
    person = person_of(request)
    if not access.can_comment(person, plan):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        milestone = Milestone.objects.filter(
            plan=plan, pk=request.POST.get("milestone") or 0
        ).first()
        services.comment_add(
            plan=plan, actor=person, text=form.cleaned_data["text"], milestone=milestone
        )
    return _detail(plan)


def _manager_plan(request: HttpRequest, pk: int) -> Plan:
    plan = access.get_plan_for_user(request, pk)
    if not access.can_manage(person_of(request), plan):
        raise Http404
    return plan


@login_required
def plan_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _manager_plan(request, pk)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.plan_transfer(
                plan=plan,
                actor=person_of(request),
                to=services.Handover(owner=data["owner"], mentor=data["mentor"]),
                note=data["note"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The project was handed over."))
            return _detail(plan)
    return render(request, "projects/transfer.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_stop(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request, pk)
    person = person_of(request)
    if not (access.can_edit(person, plan) or access.can_manage(person, plan)):
        raise Http404
    form = StopForm(request.POST)
    if form.is_valid():
        services.plan_stop(plan=plan, actor=person, **form.cleaned_data)
    return _detail(plan)


# The mentor's e-mail links: the signed token is the credential ------------------------------


def _link_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return _link_page(request, "projects/link_invalid.html", {}, status=404)


@dataclass(frozen=True)
class _LinkPurpose:
    """What differs between the plan's link and a milestone's: how the token opens, which
    service decides, and the page that shows what is to be decided."""

    open: Callable[[str], Any]
    review: Callable[..., Any]
    template: str
    context: Callable[[Any], dict[str, Any]]


def _link_review(request: HttpRequest, token: str, purpose: _LinkPurpose) -> HttpResponse:
    try:
        link = purpose.open(token)
    except links.LinkInvalid:
        return _link_invalid(request)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            purpose.review(token=token, decision=decision, comment=form.cleaned_data["comment"])
        except links.LinkInvalid:
            return _link_invalid(request)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            approved = decision == services.APPROVE
            return _link_page(request, "projects/link_done.html", {"approved": approved})
    context = {**purpose.context(link), "form": form, "token": token}
    return _link_page(request, purpose.template, context)


def _plan_link_context(link: links.PlanLink) -> dict[str, Any]:
    plan = selectors.plan_detail(link.plan.pk)
    files = [f for f in plan.files.all() if f.kind != FileKind.EVIDENCE]
    return {"plan": plan, "plan_files": files}


def _milestone_link_context(link: links.MilestoneLink) -> dict[str, Any]:
    milestone = link.milestone
    reports = milestone.reports.prefetch_related("files").select_related("author")
    return {"milestone": milestone, "plan": milestone.plan, "reports": reports}


PLAN_LINK = _LinkPurpose(
    links.open_plan_link,
    services.plan_review_by_link,
    "projects/link_plan.html",
    _plan_link_context,
)
MILESTONE_LINK = _LinkPurpose(
    links.open_milestone_link,
    services.milestone_review_by_link,
    "projects/link_milestone.html",
    _milestone_link_context,
)


def plan_link(request: HttpRequest, token: str) -> HttpResponse:
    return _link_review(request, token, PLAN_LINK)


def milestone_link(request: HttpRequest, token: str) -> HttpResponse:
    return _link_review(request, token, MILESTONE_LINK)


def link_file(request: HttpRequest, token: str, pk: int) -> HttpResponse:
    """A file of the plan or milestone the link is for, opened from the link page."""
    attachment: Attachment | None = None
    try:
        plan = links.open_plan_link(token).plan
        attachment = plan.files.exclude(kind=FileKind.EVIDENCE).filter(pk=pk).first()
    except links.LinkInvalid:
        try:
            milestone = links.open_milestone_link(token).milestone
            attachment = Attachment.objects.filter(pk=pk, milestone=milestone).first()
        except links.LinkInvalid:
            attachment = None
    if attachment is None:
        raise Http404
    return serve_file(attachment)
