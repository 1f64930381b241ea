from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.core.exports import download
from revmen.core.forms import add_validation_errors
from revmen.core.jobs import import_start
from revmen.core.parts import person_parts

from . import access, corrections, otp, selectors, services, throttle
from .forms import (
    AgencyForm,
    CorrectionReplyForm,
    CorrectionRequestForm,
    ImportForm,
    LoginForm,
    PersonForm,
    ProfileForm,
    UnitForm,
    UnitRenameForm,
)
from .invitations import invitation_send
from .models import Unit


@method_decorator(throttle.guarded, name="post")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    agencies = selectors.agency_list(
        access.agencies_visible_to(access.person_of(request)), query=query
    )
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/agency_list.html",
        {
            "page": page,
            "query": query,
            "can_create": access.is_platform_admin(access.person_of(request)),
        },
    )


@login_required
def agency_create(request: HttpRequest) -> HttpResponse:
    if not access.is_platform_admin(access.person_of(request)):
        raise Http404
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(**form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Agency %(code)s created.") % {"code": agency.code})
            return redirect("agency_detail", code=agency.code)
    return render(request, "accounts/agency_form.html", {"form": form})


@login_required
def agency_edit(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.get_agency_for_user(request, code, manage=True)
    initial = {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "timezone": agency.timezone,
    }
    form = AgencyForm(request.POST or None, initial=initial)
    form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.agency_update(
            agency=agency, name=data["name"], kind=data["kind"], timezone=data["timezone"]
        )
        messages.success(request, _("Saved."))
        return redirect("agency_detail", code=agency.code)
    return render(request, "accounts/agency_form.html", {"form": form, "agency": agency})


@login_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.get_agency_for_user(request, code)
    person = access.person_of(request)
    tree = selectors.unit_tree(access.units_visible_to(person, agency))
    return render(
        request,
        "accounts/agency_detail.html",
        {
            "agency": agency,
            "tree": tree,
            "can_manage": access.can_manage_agency(person, agency),
            "can_list_people": access.can_list_people(person, agency),
            "unit_form": UnitForm(agency=agency)
            if access.can_manage_agency(person, agency)
            else None,
        },
    )


@login_required
def unit_create(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.get_agency_for_user(request, code, manage=True)
    form = UnitForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                parent=form.cleaned_data["parent"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Unit %(path)s added.") % {"path": unit.path})
            return redirect("agency_detail", code=agency.code)
    return render(request, "accounts/unit_form.html", {"form": form, "agency": agency})


@login_required
def unit_rename(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = access.get_agency_for_user(request, code, manage=True)
    unit = get_object_or_404(Unit, agency=agency, pk=pk, parent__isnull=False)
    form = UnitRenameForm(request.POST or None, initial={"name": unit.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_rename(unit=unit, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Unit renamed."))
            return redirect("agency_detail", code=agency.code)
    return render(
        request, "accounts/unit_form.html", {"form": form, "agency": agency, "unit": unit}
    )


@login_required
def people_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.get_agency_for_user(request, code)
    person = access.person_of(request)
    if not access.can_list_people(person, agency):
        raise Http404
    query = request.GET.get("q", "").strip()
    people = selectors.people_of_agency(
        agency, visible=access.people_visible_to(person), query=query
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people_list.html",
        {
            "agency": agency,
            "page": page,
            "query": query,
            "can_manage": access.can_manage_agency(person, agency),
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request, pk)
    viewer = access.person_of(request)
    can_edit = person.agency is not None and access.can_manage_agency(viewer, person.agency)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "can_edit": can_edit or access.is_platform_admin(viewer),
            "sections": [s for part in person_parts() for s in part(viewer, person)],
        },
    )


@login_required
def person_create(request: HttpRequest, code: str) -> HttpResponse:
    agency = access.get_agency_for_user(request, code, manage=True)
    form = PersonForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(agency=agency, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            if invitation_send(person=person):
                messages.info(
                    request,
                    _("An invitation to set a password was sent to %(email)s.")
                    % {"email": person.email},
                )
            return redirect("person_detail", pk=person.pk)
    return render(request, "accounts/person_form.html", {"form": form, "agency": agency})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request, pk, manage=True)
    agency = person.agency
    if agency is None:
        raise Http404
    fields = [
        "nip",
        "name",
        "email",
        "birth_place",
        "birth_date",
        "sex",
        "pangkat_golongan",
        "jabatan",
        "unit",
    ]
    form = PersonForm(
        request.POST or None, agency=agency, initial={f: getattr(person, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person, actor=access.person_of(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("person_detail", pk=person.pk)
    return render(
        request, "accounts/person_form.html", {"form": form, "agency": agency, "person": person}
    )


@login_required
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request, pk, manage=True)
    if invitation_send(person=person):
        messages.success(
            request,
            _("An invitation to set a password was sent to %(email)s.") % {"email": person.email},
        )
    else:
        messages.error(request, _("This person has no e-mail address: add one first."))
    return redirect("person_detail", pk=person.pk)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    form = ProfileForm(request.POST or None, initial={"timezone": person.timezone})
    if request.method == "POST" and form.is_valid():
        person.timezone = form.cleaned_data["timezone"]
        person.save(update_fields=["timezone"])
        messages.success(request, _("Saved."))
        return redirect("profile")
    context = {
        "form": form,
        "person": person,
        "otp_enrolled": otp.is_enrolled(person),
        "handles_corrections": corrections.may_handle_corrections(person),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def agency_import(request: HttpRequest) -> HttpResponse:
    if not access.is_platform_admin(access.person_of(request)):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_start(
            kind="agencies",
            created_by=request.user,
            filename=upload.name,
            content=upload.read(),
            only_valid=form.cleaned_data["only_valid"],
        )
        return redirect("job_detail", pk=job.pk)
    return render(request, "accounts/agency_import.html", {"form": form})


@login_required
@require_POST
def own_data(request: HttpRequest) -> HttpResponse:
    return download(corrections.own_data_download(person=access.person_of(request)))


@login_required
def correction_request(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    form = CorrectionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        corrections.correction_request_create(person=person, **form.cleaned_data)
        messages.success(request, _("Your request was sent to your agency's administrator."))
        return redirect("correction_request")
    context = {"form": form, "requests": person.corrections.all()}
    return render(request, "accounts/correction_request.html", context)


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    person = access.person_of(request)
    if not corrections.may_handle_corrections(person):
        raise Http404
    requests = corrections.corrections_for_handler(person)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/correction_list.html", {"page": page, "form": CorrectionReplyForm()}
    )


@login_required
@require_POST
def correction_handle(request: HttpRequest, pk: int) -> HttpResponse:
    person = access.person_of(request)
    item = get_object_or_404(corrections.corrections_for_handler(person), pk=pk)
    form = CorrectionReplyForm(request.POST)
    if form.is_valid():
        corrections.correction_request_handle(request=item, actor=person, **form.cleaned_data)
        messages.success(request, _("Saved."))
    return redirect("correction_list")
