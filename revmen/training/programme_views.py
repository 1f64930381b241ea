"""Organiser pages: programmes with curriculum and evaluation scheme, batches, staff, mentors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts import access
from revmen.accounts.models import Agency, RoleKind
from revmen.core.forms import add_validation_errors
from revmen.training import access as batch_access

from . import selectors, services
from .forms import (
    AgendaForm,
    AssignmentForm,
    BatchForm,
    CopyForm,
    GroupForm,
    GroupMemberForm,
    GroupMoveForm,
    MentorForm,
    PhaseForm,
    ProgrammeForm,
    SchemeForm,
    StaffForm,
    SubjectForm,
)
from .models import Batch, Group, Programme, Subject


def _institutes(request: HttpRequest) -> QuerySet[Agency]:
    """The institutes whose programmes this person runs; nobody else sees programme pages."""
    person = access.person_of(request)
    if access.is_platform_admin(person):
        return Agency.objects.filter(kind="institute")
    ids = [role.agency_id for role in access.roles_of(person, RoleKind.ORGANISER)]
    return Agency.objects.filter(pk__in=ids)


def _get_programme_for_user(request: HttpRequest, code: str) -> Programme:
    programme = (
        Programme.objects.filter(institute__in=_institutes(request), code=code.upper())
        .select_related("institute")
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def _form_page(request: HttpRequest, form: Any, title: str, **context: Any) -> HttpResponse:
    return render(request, "training/form.html", {"form": form, "title": title, **context})


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    institutes = _institutes(request)
    if not institutes.exists():
        raise Http404
    programmes = (
        Programme.objects.filter(institute__in=institutes)
        .select_related("institute")
        .annotate(n_batches=Count("batches"))
    )
    return render(request, "training/programme_list.html", {"programmes": programmes})


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    institutes = _institutes(request)
    if not institutes.exists():
        raise Http404
    form = ProgrammeForm(request.POST or None, institutes=institutes)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(**form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect("programme_detail", code=programme.code)
    return _form_page(request, form, _("New programme"))


@login_required
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = _get_programme_for_user(request, code)
    agendas = programme.agendas.prefetch_related(Prefetch("subjects", Subject.objects.all()))
    return render(
        request,
        "training/programme_detail.html",
        {
            "programme": programme,
            "agendas": agendas,
            "total_jp": sum(s.jp for a in agendas for s in a.subjects.all()),
            "phases": programme.phases.all(),
            "components": programme.components.all(),
            "bands": programme.bands.all(),
            "batches": selectors.batches_with_counts(programme.batches.all()),
            "agenda_form": AgendaForm(),
            "subject_form": SubjectForm(programme=programme),
            "phase_form": PhaseForm(),
        },
    )


def _curriculum_add(request: HttpRequest, code: str, form_class: Any, create: Any) -> HttpResponse:
    programme = _get_programme_for_user(request, code)
    kwargs = {"programme": programme} if form_class is SubjectForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            create(programme, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(e) for es in form.errors.values() for e in es))
    return redirect("programme_detail", code=programme.code)


@login_required
@require_POST
def agenda_add(request: HttpRequest, code: str) -> HttpResponse:
    return _curriculum_add(
        request, code, AgendaForm, lambda p, d: services.agenda_create(programme=p, **d)
    )


@login_required
@require_POST
def subject_add(request: HttpRequest, code: str) -> HttpResponse:
    return _curriculum_add(request, code, SubjectForm, lambda p, d: services.subject_create(**d))


@login_required
@require_POST
def phase_add(request: HttpRequest, code: str) -> HttpResponse:
    return _curriculum_add(
        request,
        code,
        PhaseForm,
        lambda p, d: services.phase_create(programme=p, **d),
    )


@login_required
def scheme_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = _get_programme_for_user(request, code)
    form = SchemeForm(request.POST or None, initial=SchemeForm.initial_for(programme))
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_set(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Evaluation scheme saved."))
            return redirect("programme_detail", code=programme.code)
    return _form_page(request, form, _("Evaluation scheme"), programme=programme)


@login_required
def programme_copy(request: HttpRequest, code: str) -> HttpResponse:
    programme = _get_programme_for_user(request, code)
    form = CopyForm(request.POST or None, initial={"name": programme.name})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.programme_copy(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Programme copied."))
            return redirect("programme_detail", code=copy.code)
    return _form_page(request, form, _("Copy the programme"), programme=programme)


@login_required
def batch_create(request: HttpRequest, code: str) -> HttpResponse:
    programme = _get_programme_for_user(request, code)
    form = BatchForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Batch %(code)s opened.") % {"code": batch.code})
            return redirect("batch_detail", code=batch.code)
    return _form_page(request, form, _("Open a batch"), programme=programme)


@login_required
def batch_edit(request: HttpRequest, code: str) -> HttpResponse:
    batch = batch_access.get_batch_for_user(request, code, manage=True)
    fields = [
        "code",
        "name",
        "start_date",
        "end_date",
        "mode",
        "capacity",
        "organiser",
        "checkin_lead_minutes",
    ]
    form = BatchForm(
        request.POST or None,
        programme=batch.programme,
        initial={f: getattr(batch, f) for f in fields},
    )
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "code"}
        try:
            services.batch_update(batch=batch, **data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            warning = services.capacity_warning(batch)
            if warning:
                messages.warning(request, warning)
            messages.success(request, _("Saved."))
            return redirect("batch_detail", code=batch.code)
    return _form_page(request, form, _("Edit the batch"), batch=batch)


def _staff_context(batch: Batch, **forms: Any) -> dict[str, Any]:
    context = {
        "batch": batch,
        "staff": selectors.staff_of(batch),
        "assignments": batch.assignments.select_related("subject", "facilitator"),
        "groups": selectors.groups_of(batch),
        "participants": selectors.participants_of(batch),
        "staff_form": StaffForm(batch=batch),
        "assignment_form": AssignmentForm(batch=batch),
        "group_form": GroupForm(batch=batch),
        "mentor_form": MentorForm(batch=batch),
        "move_form": GroupMoveForm(batch=batch),
    }
    context.update(forms)
    return context


@login_required
def batch_staff(request: HttpRequest, code: str) -> HttpResponse:
    batch = batch_access.get_batch_for_user(request, code, manage=True)
    return render(request, "training/batch_staff.html", _staff_context(batch))


def _staff_post(
    request: HttpRequest, code: str, form_class: Any, action: Any, key: str
) -> HttpResponse:
    batch = batch_access.get_batch_for_user(request, code, manage=True)
    form = form_class(request.POST, batch=batch)
    if form.is_valid():
        try:
            action(batch, form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("batch_staff", code=batch.code)
    return render(request, "training/batch_staff.html", _staff_context(batch, **{key: form}))


@login_required
@require_POST
def staff_add(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_post(
        request,
        code,
        StaffForm,
        lambda b, d: services.staff_assign(batch=b, person=d["person"], role=d["role"]),
        "staff_form",
    )


@login_required
@require_POST
def assignment_add(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_post(
        request,
        code,
        AssignmentForm,
        lambda b, d: services.facilitator_assign(batch=b, subject=d["subject"], person=d["person"]),
        "assignment_form",
    )


@login_required
@require_POST
def group_add(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_post(
        request,
        code,
        GroupForm,
        lambda b, d: services.group_save(batch=b, **{**d, "members": list(d["members"])}),
        "group_form",
    )


@login_required
@require_POST
def mentor_set(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_post(
        request,
        code,
        MentorForm,
        lambda b, d: services.mentor_assign(
            enrolment=d["participant"], mentor=d["nip"], name=d["name"], email=d["email"]
        ),
        "mentor_form",
    )


@login_required
@require_POST
def group_member_move(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_post(
        request,
        code,
        GroupMoveForm,
        lambda b, d: services.group_member_move(enrolment=d["participant"], group=d["group"]),
        "move_form",
    )


@login_required
@require_POST
def group_member_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Take a participant out of a group; a second submit finds them out already: no harm."""
    batch = batch_access.get_batch_for_user(request, code, manage=True)
    group = get_object_or_404(Group, batch=batch, pk=pk)
    form = GroupMemberForm(request.POST, batch=batch)
    if not form.is_valid():
        raise Http404
    participant = form.cleaned_data["participant"]
    enrolment = services.group_member_remove(group=group, enrolment=participant)
    messages.success(
        request,
        _("%(name)s is no longer in %(group)s.")
        % {"name": enrolment.person.name, "group": group.name},
    )
    return redirect("batch_staff", code=batch.code)
