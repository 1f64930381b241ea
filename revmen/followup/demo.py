"""The follow-up part of the demo: a batch closed more than six months ago, its alumni, their
mentor and peers, their change projects in every status (one handed over on a transfer), a
frozen +3-month round and an open +6-month round.

The first alumnus logs in as ``alumni.360@demo.revmen.id`` (the demo password) and sees the
frozen comparison of self and others; the demo mentor and the ``alumni`` login find 360°
questionnaires to answer on their home pages (as mentor, as peer).
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from revmen.accounts.demo import DOMAIN, LOGINS
from revmen.accounts.models import Person
from revmen.core.parts import DemoContext, demo_part
from revmen.instruments.library import load_library
from revmen.instruments.models import Administration, Instrument, Item, Response, UsedToken
from revmen.instruments.services import administration_create
from revmen.instruments.tokens import handout_key, token_hash
from revmen.learning.models import Commitment
from revmen.projects.demo import long_ago
from revmen.training.models import Batch, BatchRole, Enrolment

from .models import Rater, RaterRole, Round
from .services import JAKARTA, _peer_create, add_months, round_freeze, round_open

ALUMNI = 8
COMMITMENTS = {
    "BP": "Saya menjawab setiap pertanyaan warga di loket paling lambat hari itu juga.",
    "AK": "Saya mencatat setiap penggunaan kendaraan dinas dan melaporkannya tiap bulan.",
    "KO": "Saya membagikan satu hal baru yang saya pelajari kepada tim setiap bulan.",
    "HA": "Saya mengajak rekan dari bidang lain makan siang bersama sekali sepekan.",
    "AD": "Saya mengusulkan satu perbaikan alur layanan setiap triwulan.",
    "KL": "Saya melibatkan seksi lain sejak awal dalam setiap kegiatan baru.",
}
LOGIN = f"alumni.360@{DOMAIN}"


@demo_part(90, "followup")
def load_followup_demo(context: DemoContext) -> None:
    load_library()
    rng, today, made = context.rng, context.today, context.made
    # Closed six months and ten days ago: +3 is over (frozen), +6 opened ten days ago.
    closed_on = add_months(today, -6) - timedelta(days=10)
    start = closed_on - timedelta(weeks=9)
    programme = made["batches"][0].programme
    batch = Batch.objects.create(
        programme=programme,
        code=f"PRM-{start.year}-0",
        name=f"Angkatan 0 Tahun {start.year}",
        start_date=start,
        end_date=closed_on,
        closed_at=_at(closed_on, 16),
    )
    mentor = Person.objects.get(email=LOGINS["mentor"][0])
    Enrolment.objects.create(batch=batch, person=mentor, role=BatchRole.MENTOR)
    agencies: dict[str, list[Person]] = made["by_agency"]
    pool = sorted({p for group in agencies.values() for p in group}, key=lambda p: p.pk)
    alumni = []
    for index in range(ALUMNI):
        agency = made["agencies"][index % len(made["agencies"])]
        person = made["people"].person(agency, email=LOGIN if index == 0 else None)
        alumni.append(
            Enrolment.objects.create(
                batch=batch, person=person, role=BatchRole.PARTICIPANT, mentor=mentor
            )
        )
    _prepost(batch, alumni, rng)
    # Their change projects, in every status, one handed over on a transfer (*mutasi*).
    taken = {e.person_id for e in alumni} | {mentor.pk}
    others = [p for p in pool if p.pk not in taken and p.email]
    made["followup_projects"] = long_ago(alumni, today, rng, others[0], others[1])
    for enrolment in alumni:
        for code in rng.sample(sorted(COMMITMENTS), 2):
            Commitment.objects.create(
                batch=batch, person=enrolment.person, value=code, text=COMMITMENTS[code]
            )
    peer_login = Person.objects.get(email=LOGINS["alumni"][0])
    for index, enrolment in enumerate(alumni):
        peers = rng.sample(pool, 4)
        if index == 0:
            peers[0] = peer_login
        three = round_open(enrolment=enrolment, offset_months=3, opens_on=add_months(closed_on, 3))
        _peers(three, peers)
        # The third alumnus has only two peers who answered: their peers are never shown.
        _answer(three, rng, n_peers=2 if index == 2 else rng.choice([3, 4]), mentor=True)
        round_freeze(round_=three, today=three.closes_on)
        six = round_open(enrolment=enrolment, offset_months=6, opens_on=add_months(closed_on, 6))
        _answer(six, rng, n_peers=rng.choice([0, 1, 2]), mentor=False, own=index % 2 == 1)
    made["followup_batch"] = batch


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=JAKARTA)


def _peers(round_: Round, peers: list[Person]) -> None:
    for person in peers:
        if person.pk != round_.enrolment.person_id:
            _peer_create(round_, person.name, "", person)


def _value(rng: random.Random, theta: float) -> int:
    return min(5, max(1, round(3.4 + theta + rng.gauss(0, 0.6))))


def _sheet(items: list[Item], rng: random.Random, theta: float) -> bytes:
    return bytes(_value(rng, theta) if item.kind == "likert" else 0 for item in items)


def _answer(
    round_: Round, rng: random.Random, *, n_peers: int, mentor: bool, own: bool = True
) -> None:
    """Answers as people would give them: self a little kinder than others."""
    administration = round_.administration
    items = list(administration.version.items.order_by("position"))
    alumnus = round_.enrolment.person
    theta = rng.gauss(0, 0.4)
    day = round_.opens_on + timedelta(days=2)
    rows: list[dict[str, Any]] = []
    if own:
        rows.append({"respondent": alumnus, "subject": None, "theta": theta + 0.4})
    raters = list(round_.raters.select_related("person"))
    if mentor:
        for rater in raters:
            if rater.role == RaterRole.MENTOR:
                rows.append({"respondent": rater.person, "subject": alumnus, "theta": theta})
    peers = [r for r in raters if r.role == RaterRole.PEER][:n_peers]
    rows += [{"respondent": None, "subject": alumnus, "theta": theta - 0.1} for _ in peers]
    # The peers opened their links (the key went to their browser) and answered by the key.
    Rater.objects.filter(pk__in=[r.pk for r in peers]).update(handed_out=True)
    UsedToken.objects.bulk_create(
        [
            UsedToken(token_hash=token_hash(handout_key()), administration=administration)
            for _ in peers
        ]
    )
    Response.objects.bulk_create(
        [
            Response(
                administration=administration,
                respondent=row["respondent"],
                subject=row["subject"],
                answers=_sheet(items, rng, row["theta"]),
                submitted_on=day,
            )
            for row in rows
        ]
    )


def _prepost(batch: Batch, alumni: list[Enrolment], rng: random.Random) -> None:
    """The batch's own pre/post attitude test, so the alumni see theirs beside the 360°."""
    instrument = Instrument.objects.get(code="SIKAP-RM")
    version = instrument.latest_version()
    assert version is not None
    items = list(version.items.order_by("position"))
    for purpose, day, gain in (("pre", batch.start_date, 0.0), ("post", batch.end_date, 0.35)):
        administration: Administration = administration_create(
            version=version,
            title=f"{purpose.title()}-test sikap · {batch.name}",
            purpose=purpose,
            audience="participants",
            identity="identified",
            batch=batch,
            opens_at=_at(day - timedelta(days=3), 7),
            closes_at=_at(day, 23),
        )
        Response.objects.bulk_create(
            Response(
                administration=administration,
                respondent=enrolment.person,
                answers=bytes(
                    (6 - v if item.reverse else v) if item.kind == "likert" else 0
                    for item in items
                    for v in [_value(rng, gain - 0.3)]
                ),
                submitted_on=day,
            )
            for enrolment in alumni
        )
