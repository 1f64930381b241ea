"""Writes for culture waves: open, issue tokens, close, import a past wave."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from revmen.accounts.models import Agency, Person, Unit
from revmen.core.jobs import Output, Progress, job_kind, job_run, job_start, latest_job
from revmen.core.models import Job
from revmen.instruments.models import Administration, Draft, Instrument, Response, Token, Version
from revmen.instruments.services import administration_create
from revmen.instruments.tokens import random_token, token_hash

from .aggregates import fold_all, shuffle_rows
from .comments import forget_vectors
from .models import Wave
from .report import summarise

CULTURE_INSTRUMENT = "BUDAYA-BERAKHLAK"
ERR_WAVE_EXISTS = gettext_noop("A wave named %(name)s already exists for this agency.")
ERR_NOT_CULTURE = gettext_noop("A wave needs a culture instrument.")
MAX_TOKENS = 5000


def default_culture_version() -> Version | None:
    instrument = Instrument.objects.filter(code=CULTURE_INSTRUMENT).first()
    return instrument.latest_version() if instrument else None


@transaction.atomic
def wave_create(
    *,
    agency: Agency,
    name: str,
    opens_at: datetime,
    closes_at: datetime,
    version: Version | None = None,
    min_group_size: int = 5,
    min_comment_group: int = 10,
    created_by: Person | None = None,
) -> Wave:
    """Open a wave: an anonymous open-link administration over the agency's unit tree."""
    version = version or default_culture_version()
    if version is None or version.instrument.kind != "culture":
        raise ValidationError(_(ERR_NOT_CULTURE))
    name = " ".join(name.split())
    if Wave.objects.filter(agency=agency, name=name).exists():
        raise ValidationError({"name": _(ERR_WAVE_EXISTS) % {"name": name}})
    administration = administration_create(
        version=version,
        title=f"{name} · {agency.name}",
        purpose="culture",
        audience="open_link",
        identity="anonymous",
        agency=agency,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=created_by,
    )
    wave = Wave(
        agency=agency,
        administration=administration,
        name=name,
        min_group_size=min_group_size,
        min_comment_group=min_comment_group,
        created_by=created_by,
    )
    wave.full_clean()
    wave.save()
    return wave


def tokens_issue(*, wave: Wave, unit: Unit, count: int) -> list[str]:
    """Single-use tokens bound to a unit, to print or send; only their hashes are stored."""
    if unit.agency_id != wave.agency_id:
        raise ValidationError(_("The unit is not part of this agency."))
    count = max(1, min(count, MAX_TOKENS))
    tokens = [random_token(wave.administration_id) for _ in range(count)]
    Token.objects.bulk_create(
        [
            Token(administration=wave.administration, token_hash=token_hash(t), unit=unit)
            for t in tokens
        ]
    )
    return tokens


ERR_EXTEND_EARLIER = gettext_noop(
    "The new end must come after the current end (%(end)s) and after now."
)
ERR_EXTEND_CLOSED = gettext_noop("A closed wave cannot be extended.")


@transaction.atomic
def wave_extend(*, wave: Wave, closes_at: datetime, now: datetime | None = None) -> Wave:
    """Give an open wave more time (never less: links already handed out keep working)."""
    administration = Administration.objects.select_for_update().get(pk=wave.administration_id)
    if wave.is_closed or wave.is_closing:
        raise ValidationError({"closes_at": _(ERR_EXTEND_CLOSED)})
    if closes_at <= administration.closes_at or closes_at <= (now or timezone.now()):
        end = formats.date_format(timezone.localtime(administration.closes_at), "j F Y H.i")
        raise ValidationError({"closes_at": _(ERR_EXTEND_EARLIER) % {"end": end}})
    administration.closes_at = closes_at
    administration.save(update_fields=["closes_at"])
    wave.administration = administration
    return wave


def open_link_token_for_unit(*, wave: Wave, unit: Unit) -> str:
    """A fresh single-use token for one visitor of the wave's link who chose ``unit``."""
    if not wave.administration.is_open():
        raise ValidationError(_("This questionnaire is not open."))
    return tokens_issue(wave=wave, unit=unit, count=1)[0]


CLOSE_KIND = "culture.close"
CLOSE_STEPS = {
    "counting": gettext_lazy("counting the last answers"),
    "shuffling": gettext_lazy("mixing the order of the stored answers"),
    "summarising": gettext_lazy("computing drivers and comments"),
}


def close_job(wave: Wave) -> Job | None:
    """The latest run of the slow part of closing this wave."""
    return latest_job(f"culture.wave:{wave.pk}", CLOSE_KIND)


def close_failed(wave: Wave) -> bool:
    """Closing failed or stopped without a word (or never started): it may be started again."""
    if not wave.is_closing:
        return False
    job = close_job(wave)
    return job is None or job.has_failed


def wave_close(*, wave: Wave, by: Any = None, wait: bool = False) -> Wave:
    """Close a wave. At once: no more answers, unused tokens and saved progress deleted. Then,
    as a background job (``wait=True``: here), the slow part, see ``wave_finish_close``.

    Closing twice is harmless; closing again after the background part failed retries it.
    """
    with transaction.atomic():
        _lock(wave)
        wave.refresh_from_db()
        if wave.is_closed or (wave.is_closing and not close_failed(wave)):
            return wave
        now = timezone.now()
        administration = wave.administration
        if administration.closes_at > now:
            administration.closes_at = max(now, administration.opens_at + timedelta(seconds=1))
            administration.save(update_fields=["closes_at"])
        Token.objects.filter(administration=administration).delete()
        Draft.objects.filter(administration=administration).delete()
        wave.closing_at = wave.closing_at or now
        wave.save(update_fields=["closing_at"])
        job = job_start(
            kind=CLOSE_KIND,
            owner=by,
            target=f"culture.wave:{wave.pk}",
            params={"wave": wave.pk},
            enqueue=not wait,
        )
    if wait:
        job_run(job.pk)
        wave.refresh_from_db()
    return wave


def _lock(wave: Wave) -> None:
    """Hold the wave row until the transaction ends (folds hold it in share mode)."""
    list(Wave.objects.select_for_update().filter(pk=wave.pk).values_list("pk"))


def wave_finish_close(wave: Wave, progress: Progress | None = None) -> Wave:
    """The slow part of closing, with progress: fold the last answers into the aggregates,
    rewrite all rows in random order, compute the summary; then scores show.

    Every step can run again, so a failed or interrupted close is simply started again.
    """
    report = progress or (lambda done, total, step="": None)
    pending = Response.objects.filter(administration_id=wave.administration_id, folded=False)
    total = pending.count()
    report(0, total, "counting")
    fold_all(wave, progress=lambda done: report(min(done, total), total, "counting"))
    report(0, 0, "shuffling")
    with transaction.atomic():
        # A fold still running (it holds the wave row in share mode) must finish before the
        # shuffle copies the rows, or the copy would bring back rows it has just rewritten.
        _lock(wave)
        fold_all(wave)
        shuffle_rows(wave)
    report(0, 0, "summarising")
    wave.closed_at = timezone.now()  # the summary is of the closed wave (scores shown)
    wave.summary = summarise(wave)
    wave.save(update_fields=["closed_at", "summary"])
    forget_vectors(wave)
    return wave


@job_kind(CLOSE_KIND, steps=CLOSE_STEPS)
def run_close(job: Job, progress: Progress) -> Output:
    wave = Wave.objects.select_related("administration").get(pk=job.params["wave"])
    if not wave.is_closed:
        wave_finish_close(wave, progress)
    return Output()
