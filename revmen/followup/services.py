"""Writes of the 360° follow-up: opening rounds, choosing peers, freezing the figures.

A round is an Administration of the built-in UMPAN-BALIK-360 (confidential: answers keep a
link that reports never display). The alumnus answers as themself (an invitation about
nobody: the engine never invites anyone about themself), the mentor about the alumnus, and
each peer about the alumnus by a handed-out key: a peer's answer carries no respondent, so
nobody, the operator neither, reads which peer gave which answer.

A peer's link is derived from the rater's id with ``SECRET_KEY`` (HMAC), so a reminder can
send the same link again; it names the peer and nothing else. Opening it the first time hands
out a random key into that browser's cookie (``peer_hand_out``: the flag ``handed_out``, in its
own transaction), and the answer goes by the key alone, as the engine's anonymous questionnaires
do (``instruments.views.answer_with_key``; the settle job shuffles the rows). The server never
learns which peer answered: reminders go to every peer, and the counts come from the answers.
"""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person
from revmen.core.audit import audit
from revmen.instruments.models import (
    Administration,
    IdentityMode,
    Instrument,
    Invitation,
    Purpose,
    Response,
    Version,
)
from revmen.instruments.services import administration_create, hand_out_once
from revmen.instruments.tokens import token_hash
from revmen.training.models import Enrolment

from .models import Plan, Rater, RaterRole, Round, Snapshot

INSTRUMENT = "UMPAN-BALIK-360"
JAKARTA = ZoneInfo("Asia/Jakarta")
MIN_PEERS = 3
MAX_PEERS = 12
TOKEN_SALT = "revmen.followup.peer"

ERR_NO_INSTRUMENT = gettext_noop(
    "The built-in 360° questionnaire is not loaded: run “revmen instruments load-library”."
)
ERR_ROUND_CLOSED = gettext_noop("This follow-up round is closed: peers can no longer be added.")
ERR_PEER_SELF = gettext_noop("You cannot choose yourself or your mentor as a peer.")
ERR_PEER_TWICE = gettext_noop("This peer is chosen already.")
ERR_PEER_NEEDS = gettext_noop("Give the peer's name and e-mail address, or choose a person.")
ERR_TOO_MANY = gettext_noop("A round takes at most %(n)s peers.")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 Aug + 6 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def closed_on(enrolment: Enrolment) -> date | None:
    closed_at = enrolment.batch.closed_at
    return None if closed_at is None else timezone.localtime(closed_at, JAKARTA).date()


def plan_for(enrolment: Enrolment) -> Plan:
    """The programme's plan, or an unsaved one with the defaults."""
    programme = enrolment.batch.programme
    plan = Plan.objects.filter(programme=programme).first()
    return plan or Plan(programme=programme)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=JAKARTA)


def instrument_version() -> Version:
    instrument = Instrument.objects.filter(code=INSTRUMENT).first()
    version = instrument.latest_version() if instrument else None
    if version is None:
        raise ValidationError(_(ERR_NO_INSTRUMENT))
    return version


def peer_token(rater: Rater) -> str:
    """The peer's link token, ``<administration id>.<HMAC of the rater id>``: recomputable for
    reminders, never stored (only its hash, on the rater, to find them from the link)."""
    key = settings.SECRET_KEY.encode()
    digest = hmac.new(key, f"{TOKEN_SALT}:{rater.pk}".encode(), hashlib.sha256).digest()
    return f"{rater.round.administration_id}.{base64.urlsafe_b64encode(digest[:24]).decode()}"


@transaction.atomic
def round_open(
    *,
    enrolment: Enrolment,
    offset_months: int,
    opens_on: date,
    plan: Plan | None = None,
    look_back: bool = True,
    version: Version | None = None,
) -> Round:
    """Open the follow-up round of an alumnus: the administration, self, mentor, and the peers
    of their previous round (they choose more or others on their page). ``look_back=False``:
    the caller knows there is no earlier round (saves a query per round)."""
    plan = plan or plan_for(enrolment)
    alumnus = enrolment.person
    closes_on = opens_on + timedelta(days=plan.window_days)
    title = _("360° follow-up +%(n)s months: %(name)s") % {
        "n": offset_months,
        "name": alumnus.name,
    }
    administration = administration_create(
        version=version or instrument_version(),
        title=title[:200],
        audience="people",
        people=[alumnus],
        identity=IdentityMode.CONFIDENTIAL,
        purpose=Purpose.FOLLOW_UP,
        opens_at=start_of(opens_on),
        closes_at=start_of(closes_on),
    )
    round_ = Round.objects.create(
        enrolment=enrolment,
        offset_months=offset_months,
        opens_on=opens_on,
        closes_on=closes_on,
        reminder_every_days=plan.reminder_every_days,
        administration=administration,
    )
    raters = [Rater(round=round_, role=RaterRole.SELF, person=alumnus, name=alumnus.name)]
    mentor = enrolment.mentor
    if mentor is not None and mentor.is_active and mentor.pk != alumnus.pk:
        Invitation.objects.create(administration=administration, person=mentor, subject=alumnus)
        raters.append(Rater(round=round_, role=RaterRole.MENTOR, person=mentor, name=mentor.name))
    Rater.objects.bulk_create(raters)
    if not look_back:
        return round_
    earlier = Round.objects.filter(enrolment=enrolment, opens_on__lt=opens_on)
    previous = earlier.order_by("-opens_on").first()
    if previous is not None:
        for peer in previous.raters.filter(role=RaterRole.PEER).select_related("person"):
            _peer_create(round_, peer.name, peer.email, peer.person)
    return round_


def _peer_create(round_: Round, name: str, email: str, person: Person | None) -> Rater:
    rater = Rater.objects.create(
        round=round_,
        role=RaterRole.PEER,
        person=person,
        name=(person.name if person else name)[:200],
        email="" if person else email.strip().lower(),
    )
    rater.token_hash = token_hash(peer_token(rater))
    rater.save(update_fields=["token_hash"])
    return rater


def peer_from_link(token: str) -> Rater | None:
    """The peer a link names (the HMAC is checked by recomputing it), or ``None``."""
    if len(token) > 100:
        return None
    rater = (
        Rater.objects.select_related("round__administration__version", "round__enrolment__person")
        .filter(token_hash=token_hash(token), role=RaterRole.PEER)
        .first()
    )
    if rater is None or not hmac.compare_digest(peer_token(rater), token):
        return None
    return rater


def peer_hand_out(rater: Rater) -> str | None:
    """The peer's key, once (``None`` if handed out already): the engine's
    ``hand_out_once``, random, stored nowhere, in a transaction of its own."""
    return hand_out_once(rater)


def peer_answers(round_: Round) -> int:
    """How many peers answered: the answers about the alumnus that name no respondent."""
    return Response.objects.filter(
        administration_id=round_.administration_id,
        respondent__isnull=True,
        subject_id=round_.enrolment.person_id,
    ).count()


def peer_add(
    *,
    round_: Round,
    by: Person,
    name: str = "",
    email: str = "",
    person: Person | None = None,
    today: date | None = None,
) -> Rater:
    """The alumnus chooses a peer: a person in the system, or a name and an e-mail address."""
    today = today or timezone.localdate(timezone=JAKARTA)
    if is_closed(round_, today):
        raise ValidationError(_(ERR_ROUND_CLOSED))
    email = email.strip().lower()
    if person is None and not (name.strip() and email):
        raise ValidationError(_(ERR_PEER_NEEDS))
    if person is None:  # someone with an account gets notices in the app too
        known = list(Person.objects.filter(email__iexact=email, is_active=True)[:2])
        person = known[0] if len(known) == 1 else None
    taken = round_.raters.exclude(role=RaterRole.PEER)
    if person is not None and taken.filter(person=person).exists():
        raise ValidationError(_(ERR_PEER_SELF))
    if person is None and taken.filter(person__email__iexact=email).exists():
        raise ValidationError(_(ERR_PEER_SELF))
    peers = round_.raters.filter(role=RaterRole.PEER)
    if peers.count() >= MAX_PEERS:
        raise ValidationError(_(ERR_TOO_MANY) % {"n": MAX_PEERS})
    same = Q(person=person) if person is not None else Q(email=email)
    if peers.filter(same).exists():
        raise ValidationError(_(ERR_PEER_TWICE))
    try:
        with transaction.atomic():
            rater = _peer_create(round_, name.strip(), email, person)
            audit(by, "followup.peer.add", round_, after={"peer": rater.name})
    except IntegrityError:
        raise ValidationError(_(ERR_PEER_TWICE)) from None
    return rater


def is_closed(round_: Round, today: date) -> bool:
    return today >= round_.closes_on or Snapshot.objects.filter(round=round_).exists()


def answered(rater: Rater) -> bool:
    """Whether this rater has answered, as themself. A peer's answer names nobody: for a peer
    this is never known, and ``False``."""
    administration = rater.round.administration
    if rater.role == RaterRole.PEER:
        return False
    subject = None if rater.role == RaterRole.SELF else rater.round.enrolment.person
    return Response.objects.filter(
        administration=administration, respondent=rater.person, subject=subject
    ).exists()


def _close_window(administration: Administration) -> None:
    """The engine refuses answers from now on (``is_open`` is false), whatever the date says."""
    moment = timezone.now()
    if administration.closes_at > moment:
        administration.closes_at = max(moment, administration.opens_at + timedelta(microseconds=1))
        administration.save(update_fields=["closes_at"])


def round_freeze(*, round_: Round, today: date) -> Snapshot:
    """Compute the round's figures once and keep them; a second call returns the first."""
    from .report import figures_of  # report reads the answers; services only stores

    existing = Snapshot.objects.filter(round=round_).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            _close_window(round_.administration)
            figures, counts = figures_of(round_)
            return Snapshot.objects.create(
                round=round_,
                frozen_on=today,
                n_self=counts["self"],
                n_mentor=counts["mentor"],
                n_peers=counts["peers"],
                figures=figures,
            )
    except IntegrityError:  # another run froze it first: theirs stands
        return Snapshot.objects.get(round=round_)


@transaction.atomic
def plan_save(*, by: Person, plan: Plan) -> Plan:
    plan.full_clean()
    plan.save()
    audit(by, "followup.plan.save", plan.programme, after={"offsets": plan.offsets})
    return plan
