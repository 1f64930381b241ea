"""Numbers have no gaps and never repeat when people issue at the same moment (PostgreSQL: the
counter row is locked; SQLite runs one writer at a time anyway)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from revmen.accounts.models import Person
from revmen.certificates.models import Certificate
from revmen.certificates.services import certificate_issue
from revmen.front.testing import Personas
from revmen.training.models import BatchRole, Enrolment

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_simultaneous_issues_get_consecutive_numbers() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers")
    Personas.make_personas()
    enrolments = [
        Enrolment.objects.create(
            batch=Personas.batch,
            person=Person.objects.create(
                username=f"c{n}", name=f"Peserta {n}", email=f"c{n}@example.go.id"
            ),
            role=BatchRole.PARTICIPANT,
        )
        for n in range(8)
    ]
    barrier = threading.Barrier(len(enrolments))
    errors: list[BaseException] = []

    def issue(enrolment: Enrolment) -> None:
        try:
            barrier.wait()
            certificate_issue(
                enrolment=enrolment,
                outcome="lulus",
                predicate=None,
                final_score=Decimal("80"),
                issued_by=None,
            )
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(e,)) for e in enrolments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequence = sorted(
        int(n.rsplit("/", 1)[1]) for n in Certificate.objects.values_list("number", flat=True)
    )
    assert sequence == list(range(1, len(enrolments) + 1))
