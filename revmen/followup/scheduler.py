"""``revmen followup run``: open due rounds, send invitations and reminders, freeze closed rounds.

Every message has the key (kind, object, recipient, due date) in ``Sent``: a second run on the
same day finds its rows and sends nothing twice. Reminders fall due every
``reminder_every_days`` after a round opens; a run sends only the latest one due (after missed
days, one reminder, not one per missed day). Rounds open on closed-batch date + offset; a round
whose whole window passed before any run saw it is not opened late.

Messages to people with an account go through ``core.notices.notify`` (a notice and, where
e-mail works, the e-mail: one message); peers without an account get the e-mail alone through
``core.outbox`` (queued in the same transaction, retried by the outbox sweep).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from revmen.core.notices import email_body, notify
from revmen.core.outbox import outbox_queue
from revmen.training.models import BatchRole, Enrolment

from .models import Plan, Rater, RaterRole, Round, Sent, Snapshot
from .services import (
    JAKARTA,
    MIN_PEERS,
    add_months,
    answered,
    closed_on,
    peer_token,
    plan_for,
    round_freeze,
    round_open,
)

INVITE = "invite"
REMIND = "remind"
PEERS = "choose_peers"


@dataclass
class RunResult:
    sent: int = 0
    opened: int = 0
    frozen: int = 0


def today_in_jakarta() -> date:
    return timezone.localdate(timezone=JAKARTA)


def followup_run(today: date | None = None) -> RunResult:
    today = today or today_in_jakarta()
    result = RunResult()
    result.opened = open_due_rounds(today)
    for round_ in Round.objects.filter(snapshot__isnull=True).select_related(
        "enrolment__person", "enrolment__batch", "administration"
    ):
        if today >= round_.closes_on:
            round_freeze(round_=round_, today=today)
            result.frozen += 1
        elif today >= round_.opens_on:
            result.sent += send_round(round_, today)
    return result


def open_due_rounds(today: date) -> int:
    opened = 0
    alumni = Enrolment.objects.filter(
        role=BatchRole.PARTICIPANT, is_active=True, batch__closed_at__isnull=False
    ).select_related("batch__programme", "person", "mentor")
    plans: dict[int, Plan] = {}
    for enrolment in alumni:
        day = closed_on(enrolment)
        if day is None or not enrolment.person.is_active:
            continue
        plan = plans.get(enrolment.batch.programme_id) or plan_for(enrolment)
        plans[enrolment.batch.programme_id] = plan
        have = set(enrolment.followup_rounds.values_list("offset_months", flat=True))
        for months in plan.months:
            opens_on = add_months(day, months)
            late = today >= opens_on + timedelta(days=plan.window_days)
            if months in have or today < opens_on or late:
                continue
            try:
                round_open(enrolment=enrolment, offset_months=months, opens_on=opens_on, plan=plan)
            except IntegrityError:  # another run opened it
                continue
            opened += 1
    return opened


def send_round(round_: Round, today: date) -> int:
    sent = 0
    raters = list(round_.raters.select_related("person"))
    for rater in raters:
        sent += _send_once(INVITE, rater, round_.opens_on, today)
    step = round_.reminder_every_days
    k = (today - round_.opens_on).days // step
    due = round_.opens_on + timedelta(days=k * step)
    if k >= 1 and due < round_.closes_on:
        for rater in raters:
            if not answered(rater):
                sent += _send_once(REMIND, rater, due, today, latest=True)
        n_peers = sum(1 for r in raters if r.role == RaterRole.PEER)
        self_rater = next((r for r in raters if r.role == RaterRole.SELF), None)
        if self_rater is not None and n_peers < MIN_PEERS:
            sent += _send_once(PEERS, self_rater, due, today, latest=True)
    return sent


def recipient_of(rater: Rater) -> str:
    return f"person:{rater.person_id}" if rater.person_id else f"email:{rater.email}"


def _send_once(kind: str, rater: Rater, due: date, today: date, *, latest: bool = False) -> int:
    """Create the message of (kind, rater, recipient, due) unless it exists; with ``latest``,
    also unless one of this kind went to them for this or a later due date, or their
    invitation went out only today."""
    key = {"kind": kind, "object_key": f"rater:{rater.pk}", "recipient": recipient_of(rater)}
    if latest:
        if Sent.objects.filter(**key, due__gte=due).exists():
            return 0
        invited = Sent.objects.filter(**{**key, "kind": INVITE}).first()
        if invited is None or invited.sent_on >= today:
            return 0
    elif Sent.objects.filter(**key, due=due).exists():
        return 0
    try:
        with transaction.atomic():
            Sent.objects.create(**key, due=due, sent_on=today)
            _deliver(kind, rater)
    except IntegrityError:
        return 0
    return 1


def link_of(rater: Rater) -> str:
    round_ = rater.round
    if rater.role == RaterRole.PEER:
        return reverse("answer_token", args=[peer_token(rater)])
    if rater.role == RaterRole.MENTOR:
        base = reverse("answer", args=[round_.administration_id])
        return f"{base}?about={round_.enrolment.person_id}"
    return reverse("followup_round", args=[round_.pk])


def _deliver(kind: str, rater: Rater) -> None:
    round_ = rater.round
    end = (round_.closes_on - timedelta(days=1)).strftime("%d-%m-%Y")
    with override(settings.LANGUAGE_CODE):
        subject, text = _texts(kind, rater, end)
    link = link_of(rater)
    if rater.person is not None:
        notify(rater.person, subject, text, link=link)
    else:
        outbox_queue(to=rater.email, subject=subject, text=email_body(text, link))


def _texts(kind: str, rater: Rater, end: str) -> tuple[str, str]:
    values = {"name": rater.round.enrolment.person.name, "end": end}
    if kind == PEERS:
        return _("Choose your peers for the 360° follow-up"), _(
            "Your 360° follow-up needs at least three peers who see your work. Choose them on "
            "your follow-up page before %(end)s."
        ) % values
    if rater.role == RaterRole.SELF:
        subject = _("Your 360° follow-up is open")
        text = _(
            "Three or six months after your training: how do you live the BerAKHLAK values at "
            "work? Answer the self-assessment and choose at least three peers by %(end)s."
        )
    else:
        subject = _("360° feedback for %(name)s")
        text = _(
            "%(name)s asks for your feedback on their work behaviour after the Mental Revolution "
            "training. Peers' answers are reported only as a group of at least three. Please "
            "answer by %(end)s."
        )
    if kind == REMIND:
        subject = _("Reminder: %(subject)s") % {"subject": subject}
    return subject % values, text % values


def frozen_count() -> int:
    return Snapshot.objects.count()
