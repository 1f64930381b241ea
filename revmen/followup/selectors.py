"""Reads of the follow-up: a person's rounds, what they have to answer, a round's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from revmen.accounts.models import Person
from revmen.training.models import Batch, BatchRole, Enrolment

from .models import Rater, RaterRole, Round
from .scheduler import link_of, today_in_jakarta
from .services import MIN_PEERS, answered, is_closed, peer_answers


@dataclass
class Due:
    """A questionnaire this person has to answer: about themself, as mentor or as peer."""

    rater: Rater
    round: Round
    link: str
    choose_peers: bool = False  # the alumnus still has fewer than three peers to ask

    @property
    def role(self) -> str:
        return "peers" if self.choose_peers else self.rater.role


def due_for(person: Person, today: date | None = None) -> list[Due]:
    today = today or today_in_jakarta()
    raters = (
        Rater.objects.filter(person=person, round__snapshot__isnull=True)
        .select_related("round__enrolment__person", "round__administration")
        .order_by("round__closes_on", "pk")
    )
    result = []
    for rater in raters:
        round_ = rater.round
        if today < round_.opens_on or is_closed(round_, today):
            continue
        if not round_.administration.is_open():
            continue
        if rater.role == RaterRole.SELF:
            n_peers = round_.raters.filter(role=RaterRole.PEER).count()
            if n_peers < MIN_PEERS:
                link = reverse("followup_round", args=[round_.pk])
                result.append(Due(rater, round_, link, choose_peers=True))
        # A peer's answer names nobody: due until they have opened their link.
        if answered(rater) or (rater.role == RaterRole.PEER and rater.handed_out):
            continue
        if rater.role == RaterRole.SELF:
            link = reverse("answer", args=[round_.administration_id])
        else:
            link = link_of(rater)
        result.append(Due(rater, round_, link))
    return result


def alumni_enrolments(person: Person) -> list[Enrolment]:
    """The person's participant enrolments in closed batches, newest first."""
    return list(
        Enrolment.objects.filter(
            person=person, role=BatchRole.PARTICIPANT, batch__closed_at__isnull=False
        )
        .select_related("batch__programme")
        .order_by("-batch__closed_at")
    )


def rounds_of(person: Person) -> list[Round]:
    return list(
        Round.objects.filter(enrolment__person=person)
        .select_related("enrolment__batch", "administration")
        .prefetch_related("raters")
        .order_by("-opens_on")
    )


@dataclass
class BatchRound:
    round: Round
    state: str  # "open", "closing" (window over, not yet frozen) or "frozen"
    self_answered: bool
    mentor_answered: bool | None  # None: no mentor
    peers: PeerCounts


def batch_rounds(batch: Batch, today: date) -> list[BatchRound]:
    rounds = (
        Round.objects.filter(enrolment__batch=batch)
        .select_related("enrolment__person", "administration", "snapshot")
        .prefetch_related("raters")
        .order_by("offset_months", "enrolment__person__name")
    )
    rows = []
    for round_ in rounds:
        raters = list(round_.raters.all())
        mentor = next((r for r in raters if r.role == RaterRole.MENTOR), None)
        own = next((r for r in raters if r.role == RaterRole.SELF), None)
        frozen = hasattr(round_, "snapshot")
        state = "frozen" if frozen else ("closing" if today >= round_.closes_on else "open")
        rows.append(
            BatchRound(
                round=round_,
                state=state,
                self_answered=own is not None and answered(own),
                mentor_answered=None if mentor is None else answered(mentor),
                peers=peer_counts(round_),
            )
        )
    return rows


@dataclass
class PeerCounts:
    chosen: int
    answered: int


def peer_counts(round_: Round) -> PeerCounts:
    """How many peers were chosen and how many answered: counts only, never who."""
    peers = [r for r in round_.raters.all() if r.role == RaterRole.PEER]
    return PeerCounts(len(peers), peer_answers(round_))
