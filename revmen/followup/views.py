"""The alumnus's follow-up pages, choosing peers, and a programme's follow-up settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from revmen.accounts.access import person_of
from revmen.core import ratelimits
from revmen.instruments.views import answer_with_key
from revmen.training.access import get_batch_for_user

from . import selectors
from .access import get_programme_for_user, get_round_for_user
from .forms import PeerForm, PlanForm
from .models import Plan, RaterRole, parse_offsets
from .report import own_prepost, rows_of
from .scheduler import today_in_jakarta
from .services import MIN_PEERS, is_closed, peer_add, peer_from_link, peer_hand_out, plan_save
from .summary import commitments_for


@login_required
def followup_mine(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    return render(
        request,
        "followup/mine.html",
        {
            "rounds": selectors.rounds_of(person),
            "due": selectors.due_for(person),
            "enrolments": selectors.alumni_enrolments(person),
            "min_peers": MIN_PEERS,
        },
    )


@login_required
def followup_round(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request, pk)
    person = person_of(request)
    is_alumnus = round_.enrolment.person_id == person.pk
    snapshot = getattr(round_, "snapshot", None)
    today = today_in_jakarta()
    closed = is_closed(round_, today)
    commitments = commitments_for(round_.enrolment) if is_alumnus else []
    mine = {c.code: c.text for c in commitments}
    context = {
        "round": round_,
        "snapshot": snapshot,
        "rows": rows_of(snapshot.figures, own_prepost(round_), mine) if snapshot else [],
        "counts": selectors.peer_counts(round_),
        "min_peers": MIN_PEERS,
        "is_alumnus": is_alumnus,
        "closed": closed,
        "peers": [r for r in round_.raters.all() if r.role == RaterRole.PEER] if is_alumnus else [],
        "form": PeerForm() if is_alumnus and not closed else None,
        "commitments": commitments,
    }
    return render(request, "followup/round.html", context)


@login_required
@require_POST
def followup_peer_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request, pk, alumnus=True)
    form = PeerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect("followup_round", pk=round_.pk)
    try:
        rater = peer_add(round_=round_, by=person_of(request), **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is asked for feedback.") % {"name": rater.name})
    return redirect("followup_round", pk=round_.pk)


@login_required
def followup_batch(request: HttpRequest, code: str) -> HttpResponse:
    """The batch's follow-up rounds for its organisers: who answered (counts for peers)."""
    batch = get_batch_for_user(request, code, manage=True)
    return render(
        request,
        "followup/batch.html",
        {"batch": batch, "rows": selectors.batch_rounds(batch, today_in_jakarta())},
    )


@login_required
def followup_plan(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme_for_user(request, code)
    plan = Plan.objects.filter(programme=programme).first() or Plan(programme=programme)
    initial = {
        "offsets": plan.offsets,
        "window_days": plan.window_days,
        "reminder_every_days": plan.reminder_every_days,
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        for field, value in form.cleaned_data.items():
            setattr(plan, field, value)
        plan.offsets = ",".join(str(m) for m in parse_offsets(plan.offsets))
        try:
            plan_save(by=person_of(request), plan=plan)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The follow-up settings are saved."))
            return redirect("followup_plan", code=programme.code)
    return render(request, "followup/plan.html", {"programme": programme, "form": form})


@ratelimits.limit("ANSWER_SHEET_RATE_LIMIT", key=ratelimits.url_part("token"), method="POST")
def followup_peer(request: HttpRequest, token: str) -> HttpResponse:
    """A peer's 360° questionnaire from their e-mailed link, with or without an account: the
    first browser to open it gets the key (``services.peer_hand_out``); the answer names nobody."""
    rater = peer_from_link(token)
    if rater is None:
        ratelimits.refuse_if_flooding(request)
        raise Http404
    round_ = rater.round
    page = answer_with_key(
        request,
        round_.administration,
        round_.enrolment.person,
        hand_out=lambda: peer_hand_out(rater),
        scope=f"peer{rater.pk}",
        path=request.path,
    )
    page["Referrer-Policy"] = "same-origin"
    page["Cache-Control"] = "no-store"
    return page
