"""Reads for learning, with their related rows fetched up front."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.utils import timezone

from revmen.accounts.models import Person
from revmen.core import values as coded
from revmen.training.models import Attendance, AttendanceStatus, Batch, BatchRole, Enrolment

from . import earlywarning, mood
from .models import Commitment, Entry, Feedback, Material, Prompt


def commitments_of(person: Any, batch: Batch) -> list[Commitment]:
    """``person``'s commitments in ``batch``, in the official order of the BerAKHLAK values
    (for change projects and follow-up)."""
    order = {v.code: i for i, v in enumerate(coded.VALUES)}
    found = list(Commitment.objects.filter(person=person, batch=batch))
    return sorted(found, key=lambda c: order.get(c.value, len(order)))


def materials_of_programme(programme: Any) -> QuerySet[Material]:
    return programme.materials.prefetch_related("sessions__batch").defer("file_content")


def materials_of_batch(batch: Batch) -> QuerySet[Material]:
    return (
        Material.objects.filter(sessions__batch=batch)
        .distinct()
        .prefetch_related("sessions")
        .defer("file_content")
    )


@dataclass
class JournalBatch:
    enrolment: Enrolment
    rows: list[tuple[Prompt, Entry | None]]


def journal_of(person: Person) -> list[JournalBatch]:
    """A participant's (and alumnus's) journal: every batch they write in, newest first, each
    prompt with their own entry."""
    enrolments = (
        Enrolment.objects.filter(person=person, role=BatchRole.PARTICIPANT, is_active=True)
        .select_related("batch__programme")
        .order_by("-batch__start_date")
    )
    mine = {
        e.prompt_id: e
        for e in Entry.objects.filter(person=person).prefetch_related("feedback").defer("vector")
    }
    result = []
    for enrolment in enrolments:
        prompts = Prompt.objects.filter(session__batch=enrolment.batch).select_related("session")
        result.append(JournalBatch(enrolment, [(p, mine.get(p.pk)) for p in prompts]))
    return result


def prompts_due(person: Person, now: datetime | None = None) -> list[Prompt]:
    """Open prompts of the person's running batches they have not written for yet."""
    moment = now or timezone.now()
    batches = Enrolment.objects.filter(
        person=person, role=BatchRole.PARTICIPANT, is_active=True, batch__closed_at__isnull=True
    ).values_list("batch_id", flat=True)
    written = Entry.objects.filter(prompt=OuterRef("pk"), person=person)
    return list(
        Prompt.objects.filter(session__batch_id__in=batches, deadline__gt=moment)
        .exclude(Exists(written))
        .select_related("session__batch")
        .order_by("deadline")
    )


def unanswered(batch: Batch) -> QuerySet[Entry]:
    """The batch's entries no facilitator has answered yet, oldest first."""
    answered = Feedback.objects.filter(entry=OuterRef("pk"))
    return (
        Entry.objects.filter(prompt__session__batch=batch)
        .exclude(Exists(answered))
        .select_related("person", "prompt__session")
        .defer("vector")
        .order_by("updated_at", "pk")
    )


def unanswered_counts(person: Person) -> list[tuple[Batch, int]]:
    """For a facilitator: each running batch they facilitate and its unanswered entries."""
    batches = Batch.objects.filter(
        enrolments__person=person,
        enrolments__role=BatchRole.FACILITATOR,
        enrolments__is_active=True,
        closed_at__isnull=True,
    ).order_by("-start_date")
    return [(b, unanswered(b).count()) for b in batches]


def coached_entries(person: Person, limit: int = 10) -> list[Entry]:
    """The latest entries of the participants in the groups this person coaches."""
    return list(
        Entry.objects.filter(
            person__enrolments__role=BatchRole.PARTICIPANT,
            person__enrolments__group__coach=person,
            person__enrolments__batch_id=F("prompt__session__batch_id"),
        )
        .select_related("person", "prompt__session__batch")
        .defer("vector")
        .order_by("-updated_at")[:limit]
    )


# The batch view ------------------------------------------------------------------------------


@dataclass
class PromptRow:
    prompt: Prompt
    entries: list[Entry]
    participants: int

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def mean(self) -> float | None:
        scores = [e.affect_score for e in self.entries if e.affect_score is not None]
        return round(fmean(scores), 2) if scores else None


@dataclass
class TrendPoint:
    week: int
    mean: float
    entries: int
    x: float = 0.0
    y: float = 0.0


@dataclass
class ThemeRow:
    label: str
    size: int
    examples: list[tuple[Entry, str]]


@dataclass
class Warning:
    person: Person
    reasons: list[earlywarning.Reason]


@dataclass
class Overview:
    batch: Batch
    with_mood: bool
    participants: int
    prompts: list[PromptRow]
    warnings: list[Warning]
    trend: list[TrendPoint] = field(default_factory=list)
    themes: list[ThemeRow] = field(default_factory=list)
    unanalysed: int = 0

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.trend)


CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 320, 160, 20


def first_sentence(text: str, limit: int = 160) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def trend_points(batch: Batch, entries: Sequence[Entry]) -> list[TrendPoint]:
    """Mean affect per week of the batch (by the prompt's session), placed on the chart."""
    by_week: dict[int, list[float]] = {}
    for entry in entries:
        if entry.affect_score is None:
            continue
        days = (timezone.localdate(entry.prompt.session.starts_at) - batch.start_date).days
        by_week.setdefault(max(days, 0) // 7 + 1, []).append(entry.affect_score)
    points = [TrendPoint(w, round(fmean(s), 2), len(s)) for w, s in sorted(by_week.items())]
    last = max((p.week for p in points), default=1)
    span = CHART_WIDTH - 2 * CHART_PAD
    for point in points:
        point.x = CHART_PAD + (span * (point.week - 1) / (last - 1) if last > 1 else span / 2)
        point.y = CHART_PAD + (1 - point.mean) / 2 * (CHART_HEIGHT - 2 * CHART_PAD)
    return points


def _absences(batch: Batch, people: list[int], now: datetime) -> dict[int, int]:
    held = list(batch.sessions.filter(ends_at__lte=now).values_list("pk", flat=True))
    there = set(
        Attendance.objects.filter(session_id__in=held)
        .exclude(status=AttendanceStatus.ABSENT)
        .values_list("person_id", "session_id")
    )
    return {p: sum((p, s) not in there for s in held) for p in people}


def _themes(entries: list[Entry]) -> list[ThemeRow]:
    embedded = [e for e in entries if e.vector]
    if not embedded:
        return []
    vectors = mood.vectors_from([bytes(e.vector) for e in embedded if e.vector is not None])
    found = mood.themes(vectors, [e.text for e in embedded])
    return [
        ThemeRow(
            t.label,
            len(t.members),
            [(embedded[i], first_sentence(embedded[i].text)) for i in t.examples[:3]],
        )
        for t in found
    ]


def batch_overview(batch: Batch, *, with_mood: bool, now: datetime | None = None) -> Overview:
    """The facilitator's view of the batch's journal (``with_mood``) or the organiser's
    (counts, attendance and missing entries only: never text, scores or mood reasons)."""
    moment = now or timezone.now()
    enrolments = list(
        batch.enrolments.filter(role=BatchRole.PARTICIPANT, is_active=True).select_related("person")
    )
    people = {e.person_id: e.person for e in enrolments}
    prompts = list(Prompt.objects.filter(session__batch=batch).select_related("session"))
    entries_qs = Entry.objects.filter(prompt__in=prompts, person_id__in=people).select_related(
        "prompt__session", "person"
    )
    if not with_mood:  # the organiser's view: not even loaded
        entries_qs = entries_qs.defer("text", "vector", "affect_score", "affect_values")
    entries = list(entries_qs)
    rows = [PromptRow(p, [e for e in entries if e.prompt_id == p.pk], len(people)) for p in prompts]
    scores = {
        (e.person_id, e.prompt_id): e.affect_score
        for e in entries
        if with_mood and e.affect_score is not None
    }
    closed = [p.pk for p in sorted(prompts, key=lambda p: p.deadline) if not p.is_open(moment)]
    found = earlywarning.early_warnings(
        people=list(people),
        prompts=[p.pk for p in prompts],
        closed_prompts=closed,
        answered={pid: {e.prompt_id for e in entries if e.person_id == pid} for pid in people},
        scores=scores,
        absences=_absences(batch, list(people), moment),
    )
    if not with_mood:
        found = earlywarning.without_mood(found)
    warnings = [Warning(people[p], rs) for p, rs in found.items()]
    warnings.sort(key=lambda w: (-len(w.reasons), w.person.name))
    overview = Overview(batch, with_mood, len(people), rows, warnings)
    if with_mood:
        overview.trend = trend_points(batch, entries)
        overview.themes = _themes(entries)
        overview.unanalysed = sum(1 for e in entries if e.analysed_at is None)
    return overview


def entry_counts(batch: Batch) -> dict[str, int]:
    """What those who may not read the entries see: how many, never what."""
    entries = Entry.objects.filter(prompt__session__batch=batch)
    return {
        "prompts": Prompt.objects.filter(session__batch=batch).count(),
        "entries": entries.count(),
        "answered": entries.annotate(n=Count("feedback")).filter(n__gt=0).count(),
    }
