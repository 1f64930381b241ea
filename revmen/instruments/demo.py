"""The instruments part of the demo: the built-in library, and pre/post attitude tests and
evaluations on the demo batches, answered as people would (a latent trait per person, a gain
between pre and post)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from revmen.core.parts import DemoContext, demo_part
from revmen.training.models import Batch

from .library import load_library
from .models import Administration, Instrument, Invitation, Item, Response, Version
from .services import administration_create


@demo_part(30, "questionnaires")
def load_questionnaires_demo(context: DemoContext) -> None:
    _Questionnaires(context.rng, context.today).build(context.made["batches"])


def _aware(day: date, hour: int = 16) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


REFLECTIONS = [
    "Saya ingin lebih cepat menanggapi keluhan masyarakat.",
    "Saya ingin berhenti menunda pekerjaan dan lebih disiplin waktu.",
    "Saya ingin menolak setiap pemberian yang berkaitan dengan pelayanan.",
    "Saya ingin lebih terbuka menerima masukan dari rekan kerja.",
    "Saya ingin menyederhanakan prosedur layanan di unit saya.",
    "Saya ingin melibatkan tim dalam mencari solusi, bukan bekerja sendiri.",
]


class _Questionnaires:
    """Pre/post attitude, facilitator and organiser evaluations, answered as people would."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today

    def build(self, batches: list[Batch]) -> None:
        load_library()
        closed, running, _planned = batches
        sikap = self._version("SIKAP-RM")
        evalf = self._version("EVAL-FASILITATOR")
        evalp = self._version("EVAL-PENYELENGGARA")
        gains = {e.person_id: self.rng.gauss(0.45, 0.35) for e in closed.enrolments.all()}
        gains.update({e.person_id: self.rng.gauss(0.3, 0.35) for e in running.enrolments.all()})
        traits = {pid: self.rng.gauss(0, 1) for pid in gains}
        for batch in (closed, running):
            pre = self._open(sikap, batch, "pre", "Pre-test sikap", batch.start_date, 3)
            skip = 3 if batch is running else 0
            self._answer(pre, traits, None, skip=skip)
        post = self._open(
            sikap, closed, "post", "Post-test sikap", closed.end_date - timedelta(days=5), 5
        )
        self._answer(post, traits, gains)
        self._open(
            sikap, running, "post", "Post-test sikap", running.end_date - timedelta(days=5), 5
        )
        for batch, open_now in ((closed, False), (running, True)):
            start = (
                self.today - timedelta(days=2) if open_now else batch.end_date - timedelta(days=3)
            )
            fac = self._open(
                evalf,
                batch,
                "evaluation",
                "Evaluasi fasilitator",
                start,
                7,
                subject="facilitators",
                identity="confidential",
            )
            org = self._open(
                evalp,
                batch,
                "evaluation",
                "Evaluasi penyelenggaraan",
                start,
                7,
                identity="anonymous",
            )
            if not open_now:
                self._answer(fac, traits, None, shift=0.6)
                self._answer(org, traits, None, shift=0.4)

    def _version(self, code: str) -> Version:
        version = Instrument.objects.get(code=code).latest_version()
        assert version is not None
        return version

    def _open(
        self,
        version: Version,
        batch: Batch,
        purpose: str,
        title: str,
        start: date,
        days: int,
        *,
        subject: str = "none",
        identity: str = "identified",
    ) -> Administration:
        return administration_create(
            version=version,
            title=f"{title} · {batch.name}",
            purpose=purpose,
            audience="participants",
            identity=identity,
            subject=subject,
            batch=batch,
            opens_at=_aware(start, 7),
            closes_at=_aware(start + timedelta(days=days), 23),
        )

    def _answer(
        self,
        administration: Administration,
        traits: dict[int, float],
        gains: dict[int, float] | None,
        *,
        skip: int = 0,
        shift: float = 0.0,
    ) -> None:
        items = list(administration.version.items.all())
        invitations = list(
            administration.invitations.select_related("person").order_by("person__name")
        )[skip:]
        day = administration.opens_at.date() + timedelta(days=1)
        responses = []
        for invitation in invitations:
            theta = traits.get(invitation.person_id, 0.0) + shift
            if gains is not None:
                theta += gains.get(invitation.person_id, 0.0)
            values = [self._value(item, theta) for item in items]
            texts = {}
            for item in items:
                if item.is_text and self.rng.random() < 0.5:
                    texts[item.code] = self.rng.choice(REFLECTIONS)
            anonymous = administration.identity == "anonymous"
            responses.append(
                Response(
                    administration=administration,
                    respondent=None if anonymous else invitation.person,
                    subject=invitation.subject,
                    answers=bytes(values),
                    texts=texts,
                    submitted_on=day,
                )
            )
        if administration.identity == "anonymous":  # everyone answered: every key went out
            Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(handed_out=True)
        self.rng.shuffle(responses)
        Response.objects.bulk_create(responses)

    def _value(self, item: Item, theta: float) -> int:
        if item.is_text:
            return 0
        top = item.max_value
        if item.kind != "likert":
            return self.rng.randint(1, top)
        z = 0.35 + 0.8 * theta + self.rng.gauss(0, 0.75)
        value = round((top + 1) / 2 + (top - 1) / 4 * z)
        value = min(max(value, 1), top)
        return top + 1 - value if item.reverse else value
