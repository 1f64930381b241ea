"""The REST API's list pages, run by ``python -m revmen.bench`` once its database is set up.

The example institute of the OpenAPI document (``api.examples``) with 2,000 more people, then
each list operation 40 times with a token (authentication, rate limit, scoping, one page of 50,
the audit entry): the median, against two baselines in the same run and process: the health
endpoint through the same client and middleware, and the bare ORM query for 50 people.
Target: every list page's median under 50 ms.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

PAGES = [
    "/api/v1/agencies/",
    "/api/v1/agencies/BPSDM-CONTOH/units/",
    "/api/v1/people/",
    "/api/v1/people/?updated_since=2020-01-01T00:00:00Z",
    "/api/v1/batches/",
    "/api/v1/batches/PRM-CONTOH-I/enrolments/",
    "/api/v1/administrations/",
    "/api/v1/waves/",
]
ROUNDS = 40


def _median_ms(call: Callable[[], object], rounds: int = ROUNDS) -> float:
    call()  # warm: caches, the first query plans
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_api(extra_people: int = 2_000) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from revmen.accounts.models import Person
    from revmen.api.examples import AGENCY, make_examples
    from revmen.api.tokens import token_create
    from revmen.training.models import BatchRole, Enrolment

    examples = make_examples()
    agency = examples.batch.programme.institute
    people = Person.objects.bulk_create(
        Person(username=f"api-bench-{i}", name=f"Pegawai {i}", email=f"p{i}@contoh.go.id",
               agency=agency)
        for i in range(extra_people)
    )  # fmt: skip
    Enrolment.objects.bulk_create(
        Enrolment(batch=examples.batch, person=p, role=BatchRole.PARTICIPANT) for p in people[:30]
    )
    _t, secret = token_create(person=examples.admin, agency=agency)
    client = Client(SERVER_NAME="localhost", headers={"Authorization": f"Bearer {secret}"})
    with override_settings(ALLOWED_HOSTS=["localhost"], API_TOKEN_RATE_LIMIT="1000000/m"):
        health = _median_ms(lambda: client.get("/health/"))
        orm = _median_ms(lambda: list(Person.objects.filter(agency__code=AGENCY)[:50]))
        medians = {}
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
            medians[url] = _median_ms(lambda url=url: client.get(url))  # type: ignore[misc]
    worst = max(medians, key=lambda url: medians[url])
    for url, median in medians.items():
        print(
            f"API list ({connection.vendor}) {url}: p50 {median:.1f} ms (target < 50 ms); "
            f"health {health:.1f} ms, bare ORM page {orm:.1f} ms; ratio {median / health:.1f}x "
            "the health endpoint"
        )
    print(
        f"API list pages ({connection.vendor}): worst p50 {medians[worst]:.1f} ms ({worst}), "
        f"{'within' if medians[worst] < 50 else 'OVER'} the 50 ms target"
    )
