"""``make bench``: figures with ratios against baselines measured in the same run.

Machines are noisy, so every figure is paired with a baseline doing the least possible work on
the same data in the same process; read the ratio, not the seconds.

- Statistics core: scale scores, alpha, omega, the paired comparison and reliable change for
  100,000 respondents x 40 items in memory vs a bare NumPy pass (nanmean, alpha, paired t).
- Enrolment: preview and import of a 10,000-row .xlsx into one batch vs a bare bulk_create;
  the attendance grid of a 40 x 40 batch with the same number of queries as a 1 x 1 batch.
- NIP validation: ``parse_nip`` vs a bare digits-and-slices check.
- Agency import: ~600 agencies with 3-level unit trees from an .xlsx, through
  ``import_agencies`` (checks, all-or-nothing transaction) vs a bare ``bulk_create`` of the same
  units. Runs on a temporary SQLite file, or on ``DATABASE_URL`` when set (a scratch database
  ``revmen_bench`` is created on PostgreSQL).
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from typing import Any

SEED = 7


def best_of(repeat: int, function: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def make_nips(n: int) -> list[str]:
    rng = random.Random(SEED)
    nips = []
    for _ in range(n):
        year = rng.randint(1965, 1999)
        nips.append(
            f"{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{min(year + rng.randint(20, 30), 2025)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}"
            f"{rng.randint(1, 999):03d}"
        )
    return nips


def bench_nip() -> None:
    from revmen.asn.nip import parse_nip

    nips = make_nips(200_000)
    today = date(2026, 11, 24)

    def ours() -> None:
        for nip in nips:
            parse_nip(nip, today=today)

    def bare() -> None:
        for nip in nips:
            if nip.isdigit() and len(nip) == 18:
                date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))

    t_ours, t_bare = best_of(3, ours), best_of(3, bare)
    print(
        f"nip: parse_nip {len(nips) / t_ours:,.0f}/s; bare check {len(nips) / t_bare:,.0f}/s; "
        f"ratio {t_ours / t_bare:.2f}x the bare time"
    )


def agency_rows(n_agencies: int = 600) -> list[list[str]]:
    rows = [["agency_code", "agency_name", "unit_path"]]
    for a in range(n_agencies):
        code, name = f"AG-{a:04d}", f"Instansi Uji {a}"
        for d in range(3):
            for b in range(2):
                for s in range(2):
                    rows.append([code, name, f"Dinas {d}/Bidang {b}/Seksi {s}"])
    return rows


def bench_import() -> None:
    from django.db import connection, transaction
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from revmen.accounts.imports import import_agencies
    from revmen.accounts.models import Agency, Unit

    rows = agency_rows()
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    start = time.perf_counter()
    result = import_agencies("bench.xlsx", content)
    t_ours = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    n_units = Unit.objects.filter(parent__isnull=False).count()

    Agency.objects.all().delete()
    start = time.perf_counter()
    with transaction.atomic():
        agencies = Agency.objects.bulk_create(
            [Agency(code=f"AG-{a:04d}", name=f"Instansi Uji {a}") for a in range(600)]
        )
        roots = Unit.objects.bulk_create(
            [Unit(agency=a, name=a.name, path="", depth=0) for a in agencies]
        )
        level1 = Unit.objects.bulk_create(
            [
                Unit(agency_id=r.agency_id, parent=r, name=f"Dinas {d}", path=f"Dinas {d}", depth=1)
                for r in roots
                for d in range(3)
            ]
        )
        level2 = Unit.objects.bulk_create(
            [
                Unit(
                    agency_id=u.agency_id,
                    parent=u,
                    name=f"Bidang {b}",
                    path=f"{u.path}/Bidang {b}",
                    depth=2,
                )
                for u in level1
                for b in range(2)
            ]
        )
        Unit.objects.bulk_create(
            [
                Unit(
                    agency_id=u.agency_id,
                    parent=u,
                    name=f"Seksi {s}",
                    path=f"{u.path}/Seksi {s}",
                    depth=3,
                )
                for u in level2
                for s in range(2)
            ]
        )
    t_bare = time.perf_counter() - start
    print(
        f"agency import ({connection.vendor}): {len(rows) - 1:,} rows, {n_units:,} units in "
        f"{t_ours:.2f} s ({(len(rows) - 1) / t_ours:,.0f} rows/s); bare bulk_create "
        f"{t_bare:.2f} s; ratio {t_ours / t_bare:.1f}x the bare time"
    )


def fit_to_items(answers: Any, wave: Any, rng: Any) -> None:
    """Random Likert answers made to fit the instrument: open questions empty, profile
    questions one of their options (or skipped)."""
    for item in wave.administration.version.items.all():
        if item.is_text:
            answers[:, item.position] = 0
        elif item.kind == "choice":
            answers[:, item.position] = rng.integers(0, len(item.options) + 1, answers.shape[0])


def bench_culture_report(n_respondents: int = 100_000) -> None:
    """An agency of ~340 units and 100,000 respondents: the full report (from aggregates) vs a
    bare NumPy pass over the same answers held in memory (per-unit favourable counts)."""
    from datetime import timedelta

    import numpy as np
    from django.utils import timezone

    from revmen.accounts.models import Unit
    from revmen.accounts.services import agency_create, unit_create
    from revmen.culture.report import build_report
    from revmen.culture.services import wave_close, wave_create
    from revmen.instruments.library import load_library
    from revmen.instruments.models import Response

    load_library()
    agency = agency_create(code="BENCH-AGENCY", name="Instansi Bench")
    root = Unit.objects.get(agency=agency, parent__isnull=True)
    leaves: list[Unit] = []
    for a in range(8):
        dinas = unit_create(parent=root, name=f"Dinas {a}")
        for b in range(6):
            bidang = unit_create(parent=dinas, name=f"Bidang {b}")
            leaves.extend(unit_create(parent=bidang, name=f"Seksi {c}") for c in range(6))
    now = timezone.now()
    wave = wave_create(
        agency=agency,
        name="Bench",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    n_items = wave.administration.version.items.count()
    rng = np.random.default_rng(SEED)
    answers = rng.choice(
        [1, 2, 3, 4, 5], size=(n_respondents, n_items), p=[0.05, 0.1, 0.2, 0.4, 0.25]
    ).astype(np.uint8)
    fit_to_items(answers, wave, rng)
    unit_of = rng.integers(0, len(leaves), n_respondents)
    start = time.perf_counter()
    for chunk in range(0, n_respondents, 10_000):
        Response.objects.bulk_create(
            [
                Response(
                    administration=wave.administration,
                    unit=leaves[int(unit_of[i])],
                    answers=answers[i].tobytes(),
                    submitted_on=now.date(),
                )
                for i in range(chunk, min(chunk + 10_000, n_respondents))
            ]
        )
    t_load = time.perf_counter() - start
    start = time.perf_counter()
    wave_close(wave=wave, wait=True)
    t_close = time.perf_counter() - start
    wave.refresh_from_db()
    t_report = best_of(3, lambda: build_report(wave))

    def bare() -> None:
        favourable = answers >= 4
        for unit in range(len(leaves)):
            favourable[unit_of == unit].sum(axis=0)

    t_bare = best_of(3, bare)
    t_page = _page_median(f"/culture/waves/{wave.pk}/report/")
    print(
        f"culture report ({n_respondents:,} respondents, {len(leaves) + 57} units): full report "
        f"{t_report:.3f} s (target <= 0.5 s); bare NumPy per-unit pass {t_bare:.3f} s; ratio "
        f"{t_report / t_bare:.2f}x; heatmap page (full Django stack) median {t_page * 1000:.0f} ms "
        f"(target <= 300 ms); [insert {t_load:.1f} s, close with fold, shuffle and summary "
        f"{t_close:.1f} s]"
    )


def bench_national(n_respondents: int = 4_300_000, n_agencies: int = 600) -> None:
    """A national wave: 4.3 million answers over 600 agencies x 10 units, in PostgreSQL.

    Times (1) the full recompute from the stored answers (records packed by PostgreSQL, read
    into NumPy) against a bare NumPy per-unit pass over the same answers already in memory, and
    (2) the national report served from aggregates. Generation uses COPY into a staging table.
    """
    from datetime import timedelta

    import numpy as np
    from django.db import connection
    from django.utils import timezone

    from revmen.accounts.models import Unit
    from revmen.accounts.services import agency_create
    from revmen.culture.aggregates import encode
    from revmen.culture.fastread import counts_by_unit, recompute_fast
    from revmen.culture.models import Aggregate
    from revmen.culture.report import build_report
    from revmen.culture.services import wave_create
    from revmen.instruments.library import load_library

    load_library()
    start = time.perf_counter()
    nation = agency_create(code="NASIONAL", name="Gelombang Nasional ASN")
    root = Unit.objects.get(agency=nation, parent__isnull=True)
    tops = Unit.objects.bulk_create(
        [
            Unit(
                agency=nation,
                parent=root,
                name=f"Instansi {a:03d}",
                path=f"Instansi {a:03d}",
                depth=1,
            )
            for a in range(n_agencies)
        ]
    )
    leaves = Unit.objects.bulk_create(
        [
            Unit(agency=nation, parent=top, name=f"Unit {u}", path=f"{top.path}/Unit {u}", depth=2)
            for top in tops
            for u in range(9)
        ]
    )
    now = timezone.now()
    wave = wave_create(
        agency=nation,
        name="Nasional",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=1),
    )
    n_items = wave.administration.version.items.count()
    rng = np.random.default_rng(SEED)
    leaf_ids = np.array([u.pk for u in leaves], dtype=np.int64)
    units = leaf_ids[rng.integers(0, leaf_ids.size, n_respondents)]
    answers = rng.choice(
        np.arange(1, 6, dtype=np.uint8),
        size=(n_respondents, n_items),
        p=[0.05, 0.1, 0.2, 0.4, 0.25],
    )
    fit_to_items(answers, wave, rng)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE staging (unit_id bigint, answers bytea)")
        with cursor.cursor.copy("COPY staging (unit_id, answers) FROM STDIN") as copy:
            for i in range(n_respondents):
                copy.write_row((int(units[i]), answers[i].tobytes()))
        cursor.execute(
            "INSERT INTO instruments_response (id, administration_id, unit_id, answers, texts, "
            "submitted_on, folded) SELECT gen_random_uuid(), %s, unit_id, answers, '{}', "
            "CURRENT_DATE, true FROM staging",
            [wave.administration_id],
        )
        cursor.execute("DROP TABLE staging")
        cursor.execute("ANALYZE instruments_response")
    t_generate = time.perf_counter() - start

    start = time.perf_counter()
    counts = recompute_fast(wave)
    t_recompute = time.perf_counter() - start
    t_bare = best_of(1, lambda: counts_by_unit(units, answers, n_items))
    Aggregate.objects.bulk_create(
        [
            Aggregate(wave=wave, unit_id=unit, n=n, counts=encode(matrix))
            for unit, (n, matrix) in counts.items()
        ]
    )
    wave.closed_at = timezone.now()
    wave.save(update_fields=["closed_at"])
    t_report = best_of(3, lambda: build_report(wave, with_extras=False))
    total = sum(n for n, _c in counts.values())
    print(
        f"national wave ({total:,} answers, {len(leaves) + n_agencies + 1:,} units): recompute "
        f"from PostgreSQL (packed records, 2 connections) {t_recompute:.2f} s (target <= 5 s); "
        f"bare NumPy per-unit pass in memory {t_bare:.2f} s; ratio {t_recompute / t_bare:.2f}x; "
        f"report from aggregates {t_report:.3f} s (target <= 0.3 s); "
        f"[generated in {t_generate:.0f} s]"
    )


def _page_median(url: str, runs: int = 7) -> float:
    """Median time to serve a page through Django's full stack (middleware, view, template)."""
    import statistics

    from django.test import Client

    from revmen.accounts.models import Person

    admin = Person.objects.filter(is_superuser=True).first() or Person.objects.create_superuser(
        "bench-admin", "x", name="Bench", email="bench@example.go.id"
    )
    client = Client()
    client.force_login(admin)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, SERVER_NAME="127.0.0.1")
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def setup_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, _sep, _name = url.rpartition("/")
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS revmen_bench")
            conn.execute("CREATE DATABASE revmen_bench")
        os.environ["DATABASE_URL"] = f"{base}/revmen_bench"
    else:
        folder = tempfile.mkdtemp(prefix="revmen-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "revmen.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def bench_stats() -> None:
    from revmen.stats.bench import run

    r = run()
    print(
        f"stats core ({int(r['n']):,} x {int(r['k'])}): scale scores {r['scale_scores_s']:.3f} s, "
        f"alpha {r['alpha_s']:.3f} s, omega {r['omega_s']:.3f} s, paired {r['paired_s']:.3f} s, "
        f"RCI {r['rci_s']:.3f} s; total {r['total_s']:.3f} s (target < 1 s); bare NumPy "
        f"{r['baseline_total_s']:.3f} s; ratio {r['ratio']:.2f}x (target <= 5x)"
    )


def main() -> int:
    print("revmen bench: figures with ratios against same-run baselines (lower ratio = better)")
    bench_stats()
    bench_nip()
    __import__("revmen.bench.text", fromlist=["run"]).run()
    setup_database()
    bench_import()
    from revmen.bench.training import bench_enrolment, bench_grid

    bench_enrolment()
    bench_grid()
    bench_culture_report()
    from revmen.bench.datasets import bench_responses_export

    bench_responses_export()
    __import__("revmen.bench.certificates").bench.certificates.run()
    __import__("revmen.bench.projects", fromlist=["bench_reminders"]).bench_reminders()
    __import__("revmen.bench.api", fromlist=["bench_api"]).bench_api()
    __import__("revmen.bench.followup", fromlist=["bench_followup"]).bench_followup()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        if os.environ.get("REVMEN_BENCH_INTAKE", "1") != "0":
            from revmen.bench.intake import run as bench_intake

            bench_intake()
        if os.environ.get("REVMEN_BENCH_NATIONAL", "1") != "0":
            bench_national()
        if os.environ.get("REVMEN_BENCH_SERVICE", "1") != "0":
            __import__("revmen.bench.service", fromlist=["run"]).run()
    else:
        print(
            "intake over HTTP and national wave: skipped (they need DATABASE_URL=postgres://…; "
            "REVMEN_BENCH_INTAKE=0 or REVMEN_BENCH_NATIONAL=0 skips one there)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
