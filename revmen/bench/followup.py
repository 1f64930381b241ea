"""Benchmark of the 360° follow-up, run by ``python -m revmen.bench`` once its database is set up.

A closed batch of 300 alumni with a mentor each: ``followup_run`` on the +3 day opens 300
rounds and creates 600 messages (notice + outbox e-mail); on the closing day it freezes the
300 rounds (self, mentor and three peers answered). Baseline: the same number of notices
written with one ``bulk_create``, and the 300 summaries computed from in-memory arrays.
Target: open + send under 30 s, freeze under 10 s for 300 rounds.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from datetime import time as clock

import numpy as np

RUN = "BFU"
ALUMNI = 300


def _setup(closed: date) -> None:
    from revmen.accounts.models import AgencyKind, Person
    from revmen.accounts.services import agency_create
    from revmen.followup.services import JAKARTA
    from revmen.instruments.library import load_library
    from revmen.training.models import Batch, BatchRole, Enrolment, Programme

    load_library()
    institute = agency_create(code=f"{RUN}-I", name="Bench follow-up", kind=AgencyKind.INSTITUTE)
    programme = Programme.objects.create(institute=institute, code=f"{RUN}-P", name="Bench")
    batch = Batch.objects.create(
        programme=programme,
        code=f"{RUN}-B",
        name="Bench follow-up batch",
        start_date=closed - timedelta(weeks=9),
        end_date=closed,
        closed_at=datetime.combine(closed, clock(16), tzinfo=JAKARTA),
    )
    people = Person.objects.bulk_create(
        Person(username=f"{RUN.lower()}-{i}", name=f"Alumni {i}", email=f"a{i}@bench.id")
        for i in range(2 * ALUMNI)
    )
    Enrolment.objects.bulk_create(
        Enrolment(batch=batch, person=people[i], role=BatchRole.PARTICIPANT, mentor=people[-1 - i])
        for i in range(ALUMNI)
    )


def _answer_all() -> None:
    from revmen.followup.models import Round
    from revmen.followup.services import _peer_create
    from revmen.instruments.models import Response, Token

    rows = []
    for round_ in Round.objects.filter(enrolment__batch__code=f"{RUN}-B").select_related(
        "enrolment__person", "enrolment__mentor", "administration"
    ):
        alumnus = round_.enrolment.person
        for k in range(3):
            _peer_create(round_, f"Rekan {k}", f"r{k}.{round_.pk}@bench.id", None)
        answers = bytes([4] * 21 + [0])
        rows.append(
            Response(
                administration=round_.administration,
                respondent=alumnus,
                answers=answers,
                submitted_on=round_.opens_on,
            )
        )
        rows.append(
            Response(
                administration=round_.administration,
                respondent=round_.enrolment.mentor,
                subject=alumnus,
                answers=answers,
                submitted_on=round_.opens_on,
            )
        )
        rows += [
            Response(
                administration=round_.administration,
                subject=alumnus,
                answers=answers,
                submitted_on=round_.opens_on,
            )
            for _ in range(3)
        ]
    Response.objects.bulk_create(rows)
    Token.objects.filter(administration__followup_round__enrolment__batch__code=f"{RUN}-B").delete()


def bench_followup() -> None:
    from revmen.core.models import Notice
    from revmen.followup.scheduler import followup_run
    from revmen.followup.services import add_months
    from revmen.stats.multirater import multirater

    closed = date.today() - timedelta(days=95)
    _setup(closed)
    due = add_months(closed, 3)
    started = time.perf_counter()
    sent = followup_run(due).sent
    send_s = time.perf_counter() - started
    notices = [Notice(person_id=n.person_id, subject="x", text="y") for n in Notice.objects.all()]
    started = time.perf_counter()
    Notice.objects.bulk_create(notices)
    bulk_s = time.perf_counter() - started
    _answer_all()
    started = time.perf_counter()
    frozen = followup_run(due + timedelta(days=21)).frozen
    freeze_s = time.perf_counter() - started
    ones = np.full((1, 21), 4.0)
    started = time.perf_counter()
    for _ in range(frozen):
        multirater(ones, ones, np.full((3, 21), 4.0), ["V"] * 21)
    pure_s = time.perf_counter() - started
    print(
        f"followup ({ALUMNI} alumni): open + send {sent} messages {send_s:.2f} s (target < 30 s; "
        f"bulk notices {bulk_s:.3f} s, ratio {send_s / max(bulk_s, 1e-9):.0f}x); freeze {frozen} "
        f"rounds {freeze_s:.2f} s (target < 10 s; pure summaries {pure_s:.3f} s, ratio "
        f"{freeze_s / max(pure_s, 1e-9):.0f}x)"
    )
