"""Answering questionnaires: one page per section, progress saved, missing answers shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.accounts.models import Person
from revmen.core import ratelimits
from revmen.core.audit import audit
from revmen.core.exports import download
from revmen.core.views import int_param, job_file_page
from revmen.training import access

from . import datasets, reminders
from .analysis import prepost_change
from .answers import AnswerSheet, apply_post, missing_required
from .exports import change_xlsx
from .forms import AdministrationForm
from .models import Administration, IdentityMode, Invitation, Item, Response, Section, Token
from .selectors import administrations_of_batch
from .services import (
    AlreadySubmitted,
    administration_create,
    draft_load,
    draft_save,
    invitation_get,
    key_used,
    open_link_token,
    response_submit,
    token_get,
    token_hand_out,
)
from .tokens import token_hash


@dataclass
class Respondent:
    """Who is answering: a person (optionally about a subject), a wave's or open link's token,
    or the holder of a handed-out key (anonymous questionnaires)."""

    administration: Administration
    person: Person | None = None
    subject: Person | None = None
    token: str | None = None
    key: str | None = None
    sent: bool = False  # set once the answers are stored (or were already)

    def draft_key(self) -> dict[str, Any]:
        if self.key is not None:
            return {"token": self.key}
        if self.token is not None:
            return {"token": self.token}
        return {"person": self.person, "subject": self.subject}

    def submit_key(self) -> dict[str, Any]:
        if self.key is not None:
            return {"key": self.key, "subject": self.subject}
        if self.token is not None:
            return {"token": self.token}
        return {"person": self.person, "subject": self.subject}


@login_required
def answer_as_person(request: HttpRequest, pk: int) -> HttpResponse:
    administration = get_object_or_404(Administration.objects.select_related("version"), pk=pk)
    person = person_of(request)
    subject = None
    about = int_param(request, "about")
    if about is not None:
        subject = get_object_or_404(Person, pk=about)
    invitation = invitation_get(administration=administration, person=person, subject=subject)
    if invitation is None:
        raise Http404
    if administration.identity == IdentityMode.ANONYMOUS:
        return _answer_with_key(request, invitation)
    return _answer(request, Respondent(administration, person=person, subject=subject))


KEY_SALT = "revmen.instruments.key"


def _answer_with_key(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    """Anonymous: the person's key lives only in a signed HttpOnly cookie of the browser that
    first opened the questionnaire; answering goes by the key alone, never by the person."""
    return answer_with_key(
        request,
        invitation.administration,
        invitation.subject,
        hand_out=lambda: token_hand_out(invitation=invitation),
        scope=str(invitation.subject_id or 0),
        path=reverse("answer", args=[invitation.administration_id]),
    )


def answer_with_key(
    request: HttpRequest,
    administration: Administration,
    subject: Person | None,
    *,
    hand_out: Callable[[], str | None],
    scope: str,
    path: str,
) -> HttpResponse:
    """Answer by a handed-out key (see ``docs/privacy.md``): the key is made once by
    ``hand_out`` (``None``: handed out already, to another browser) and lives only in a signed
    HttpOnly cookie scoped to ``path``; the answer carries the key's hash, never the person.
    Other apps use it for invitees who are not ``Invitation`` rows (the 360° peers)."""
    name = f"revmen_key_{administration.pk}_{scope}"
    salt = f"{KEY_SALT}:{administration.pk}:{scope}"
    key = request.get_signed_cookie(name, default=None, salt=salt)
    fresh = False
    if key is None:
        if not administration.is_open():
            return render(request, "instruments/closed.html", {"administration": administration})
        key = hand_out()
        if key is None:
            return render(
                request, "instruments/opened_elsewhere.html", {"administration": administration}
            )
        fresh = True
    respondent = Respondent(administration, subject=subject, key=key)
    page = _answer(request, respondent)
    if respondent.sent:
        page.delete_cookie(name, path=path, samesite="Lax")
    elif fresh:
        page.set_signed_cookie(
            name,
            key,
            salt=salt,
            max_age=int((administration.closes_at - timezone.now()) / timedelta(seconds=1)),
            path=path,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return page


@ratelimits.limit("ANSWER_SHEET_RATE_LIMIT", key=ratelimits.url_part("token"), method="POST")
def answer_with_token(request: HttpRequest, token: str) -> HttpResponse:
    row = token_get(token)
    if row is None:
        if request.method == "POST":  # a used or made-up token
            ratelimits.refuse_if_flooding(request)
        return render(request, "instruments/done.html", {"already": True}, status=200)
    respondent = Respondent(row.administration, subject=row.subject, token=token)
    return _answer(request, respondent)


def open_link(request: HttpRequest, key: str) -> HttpResponse:
    administration = Administration.objects.filter(public_key=key).first()
    if administration is None:
        ratelimits.refuse_if_flooding(request)
        raise Http404
    if administration.purpose == "culture":  # waves ask for the unit first
        return redirect("wave_link", key=key)
    if administration.purpose == "skm":  # one answer per browser: the service unit's own page
        return redirect("service_skm_key", key=key)
    if not administration.is_open():
        return render(request, "instruments/closed.html", {"administration": administration})
    ratelimits.spend(request, "OPEN_LINK_RATE_LIMIT", per=key)  # each visit hands out a sheet
    token = open_link_token(administration=administration)
    return redirect("answer_token", token=token)


def _answer(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    administration = respondent.administration
    if not administration.is_open():
        return render(request, "instruments/closed.html", {"administration": administration})
    if _already_answered(respondent):
        respondent.sent = True
        return render(request, "instruments/done.html", {"already": True})
    sections = list(administration.version.sections.prefetch_related("items").all())
    items = [item for section in sections for item in section.items.all()]
    sheet = draft_load(administration, **respondent.draft_key())
    step = _step(request, len(sections))
    errors: dict[str, str] = {}
    if request.method == "POST":
        if step < len(sections):
            errors = apply_post(sheet, sections[step].items.all(), request.POST)
            draft_save(administration, sheet, **respondent.draft_key())
            if not errors:
                target = step - 1 if "back" in request.POST else step + 1
                return redirect(f"{request.path}?{_query(request, target)}")
        else:
            return _submit(request, respondent, sheet, items)
    return _render_step(request, respondent, sections, items, sheet, step, errors)


def _already_answered(respondent: Respondent) -> bool:
    if respondent.key is not None:
        return key_used(administration=respondent.administration, key=respondent.key)
    if respondent.token is not None:
        return not Token.objects.filter(
            administration=respondent.administration, token_hash=token_hash(respondent.token)
        ).exists()
    return Response.objects.filter(
        administration=respondent.administration,
        respondent=respondent.person,
        subject=respondent.subject,
    ).exists()


def _step(request: HttpRequest, n_sections: int) -> int:
    try:
        step = int(request.GET.get("s", "0"))
    except ValueError:
        step = 0
    return min(max(step, 0), n_sections)


def _query(request: HttpRequest, step: int) -> str:
    query = request.GET.copy()
    query["s"] = str(step)
    return query.urlencode()


def _submit(
    request: HttpRequest, respondent: Respondent, sheet: AnswerSheet, items: list[Item]
) -> HttpResponse:
    try:
        response_submit(
            administration=respondent.administration, sheet=sheet, **respondent.submit_key()
        )
    except AlreadySubmitted:
        respondent.sent = True
        return render(request, "instruments/done.html", {"already": True})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{request.path}?{_query(request, 10_000)}")
    respondent.sent = True
    return render(
        request,
        "instruments/done.html",
        {"administration": respondent.administration, "already": False},
    )


def _render_step(
    request: HttpRequest,
    respondent: Respondent,
    sections: list[Section],
    items: list[Item],
    sheet: AnswerSheet,
    step: int,
    errors: dict[str, str],
) -> HttpResponse:
    context: dict[str, Any] = {
        "administration": respondent.administration,
        "subject": respondent.subject,
        "sections": sections,
        "step": step,
        "n_sections": len(sections),
        "progress": sum(1 for item in items if sheet.is_answered(item)),
        "n_items": len(items),
        "anonymous": respondent.administration.identity == IdentityMode.ANONYMOUS,
        "query": _query(request, step),
    }
    if step < len(sections):
        section = sections[step]
        context.update(
            section=section,
            errors=errors,
            fields=[
                {
                    "item": item,
                    "qtype": item.qtype,
                    "choices": item.qtype.choices(item),
                    "error": errors.get(item.code),
                    "value": sheet.values[item.position],
                    "text": sheet.texts.get(item.code, ""),
                    "selected": item.qtype.selected(sheet, item),
                }
                for item in section.items.all()
            ],
        )
        return render(request, "instruments/answer.html", context)
    missing = missing_required(sheet, items)
    section_of = {
        item.pk: index for index, section in enumerate(sections) for item in section.items.all()
    }
    context.update(missing=[(item, section_of[item.pk]) for item in missing])
    return render(request, "instruments/review.html", context)


@login_required
def batch_questionnaires(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_batch_for_user(request, code)
    can_manage = access.can_manage_batch(person_of(request), batch)
    form = (
        AdministrationForm(request.POST or None, batch=batch, viewer=person_of(request))
        if can_manage
        else None
    )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                administration = administration_create(
                    batch=batch, created_by=person_of(request), **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(title)s is open to %(n)s invitations.")
                    % {"title": administration.title, "n": administration.invitations.count()},
                )
                return redirect("batch_questionnaires", code=batch.code)
    administrations = list(administrations_of_batch(batch.pk))
    sent = reminders.latest_reminders(administrations) if can_manage else {}
    return render(
        request,
        "instruments/batch_questionnaires.html",
        {
            "batch": batch,
            "rows": [(a, sent.get(a.pk)) for a in administrations],
            "form": form,
            "can_manage": can_manage,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def batch_questionnaire_remind(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Remind those who have not answered (everyone invited, for an anonymous questionnaire)."""
    batch = access.get_batch_for_user(request, code, manage=True)
    administration = get_object_or_404(Administration, batch=batch, pk=pk)
    try:
        reminders.reminder_start(administration=administration, by=person_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The reminder is being sent."))
    return redirect("batch_questionnaires", code=batch.code)


@login_required
@require_POST
def batch_questionnaire_responses(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Start the responses' data set (.xlsx, .csv or .sav) for those who manage the batch."""
    batch = access.get_batch_for_user(request, code, manage=True)
    administration = get_object_or_404(Administration, batch=batch, pk=pk)
    fmt = request.POST.get("format", "")
    if fmt not in datasets.FORMATS:
        raise Http404
    job = datasets.export_start(administration=administration, fmt=fmt, person=person_of(request))
    return redirect("responses_export", pk=job.pk)


@login_required
def responses_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The data set's progress, then the file (``core.views.job_file_page``)."""
    return job_file_page(
        request,
        pk,
        kind=datasets.EXPORT_KIND,
        template="instruments/responses_export.html",
        partial="instruments/_responses_export.html",
    )


@login_required
def batch_change(request: HttpRequest, code: str) -> HttpResponse:
    """Pre/post change of a batch: group statistics per scale and reliable change per person."""
    batch = access.get_batch_for_user(request, code)
    administrations = batch.administrations.select_related("version__instrument")
    post = get_object_or_404(administrations, pk=int_param(request, "post") or 0, purpose="post")
    pre = (
        administrations.filter(purpose="pre", version__instrument=post.version.instrument)
        .order_by("-opens_at")
        .first()
    )
    if pre is None:
        raise Http404
    report = prepost_change(pre, post)
    if request.GET.get("download") == "xlsx":
        export = change_xlsx(report, batch.code)
        if report.named:  # participants' scores by name: personal data leaves the system
            audit(person_of(request), "instruments.change.export", post, note=export.name)
        return download(export)
    return render(
        request,
        "instruments/change.html",
        {"batch": batch, "report": report, "now": timezone.now()},
    )
