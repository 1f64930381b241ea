"""Pages of the learning app: the material library, prompts, the journal, feedback,
commitments and the facilitator's batch view. Every lookup goes through ``learning.access``
(outsiders get 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import institute_ids, is_platform_admin, person_of
from revmen.accounts.models import Person
from revmen.core.forms import add_validation_errors
from revmen.training.access import can_manage_batch
from revmen.training.models import BatchRole, Programme, Session

from . import access, selectors, services, uploads
from .forms import CommitmentForm, EntryForm, FeedbackForm, MaterialForm, PromptForm
from .models import Material


def _sessions_for(person: Person, programme: Programme) -> QuerySet[Session]:
    """The sessions a manager may attach material to: those of the programme's batches they
    organise or facilitate."""
    sessions = Session.objects.filter(batch__programme=programme)
    if is_platform_admin(person) or programme.institute_id in institute_ids(person):
        return sessions.order_by("batch__start_date", "starts_at")
    return (
        sessions.filter(
            Q(batch__enrolments__person=person, batch__enrolments__role=BatchRole.FACILITATOR)
        )
        .distinct()
        .order_by("batch__start_date", "starts_at")
    )


def _upload(form: MaterialForm) -> tuple[str, bytes] | None:
    file = form.cleaned_data.get("file")
    return (file.name or "", file.read()) if file else None


@login_required
def programme_materials(request: HttpRequest, code: str) -> HttpResponse:
    programme = access.get_programme_for_materials(request, code)
    person = person_of(request)
    form = MaterialForm(
        request.POST or None, request.FILES or None, sessions=_sessions_for(person, programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.material_save(
                programme=programme,
                actor=person,
                upload=_upload(form),
                **{k: form.cleaned_data[k] for k in ("kind", "title", "description", "url")},
                values=form.cleaned_data["values"],
                sessions=form.cleaned_data["sessions"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Material saved."))
            return redirect("programme_materials", programme.code)
    return render(
        request,
        "learning/materials.html",
        {
            "programme": programme,
            "materials": selectors.materials_of_programme(programme),
            "form": form,
        },
    )


@login_required
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    material = access.get_material_for_manager(request, pk)
    person = person_of(request)
    initial = {
        "kind": material.kind,
        "title": material.title,
        "description": material.description,
        "url": material.url,
        "values": material.values,
        "sessions": list(material.sessions.all()),
    }
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        sessions=_sessions_for(person, material.programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.material_save(
                programme=material.programme,
                actor=person,
                material=material,
                upload=_upload(form),
                **{k: form.cleaned_data[k] for k in ("kind", "title", "description", "url")},
                values=form.cleaned_data["values"],
                sessions=form.cleaned_data["sessions"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Material saved."))
            return redirect("programme_materials", material.programme.code)
    return render(request, "learning/material_edit.html", {"material": material, "form": form})


@login_required
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded file, only ever as an attachment of the type read from its bytes, never
    sniffed by the browser (so never shown as HTML)."""
    material = access.get_material_for_reader(request, pk)
    content = Material.objects.filter(pk=material.pk).values_list("file_content", flat=True).first()
    if not material.has_file or content is None:
        raise Http404
    response = HttpResponse(bytes(content), content_type=material.file_type)
    name = uploads.safe_filename(material.file_name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def batch_materials(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_member(request, code)
    return render(
        request,
        "learning/batch_materials.html",
        {"batch": batch, "materials": selectors.materials_of_batch(batch)},
    )


@login_required
def prompt_create(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    session = access.get_session_for_facilitator(request, code, pk)
    form = PromptForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.prompt_create(
                session=session,
                actor=person_of(request),
                text=form.cleaned_data["text"],
                deadline=form.deadline(),
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The prompt is posted: the participants see it now."))
            return redirect("batch_journal", session.batch.code)
    return render(
        request,
        "learning/prompt_form.html",
        {"session": session, "batch": session.batch, "form": form},
    )


@login_required
def journal(request: HttpRequest) -> HttpResponse:
    """A participant's own journal, across batches (alumni keep theirs)."""
    person = person_of(request)
    return render(
        request,
        "learning/journal.html",
        {"batches": selectors.journal_of(person), "now": timezone.now()},
    )


@login_required
def entry_write(request: HttpRequest, pk: int) -> HttpResponse:
    prompt = access.get_prompt_for_writer(request, pk)
    person = person_of(request)
    entry = prompt.entries.filter(person=person).first()
    form = EntryForm(request.POST or None, initial={"text": entry.text if entry else ""})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_save(
                prompt=prompt, person=person, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your entry is saved."))
            return redirect("entry_detail", entry.pk)
    return render(
        request,
        "learning/entry_form.html",
        {
            "prompt": prompt,
            "batch": prompt.session.batch,
            "entry": entry,
            "form": form,
            "is_open": prompt.is_open(),
        },
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_reader(request, pk)
    person = person_of(request)
    may_answer = access.may_answer(person, entry)
    return render(
        request,
        "learning/entry_detail.html",
        {
            "entry": entry,
            "batch": entry.prompt.session.batch,
            "is_writer": entry.person_id == person.pk,
            "revisions": entry.revisions.order_by("-number"),
            "feedback": entry.feedback.select_related("author"),
            "form": FeedbackForm() if may_answer else None,
        },
    )


@login_required
@require_POST
def entry_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_reader(request, pk)
    person = person_of(request)
    if not access.may_answer(person, entry):
        raise Http404
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.feedback_create(entry=entry, author=person, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your answer is sent to the participant."))
    else:
        messages.error(request, _("Write an answer first."))
    return redirect("entry_detail", entry.pk)


@login_required
def batch_unanswered(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_facilitator(request, code)
    return render(
        request,
        "learning/unanswered.html",
        {"batch": batch, "entries": selectors.unanswered(batch)},
    )


@login_required
def batch_journal(request: HttpRequest, code: str) -> HttpResponse:
    """The facilitator's view of the batch's journal; its organisers see counts, attendance and
    missing entries only."""
    batch, with_mood = access.get_batch_for_overview(request, code)
    overview = selectors.batch_overview(batch, with_mood=with_mood)
    return render(
        request,
        "learning/batch_journal.html",
        {
            "batch": batch,
            "o": overview,
            "sessions": batch.sessions.order_by("starts_at") if with_mood else [],
            "can_manage": can_manage_batch(person_of(request), batch),
        },
    )


@login_required
def commitments(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_member(request, code)
    person = person_of(request)
    if not access.is_participant(person, batch):
        raise Http404
    current = {c.value: c.text for c in selectors.commitments_of(person, batch)}
    form = CommitmentForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitments_save(batch=batch, person=person, texts=form.texts())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your commitments are saved."))
            return redirect("commitments", batch.code)
    return render(request, "learning/commitments.html", {"batch": batch, "form": form})
