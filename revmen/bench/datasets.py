"""Anonymous CSV export of 100,000 responses x 40 items (shuffled, through the export policy,
formulas neutralised) vs writing the same rows with the csv module from a plain query.

LimeSurvey 6.4 takes 41 s for such an export on this machine (the issue's figure); the target is
2 s for ours. Runs on the bench database (``setup_database``)."""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from revmen.instruments.models import Administration


def _administration(n_items: int = 40) -> Administration:
    from django.utils import timezone

    from revmen.instruments.library import load_definition
    from revmen.instruments.models import Administration, Version

    load_definition(
        {
            "code": "BENCH-EKSPOR",
            "name": "Bench ekspor",
            "kind": "reaction",
            "revision": 1,
            "sections": [
                {
                    "title": "A",
                    "items": [
                        {"code": f"Q{i}", "text": f"Butir {i}", "type": "likert", "points": 5}
                        for i in range(1, n_items + 1)
                    ],
                }
            ],
        }
    )
    version = Version.objects.get(instrument__code="BENCH-EKSPOR")
    now = timezone.now()
    return Administration.objects.create(
        version=version,
        title="Bench ekspor",
        audience="open_link",
        identity="anonymous",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=1),
    )


def bench_responses_export(n: int = 100_000, n_items: int = 40) -> None:
    from revmen.instruments.datasets import export_responses
    from revmen.instruments.models import Response

    rng = random.Random(11)
    administration = _administration(n_items)
    start = date(2026, 1, 1)
    batch = []
    for i in range(n):
        batch.append(
            Response(
                administration=administration,
                answers=bytes(rng.randint(0, 5) for _ in range(n_items)),
                submitted_on=start + timedelta(days=i % 60),
            )
        )
        if len(batch) == 10_000:
            Response.objects.bulk_create(batch)
            batch = []
    Response.objects.bulk_create(batch)

    def bare() -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["tanggal", *[f"Q{i}" for i in range(1, n_items + 1)]])
        query = Response.objects.filter(administration=administration).values_list(
            "submitted_on", "answers"
        )
        for day, answers in query.iterator(chunk_size=5000):
            writer.writerow([day.isoformat(), *[v or "" for v in bytes(answers)]])
        return buffer.getvalue().encode()

    def ours() -> bytes:
        return export_responses(administration, "csv").content

    timings = {}
    for name, function in (("bare", bare), ("ours", ours)):
        best = float("inf")
        for _ in range(3):
            began = time.perf_counter()
            content = function()
            best = min(best, time.perf_counter() - began)
        timings[name] = (best, len(content))
    Response.objects.filter(administration=administration).delete()
    ours_s, size = timings["ours"]
    bare_s, _size = timings["bare"]
    print(
        f"anonymous CSV export {n:,} x {n_items} (shuffled, policy, formulas neutralised): "
        f"{ours_s:.2f} s ({size / 1e6:.1f} MB; target <= 2 s; LimeSurvey 6.4: 41 s); "
        f"plain query + csv module {bare_s:.2f} s; ratio {ours_s / bare_s:.2f}x"
    )
