"""Grading pages: the organiser's board, a rater's form, a participant's result, objections,
corrections, settings, reports. Outsiders get 404 everywhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.accounts.models import Person
from revmen.core.exports import download
from revmen.core.forms import add_validation_errors
from revmen.core.views import job_file_page
from revmen.instruments.models import Invitation
from revmen.instruments.services import AlreadySubmitted, response_submit
from revmen.training.models import Batch, Outcome

from . import access, exports, links, reactions, selectors, services
from .forms import AnswerForm, ObjectionForm, RatingForm, ScoreForm, SettingsForm
from .models import ComponentSource, Rubric

STEPS = {
    "rubrics": lambda batch, by: services.rubrics_open(batch=batch, by=by),
    "compute": lambda batch, by: services.grades_compute(batch=batch),
    "release": lambda batch, by: services.grades_release(batch=batch, by=by),
    "close": lambda batch, by: services.batch_close(batch=batch, by=by),
    "reactions": lambda batch, by: reactions.reactions_open(batch=batch, by=by),
    "remind": lambda batch, by: services.raters_remind(batch=batch, by=by),
}
DONE = {
    "rubrics": gettext_noop("The rubrics are open to their raters."),
    "compute": gettext_noop("The grades are computed."),
    "release": gettext_noop("The grades are released to the participants."),
    "close": gettext_noop("The batch is closed."),
    "reactions": gettext_noop("The reaction evaluations are open."),
    "remind": gettext_noop("The raters who have not scored everyone are reminded."),
}


@login_required
def board(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_managed_batch(request, code)
    return render(request, "grading/board.html", {"board": selectors.board(batch), "batch": batch})


@login_required
@require_POST
def step(request: HttpRequest, code: str) -> HttpResponse:
    """One step of the batch's grading: open rubrics, compute, release, close, reactions."""
    batch = access.get_managed_batch(request, code)
    name = request.POST.get("step", "")
    if name not in STEPS:
        raise Http404
    try:
        STEPS[name](batch, person_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _(DONE[name]))
    return redirect("grading_board", code=batch.code)


@login_required
def settings(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_managed_batch(request, code)
    programme = batch.programme
    current = services.settings_for(programme)
    components = list(programme.components.order_by("position", "pk"))
    sources = {
        s.component_id: s.source for s in ComponentSource.objects.filter(component__in=components)
    }
    initial = {
        "combine_rule": current.combine_rule,
        "disagreement_gap": current.disagreement_gap,
        "deferral_days": current.deferral_days,
        "objection_days": current.objection_days,
        "min_group_size": current.min_group_size,
        **{f"source_{c.pk}": sources.get(c.pk, "") for c in components},
    }
    form = SettingsForm(request.POST or None, initial=initial, components=components)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.settings_update(
                programme=programme,
                by=person_of(request),
                **{
                    k: data[k]
                    for k in (
                        "combine_rule",
                        "disagreement_gap",
                        "deferral_days",
                        "objection_days",
                        "min_group_size",
                    )
                },
            )
            for component in components:
                chosen = data.get(f"source_{component.pk}")
                if chosen:
                    services.source_set(component=component, source=chosen)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("grading_board", code=batch.code)
    return render(request, "grading/settings.html", {"batch": batch, "form": form})


@login_required
def rate_list(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_rater_batch(request, code)
    tasks = selectors.rater_tasks(batch, person_of(request))
    return render(request, "grading/rate_list.html", {"batch": batch, "tasks": tasks})


@login_required
def rate(request: HttpRequest, code: str, rubric: int, person: int) -> HttpResponse:
    """A rater scores one participant on one rubric: a score and a note per criterion."""
    batch, found, invitation = access.get_rating(request, code, rubric, person)
    back = reverse("grading_rate_list", args=[batch.code])
    return _rating(request, batch, found, invitation, person_of(request), back)


def _rating(
    request: HttpRequest,
    batch: Batch,
    found: Rubric,
    invitation: Invitation,
    rater: Person,
    back: str,
) -> HttpResponse:
    """The rubric form and its submit, for a signed-in rater or one with a signed link:
    stored once (a second submit keeps the first), then back to ``back``."""
    administration = found.administration
    items = list(administration.version.items.order_by("position"))
    done = administration.responses.filter(respondent=rater, subject=invitation.subject).exists()
    form = RatingForm(request.POST or None, items=items)
    if request.method == "POST" and done:
        messages.info(request, _("Your scores were stored already; the first ones stand."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            response_submit(
                administration=administration,
                sheet=form.sheet(),
                person=rater,
                subject=invitation.subject,
            )
        except AlreadySubmitted:
            messages.info(request, _("Your scores were stored already; the first ones stand."))
        except ValidationError as error:
            add_validation_errors(form, error)
            return _rate_page(request, batch, found, invitation, form, done, back)
        else:
            messages.success(request, _("Scores stored."))
            enrolment = batch.enrolments.filter(person=invitation.subject, role="peserta").first()
            if enrolment is not None:
                services.grade_refresh_deferred(enrolment=enrolment, by=rater)
        return redirect(back)
    return _rate_page(request, batch, found, invitation, form, done, back)


def _rate_page(
    request: HttpRequest,
    batch: Batch,
    found: Rubric,
    invitation: Invitation,
    form: RatingForm,
    done: bool,
    back: str,
) -> HttpResponse:
    return render(
        request,
        "grading/rate.html",
        {
            "batch": batch,
            "rubric": found,
            "subject": invitation.subject,
            "form": form,
            "done": done,
            "back": back,
        },
    )


# A rater without an account (the mentor) scores from a signed e-mail link -----------------


def _private(response: HttpResponse) -> HttpResponse:
    """The token is the credential: never sent on as a referrer, never cached."""
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def _link_page(
    request: HttpRequest, template: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    return _private(render(request, template, context, status=status))


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return _link_page(request, "grading/link_invalid.html", {}, status=404)


def link(request: HttpRequest, token: str) -> HttpResponse:
    """The link's rater's list: whom they are asked to score in this rubric, and who is done."""
    try:
        found = links.open_rating_link(token)
    except links.LinkInvalid:
        return _link_invalid(request)
    tasks = [
        t
        for t in selectors.rater_tasks(found.rubric.batch, found.rater)
        if t.rubric == found.rubric
    ]
    context = {"rubric": found.rubric, "rater": found.rater, "tasks": tasks, "token": token}
    return _link_page(request, "grading/link_list.html", context)


def link_rate(request: HttpRequest, token: str, person: int) -> HttpResponse:
    """The rubric form for one participant, from the signed link; scores are stored once."""
    try:
        found = links.open_rating_link(token)
        invitation = links.link_invitation(found, person)
    except links.LinkInvalid:
        return _link_invalid(request)
    back = reverse("grading_link", args=[token])
    return _private(
        _rating(request, found.rubric.batch, found.rubric, invitation, found.rater, back)
    )


@login_required
def mine(request: HttpRequest, code: str) -> HttpResponse:
    """A participant's own result: components and outcome once released, objections."""
    enrolment = access.own_enrolment(request, code)
    result = selectors.own_result(enrolment)
    form = ObjectionForm()
    return render(
        request,
        "grading/mine.html",
        {"batch": enrolment.batch, "result": result, "form": form, "Outcome": Outcome},
    )


@login_required
def objection(request: HttpRequest, code: str) -> HttpResponse:
    enrolment = access.own_enrolment(request, code)
    result = selectors.own_result(enrolment)
    if result.grade is None:
        raise Http404
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_file(
                grade=result.grade, text=form.cleaned_data["text"], by=person_of(request)
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Your objection is filed; the organiser will answer."))
            return redirect("grading_mine", code=code)
    return render(
        request,
        "grading/objection.html",
        {"batch": enrolment.batch, "form": form, "result": result},
    )


@login_required
def objections(request: HttpRequest, code: str) -> HttpResponse:
    batch = access.get_managed_batch(request, code)
    rows = selectors.objections_of(batch)
    return render(
        request, "grading/objections.html", {"batch": batch, "rows": rows, "form": AnswerForm()}
    )


@login_required
@require_POST
def objection_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    found = access.get_objection_for_organiser(request, code, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(
                objection=found, answer=form.cleaned_data["answer"], by=person_of(request)
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Answer sent."))
    else:
        messages.error(request, _("Write an answer."))
    return redirect("grading_objections", code=code)


@login_required
def correct(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """After closing: correct a component's score (with a reason), or complete a Ditunda."""
    grade = access.get_grade_for_organiser(request, code, pk)
    batch = grade.enrolment.batch
    deferred = grade.outcome == Outcome.DEFERRED
    form = ScoreForm(request.POST or None, components=batch.programme.components.all())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if deferred:
                services.grade_complete_deferred(
                    grade=grade, scores={data["component"]: data["score"]}, by=person_of(request)
                )
            else:
                services.grade_correct(
                    grade=grade,
                    component=data["component"],
                    score=data["score"],
                    reason=data["reason"],
                    by=person_of(request),
                )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The grade is updated."))
            return redirect("grading_board", code=code)
    return render(
        request,
        "grading/correct.html",
        {"batch": batch, "grade": grade, "form": form, "deferred": deferred},
    )


@login_required
def report(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """The batch report (PDF or .xlsx) and the graduates sheet for HR."""
    batch = access.get_managed_batch(request, code)
    builders = {"xlsx": exports.report_xlsx, "graduates": exports.graduates_xlsx}
    if kind not in builders:
        raise Http404
    return download(builders[kind](batch))


@login_required
@require_POST
def report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The PDF report is made in the background; its page shows the progress."""
    batch = access.get_managed_batch(request, code)
    job = exports.report_pdf_request(batch=batch, person=request.user)
    return redirect("grading_export", pk=job.pk)


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF's progress, then the file (``core.views.job_file_page``)."""
    return job_file_page(
        request,
        pk,
        kind=exports.PDF_KIND,
        template="grading/export.html",
        partial="grading/_export.html",
    )


@login_required
def reaction_results(request: HttpRequest, code: str) -> HttpResponse:
    """Reaction evaluations per facilitator and of the organiser: categories only, only when
    at least k answered and the grades are final; never names."""
    batch = access.get_managed_batch(request, code)
    return render(
        request,
        "grading/reactions.html",
        {"batch": batch, "results": reactions.results(batch)},
    )
