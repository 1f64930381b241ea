"""Reaction evaluations (Kirkpatrick level 1): participants evaluate each facilitator and the
organiser with the built-in instruments EVAL-FASILITATOR and EVAL-PENYELENGGARA.

When the batch's last session has ended, the periodic ``grading.reactions`` opens both as
anonymous batch questionnaires of the instrument engine (so the batch's questionnaire page
lists them, with its response rate and reminders, ``instruments/reminders.py``); the organiser
may open them earlier from the grading board.

Results: per facilitator and for the organiser, each item's answers by the instrument's own
categories (its option labels) and the scale mean, shown only when at least k participants
answered (the programme's ``min_group_size``, default 5; ``privacy.groups.may_show``) and only
after the grades are final (the batch is closed), so that no answer can sway or be read
against a grade. Never a name: the answers are anonymous.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person
from revmen.core.periodic import periodic
from revmen.instruments.analysis import item_matrix
from revmen.instruments.models import IdentityMode, Instrument, Item, Purpose, Response
from revmen.instruments.qtypes import SCALE
from revmen.instruments.services import administration_create
from revmen.privacy.groups import may_show
from revmen.training.models import Batch

from .models import BatchGrading, Reaction

FACILITATORS = "EVAL-FASILITATOR"
ORGANISER = "EVAL-PENYELENGGARA"
WINDOW = timedelta(days=14)
ERR_OPEN_ALREADY = gettext_noop("The reaction evaluations are open already.")
ERR_NO_INSTRUMENT = gettext_noop("Load the built-in instruments first (instruments load-library).")


@transaction.atomic
def reactions_open(*, batch: Batch, by: Person | None) -> list[Reaction]:
    state, _created = BatchGrading.objects.select_for_update().get_or_create(batch=batch)
    if state.reactions_opened_at is not None:
        raise ValidationError(_(ERR_OPEN_ALREADY))
    made = []
    now = timezone.now()
    for code, subject, about_facilitators in [
        (FACILITATORS, "facilitators", True),
        (ORGANISER, "none", False),
    ]:
        instrument = Instrument.objects.filter(code=code).first()
        version = instrument.latest_version() if instrument else None
        if instrument is None or version is None:
            raise ValidationError(_(ERR_NO_INSTRUMENT))
        administration = administration_create(
            version=version,
            title=f"{instrument.name} · {batch.name}",
            audience="participants",
            subject=subject,
            identity=IdentityMode.ANONYMOUS,
            purpose=Purpose.EVALUATION,
            batch=batch,
            opens_at=now,
            closes_at=now + WINDOW,
            created_by=by,
        )
        made.append(
            Reaction.objects.create(
                batch=batch, administration=administration, about_facilitators=about_facilitators
            )
        )
    state.reactions_opened_at = now
    state.save(update_fields=["reactions_opened_at"])
    return made


def due_batches() -> list[Batch]:
    """Open batches whose last session has ended and whose reactions are not open yet."""
    now = timezone.now()
    return list(
        Batch.objects.filter(closed_at__isnull=True)
        .annotate(last_end=Max("sessions__ends_at"))
        .filter(last_end__lte=now)
        .exclude(grading__reactions_opened_at__isnull=False)
    )


@periodic("grading.reactions", every=timedelta(hours=1))
def reactions_due() -> int:
    """Open the reaction evaluations of every batch whose last session has ended."""
    opened = 0
    for batch in due_batches():
        try:
            reactions_open(batch=batch, by=None)
        except ValidationError:
            continue
        opened += 1
    return opened


@dataclass
class ItemResult:
    text: str
    categories: list[tuple[str, int]]  # (label, count)
    mean: float | None


@dataclass
class ReactionResult:
    title: str
    about: str  # a facilitator's name (staff, not a respondent) or "" for the organiser
    n: int
    shown: bool
    items: list[ItemResult] = field(default_factory=list)
    mean: float | None = None


def _summarise(
    title: str, about: str, answers: list[bytes], items: list[Item], k: int, final: bool
) -> ReactionResult:
    n = len(answers)
    result = ReactionResult(title, about, n, final and may_show(n, min_group_size=k))
    if not result.shown:
        return result
    matrix = item_matrix(answers, items)
    means = []
    for index, item in enumerate(items):
        column = matrix[:, index]
        labels = list(item.options) or [str(v) for v in range(1, (item.points or 0) + 1)]
        counts = [(label, int((column == value).sum())) for value, label in enumerate(labels, 1)]
        answered = column[~(column != column)]  # drop NaN
        mean = float(answered.mean()) if answered.size else None
        if mean is not None:
            means.append(mean)
        result.items.append(ItemResult(item.text, counts, mean))
    result.mean = sum(means) / len(means) if means else None
    return result


def results(batch: Batch) -> list[ReactionResult]:
    from .services import settings_for

    k = settings_for(batch.programme).min_group_size
    final = batch.is_closed
    out = []
    for reaction in Reaction.objects.filter(batch=batch).select_related("administration__version"):
        administration = reaction.administration
        items = [
            i
            for i in administration.version.items.order_by("position")
            if i.qtype.scoring == SCALE and i.points
        ]
        responses = Response.objects.filter(administration=administration)
        if reaction.about_facilitators:
            subjects = Person.objects.filter(pk__in=responses.values("subject_id")).order_by("name")
            for subject in subjects:
                answers = [
                    bytes(a)
                    for a in responses.filter(subject=subject).values_list("answers", flat=True)
                ]
                out.append(_summarise(administration.title, subject.name, answers, items, k, final))
        else:
            answers = [bytes(a) for a in responses.values_list("answers", flat=True)]
            out.append(_summarise(administration.title, "", answers, items, k, final))
    return out
