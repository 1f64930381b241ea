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

from revmen.core.notices import Notification, email_body, notify, notify_many
from revmen.core.outbox import outbox_queue
from revmen.instruments.models import Response, Version
from revmen.projects.reminders import projects_due
from revmen.training.models import BatchRole, Enrolment

from .models import Plan, Rater, RaterRole, Round, Sent
from .services import (
    JAKARTA,
    MIN_PEERS,
    add_months,
    closed_on,
    instrument_version,
    peer_token,
    plan_for,
    round_freeze,
    round_open,
)

CHUNK = 500  # rounds per batch of messages
BATCH = 500  # rows per INSERT
KEY_FIELDS = ("kind", "object_key", "recipient")
INVITE = "invite"
REMIND = "remind"
PEERS = "choose_peers"


@dataclass
class RunResult:
    sent: int = 0
    opened: int = 0
    frozen: int = 0
    milestones: int = 0  # of ``sent``: the change projects' milestone reminders and escalations


def today_in_jakarta() -> date:
    return timezone.localdate(timezone=JAKARTA)


def followup_run(today: date | None = None) -> RunResult:
    today = today or today_in_jakarta()
    result = RunResult()
    result.opened = open_due_rounds(today)
    sending = []
    for round_ in Round.objects.filter(snapshot__isnull=True).select_related(
        "enrolment__person", "enrolment__batch", "administration"
    ):
        if today >= round_.closes_on:
            round_freeze(round_=round_, today=today)
            result.frozen += 1
        elif today >= round_.opens_on:
            sending.append(round_)
    for start in range(0, len(sending), CHUNK):
        result.sent += send_rounds(sending[start : start + CHUNK], today)
    # The change projects' reminders are follow-up too: one run sends everything due that day
    # (the hourly ``projects.reminders`` job sends the same ones, under the same unique keys).
    result.milestones = len(projects_due(today))
    result.sent += result.milestones
    return result


def open_due_rounds(today: date) -> int:
    opened = 0
    alumni = Enrolment.objects.filter(
        role=BatchRole.PARTICIPANT, is_active=True, batch__closed_at__isnull=False
    ).select_related("batch__programme", "person", "mentor")
    plans: dict[int, Plan] = {}
    version: Version | None = None  # read once, at the first round to open
    opened_before: dict[int, set[int]] = {}
    for enrolment_id, months in Round.objects.values_list("enrolment_id", "offset_months"):
        opened_before.setdefault(enrolment_id, set()).add(months)
    for enrolment in alumni:
        day = closed_on(enrolment)
        if day is None or not enrolment.person.is_active:
            continue
        plan = plans.get(enrolment.batch.programme_id) or plan_for(enrolment)
        plans[enrolment.batch.programme_id] = plan
        have = set(opened_before.get(enrolment.pk, ()))
        for months in plan.months:
            opens_on = add_months(day, months)
            late = today >= opens_on + timedelta(days=plan.window_days)
            if months in have or today < opens_on or late:
                continue
            version = version or instrument_version()
            try:
                round_open(
                    enrolment=enrolment,
                    offset_months=months,
                    opens_on=opens_on,
                    plan=plan,
                    look_back=bool(have),
                    version=version,
                )
            except IntegrityError:  # another run opened it
                continue
            have.add(months)  # a later offset opened in the same run takes this one's peers
            opened += 1
    return opened


def send_round(round_: Round, today: date) -> int:
    return send_rounds([round_], today)


@dataclass(frozen=True)
class Message:
    kind: str
    rater: Rater
    due: date


def send_rounds(rounds: list[Round], today: date) -> int:
    """Send what is due in these rounds with a few queries: the raters, who answered and what
    was sent already are read at once; the messages are written in one transaction."""
    by_round: dict[int, list[Rater]] = {round_.pk: [] for round_ in rounds}
    rounds_by_pk = {round_.pk: round_ for round_ in rounds}
    raters = list(Rater.objects.filter(round_id__in=by_round).select_related("person"))
    for rater in raters:
        rater.round = rounds_by_pk[rater.round_id]  # no query per rater for its round
        by_round[rater.round_id].append(rater)
    done = _answered(rounds, raters)
    sent = _sent_before(raters)
    messages: list[Message] = []
    for round_ in rounds:
        messages += _due(round_, by_round[round_.pk], done, sent, today)
    return _deliver_all(messages, today)


SentIndex = dict[tuple[str, str, str], list[tuple[date, date]]]


def _key(kind: str, rater: Rater) -> tuple[str, str, str]:
    return (kind, f"rater:{rater.pk}", recipient_of(rater))


def _sent_before(raters: list[Rater]) -> SentIndex:
    """(kind, object, recipient) → [(due, sent_on)] of the messages these raters were sent."""
    index: SentIndex = {}
    rows = Sent.objects.filter(object_key__in=[f"rater:{r.pk}" for r in raters]).values_list(
        "kind", "object_key", "recipient", "due", "sent_on"
    )
    for kind, object_key, recipient, due, sent_on in rows:
        index.setdefault((kind, object_key, recipient), []).append((due, sent_on))
    return index


def _answered(rounds: list[Round], raters: list[Rater]) -> set[int]:
    """The raters who answered (as ``services.answered``, for many rounds at once)."""
    administrations = [round_.administration_id for round_ in rounds]
    given = set(
        Response.objects.filter(administration_id__in=administrations).values_list(
            "administration_id", "respondent_id", "subject_id"
        )
    )
    result = set()
    for rater in raters:
        round_ = rater.round
        if rater.role == RaterRole.PEER:
            continue  # never known: a peer's answer names nobody, so every peer is reminded
        subject = None if rater.role == RaterRole.SELF else round_.enrolment.person_id
        if (round_.administration_id, rater.person_id, subject) in given:
            result.add(rater.pk)
    return result


def _due(
    round_: Round, raters: list[Rater], done: set[int], sent: SentIndex, today: date
) -> list[Message]:
    """The round's messages due today and not yet sent: every rater's invitation; after a
    reminder step, the latest reminder to those who have not answered and the latest "choose
    your peers" to an alumnus with fewer than three (never on the day of the invitation)."""
    result = [
        Message(INVITE, rater, round_.opens_on)
        for rater in raters
        if not any(due == round_.opens_on for due, _ in sent.get(_key(INVITE, rater), []))
    ]
    step = round_.reminder_every_days
    k = (today - round_.opens_on).days // step
    due = round_.opens_on + timedelta(days=k * step)
    if k < 1 or due >= round_.closes_on:
        return result
    for rater in raters:
        if rater.pk not in done and _latest_due(REMIND, rater, due, sent, today):
            result.append(Message(REMIND, rater, due))
    n_peers = sum(1 for r in raters if r.role == RaterRole.PEER)
    self_rater = next((r for r in raters if r.role == RaterRole.SELF), None)
    if self_rater is None or n_peers >= MIN_PEERS:
        return result
    if _latest_due(PEERS, self_rater, due, sent, today):
        result.append(Message(PEERS, self_rater, due))
    return result


def _latest_due(kind: str, rater: Rater, due: date, sent: SentIndex, today: date) -> bool:
    """Whether a reminder of this kind for ``due`` goes out: none for this or a later due date
    went out, and the invitation went out before today."""
    if any(earlier >= due for earlier, _ in sent.get(_key(kind, rater), [])):
        return False
    invited = sent.get(_key(INVITE, rater), [])
    return bool(invited) and min(sent_on for _, sent_on in invited) < today


def _deliver_all(messages: list[Message], today: date) -> int:
    """Write the messages, their ``Sent`` keys, notices and e-mails in one transaction. Another
    run at the same moment (a key taken): one by one instead, each skipping what it sent."""
    if not messages:
        return 0
    try:
        with transaction.atomic():
            Sent.objects.bulk_create(
                [
                    Sent(
                        **dict(zip(KEY_FIELDS, _key(m.kind, m.rater), strict=True)),
                        due=m.due,
                        sent_on=today,
                    )
                    for m in messages
                ],
                batch_size=BATCH,
            )
            notify_many(_notifications(messages))
    except IntegrityError:
        return sum(
            _send_once(m.kind, m.rater, m.due, today, latest=m.kind != INVITE) for m in messages
        )
    return len(messages)


def _notifications(messages: list[Message]) -> list[Notification]:
    """The messages as ``core.notices.notify_many`` takes them, in the site's language."""
    notifications = []
    with override(settings.LANGUAGE_CODE):
        for message in messages:
            rater = message.rater
            end = (rater.round.closes_on - timedelta(days=1)).strftime("%d-%m-%Y")
            subject, text = _texts(message.kind, rater, end)
            notifications.append(
                Notification(
                    subject=str(subject),
                    text=str(text),
                    link=link_of(rater),
                    person=rater.person,
                    address="" if rater.person is not None else rater.email,
                )
            )
    return notifications


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
        return reverse("followup_peer", args=[peer_token(rater)])
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
        if rater.role == RaterRole.PEER:
            text += " " + _(
                "Peers' answers name nobody, so this reminder goes to every peer: if you "
                "answered already, thank you, there is nothing more to do."
            )
    return subject % values, text % values
