"""Benchmarks of the training app, run by ``python -m revmen.bench`` once its database is set up.

- Enrolment: preview (check only) and import of a 10,000-row .xlsx into one batch whose capacity
  is 30 (the warning is accepted), vs a bare ``bulk_create`` of the same people and enrolments.
  Target: preview + import under 15 s.
- Attendance grid: a 40 x 40 batch rendered by the organiser's batch page; the number of queries
  is the same as for a 1 x 1 batch (the tests assert it too).
"""

from __future__ import annotations

import io
import time
from datetime import date, timedelta
from typing import TYPE_CHECKING

from openpyxl.worksheet.worksheet import Worksheet

if TYPE_CHECKING:
    from revmen.training.models import Batch

RUN = "BENCH"


def _nip(n: int) -> str:
    birth = f"19{70 + n // 4000:02d}{1 + n // 28 % 12:02d}{1 + n % 28:02d}"
    return f"{birth}201012{1 + n % 2}{n % 1000:03d}"


def _setup(code: str) -> Batch:
    from revmen.accounts.models import AgencyKind
    from revmen.accounts.services import agency_create, unit_ensure_path
    from revmen.training.models import Batch, Programme

    institute = agency_create(
        code=f"{code}-INST", name="Bench Institute", kind=AgencyKind.INSTITUTE
    )
    agency = agency_create(code=f"{code}-AG", name="Bench Agency")
    unit_ensure_path(agency=agency, path="Dinas Uji/Bidang Uji")
    programme = Programme.objects.create(institute=institute, code=f"{code}-P", name="Bench")
    return Batch.objects.create(
        programme=programme,
        code=f"{code}-B",
        name="Bench batch",
        start_date=date.today() - timedelta(days=7),
        end_date=date.today() + timedelta(days=50),
        capacity=30,
    )


def bench_enrolment(n: int = 10_000) -> None:
    from django.db import connection, transaction
    from openpyxl import Workbook

    from revmen.accounts.models import Person
    from revmen.training.imports import import_enrolments
    from revmen.training.models import BatchRole, Enrolment

    batch = _setup(RUN)
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.append(["nip", "nama", "email", "instansi", "unit", "jabatan", "pangkat_golongan"])
    for i in range(n):
        sheet.append(
            [
                _nip(i),
                f"Peserta {i}",
                f"p{i}@x.go.id",
                f"{RUN}-AG",
                "Dinas Uji/Bidang Uji",
                "Analis",
                "III/c",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    start = time.perf_counter()
    preview = import_enrolments("bench.xlsx", content, batch=batch, dry_run=True)
    t_preview = time.perf_counter() - start
    start = time.perf_counter()
    result = import_enrolments("bench.xlsx", content, batch=batch)
    t_import = time.perf_counter() - start
    assert not preview.errors and result.created == n, result.errors[:3]
    assert preview.warnings  # the capacity warning, accepted

    Person.objects.filter(nip__in=[_nip(i) for i in range(n)]).delete()
    start = time.perf_counter()
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(username=_nip(i), nip=_nip(i), name=f"Peserta {i}") for i in range(n)
        )
        Enrolment.objects.bulk_create(
            Enrolment(batch=batch, person=p, role=BatchRole.PARTICIPANT) for p in people
        )
    t_bare = time.perf_counter() - start
    total = t_preview + t_import
    print(
        f"enrolment import ({connection.vendor}): {n:,} rows, preview {t_preview:.2f} s + import "
        f"{t_import:.2f} s = {total:.2f} s (target < 15 s); bare bulk_create {t_bare:.2f} s; "
        f"ratio {t_import / t_bare:.1f}x the bare time"
    )


def bench_grid(size: int = 40) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from revmen.accounts.models import Person, RoleKind
    from revmen.accounts.services import role_grant
    from revmen.training.models import Attendance, BatchRole, Enrolment, Session

    batch = _setup(f"{RUN}G")
    organiser = Person.objects.create(username="bench-organiser", name="Bench", email="b@x.id")
    role_grant(person=organiser, kind=RoleKind.ORGANISER, agency=batch.programme.institute)
    people = Person.objects.bulk_create(
        Person(username=f"g{i}", nip=_nip(50_000 + i), name=f"Peserta {i}") for i in range(size)
    )
    Enrolment.objects.bulk_create(
        Enrolment(batch=batch, person=p, role=BatchRole.PARTICIPANT) for p in people
    )
    start_at = timezone.now() - timedelta(days=size)
    sessions = Session.objects.bulk_create(
        Session(
            batch=batch,
            title=f"Sesi {i}",
            starts_at=start_at + timedelta(days=i),
            ends_at=start_at + timedelta(days=i, hours=2),
            jp=2,
            room="Aula",
        )
        for i in range(size)
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, person=p) for s in sessions for p in people[: size - 3]
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(organiser)
    url = f"/batches/{batch.code}/"
    with override_settings(ALLOWED_HOSTS=["localhost"]):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
    assert response.status_code == 200
    print(
        f"attendance grid ({connection.vendor}): {size} x {size} in {elapsed * 1000:.0f} ms, "
        f"{len(queries.captured_queries)} queries (constant in the batch size)"
    )
