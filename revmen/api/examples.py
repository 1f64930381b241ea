"""The objects the OpenAPI document's examples name, and how to make them.

The document's examples (``openapi.EXAMPLES``) reach real objects when a database holds what
``make_examples`` makes: the schemathesis run (api/tests/test_schemathesis.py) and
``make bench`` start from it, so every operation reaches its documented success. The numeric
ids are fixed by moving PostgreSQL's sequences just before each object is made (a test
database only: ``setval`` is not rolled back, and nothing else depends on those numbers).
"""

from __future__ import annotations

import io
import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from revmen.accounts.models import AgencyKind, Person, RoleKind, Unit
from revmen.accounts.services import agency_create, person_create, role_grant, unit_ensure_path
from revmen.culture.models import Wave
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_definition, load_library
from revmen.instruments.models import Administration, Version
from revmen.instruments.services import administration_create, response_submit
from revmen.training.models import Batch, BatchRole, Enrolment, Programme, Session

AGENCY = "BPSDM-CONTOH"
PROGRAMME = "PRM-CONTOH"
BATCH = "PRM-CONTOH-I"
EXAMPLE_ID = 9001
PERSON_NIP = "199001012015032001"
NEW_NIP = "199303032018011003"
ADMIN_NIP = "198404042010011004"
INSTRUMENT = {
    "code": "SIKAP-CONTOH",
    "name": "Sikap (contoh)",
    "kind": "attitude",
    "revision": 1,
    "scales": [{"code": "BSH", "name": "Bersih"}, {"code": "MLY", "name": "Melayani"}],
    "sections": [
        {
            "title": "Sikap",
            "items": [
                {"code": "B1", "text": "Saya menolak gratifikasi.", "type": "likert",
                 "points": 5, "scale": "BSH"},
                {"code": "B2", "text": "Saya melaporkan penyimpangan.", "type": "likert",
                 "points": 5, "scale": "BSH"},
                {"code": "M1", "text": "Saya melayani dengan ramah.", "type": "likert",
                 "points": 5, "scale": "MLY"},
            ],
        }
    ],
}  # fmt: skip
# A complete answer sheet for the intake example (the open-link administration below).
INTAKE_SHEET = {"B1": "4", "B2": "5", "M1": "4"}
CULTURE_UNITS = [("", 4), ("Bidang Pengembangan", 14), ("Bidang Pengembangan/Seksi Kurikulum", 3),
                 ("Sekretariat", 12)]  # fmt: skip


@dataclass
class Examples:
    admin: Person
    person: Person
    batch: Batch
    open_administration: Administration


@contextmanager
def _numbered(table: str, value: int = EXAMPLE_ID) -> Iterator[None]:
    """The first row made inside gets ``value``; later rows of the table come after it."""
    if connection.vendor != "postgresql":
        yield
        return
    sequence = "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)"
    with connection.cursor() as cursor:
        cursor.execute(sequence, [table, value - 1])
        yield
        cursor.execute(f"SELECT MAX(id) FROM {table}")
        cursor.execute(sequence, [table, cursor.fetchone()[0]])


def make_examples() -> Examples:
    """The example institute with a unit tree, its admin-and-organiser, a participant, a
    programme with a batch, a session, an identified administration with one response, an
    open link for the intake and a closed culture wave."""
    load_library()
    now = timezone.now()
    agency = agency_create(code=AGENCY, name="BPSDM Contoh", kind=AgencyKind.INSTITUTE)
    unit, _n = unit_ensure_path(agency=agency, path="Bidang Pengembangan")
    with _numbered("accounts_person"):
        person = person_create(
            name="Ani Peserta", nip=PERSON_NIP, agency=agency, unit=unit, email="ani@contoh.go.id"
        )
    admin = person_create(
        name="Admin Contoh", nip=ADMIN_NIP, agency=agency, email="admin@contoh.go.id"
    )
    for kind in (RoleKind.AGENCY_ADMIN, RoleKind.ORGANISER):
        role_grant(person=admin, kind=kind, agency=agency)
    programme = Programme.objects.create(
        institute=agency, code=PROGRAMME, name="Pelatihan Revolusi Mental"
    )
    batch = Batch.objects.create(
        programme=programme, code=BATCH, name="Angkatan I",
        start_date=now.date() - timedelta(days=7), end_date=now.date() + timedelta(days=50),
    )  # fmt: skip
    Enrolment.objects.create(batch=batch, person=person, role=BatchRole.PARTICIPANT)
    with _numbered("training_session"):
        Session.objects.create(
            batch=batch, title="Nilai dasar ASN", starts_at=now - timedelta(hours=3),
            ends_at=now - timedelta(hours=1), jp=2,
        )  # fmt: skip
    load_definition(INSTRUMENT, builtin=False)
    version = Version.objects.get(instrument__code=INSTRUMENT["code"], number=1)
    opens_at, closes_at = now - timedelta(hours=1), now + timedelta(days=7)
    with _numbered("instruments_administration"):
        post = administration_create(
            version=version, title="Sikap (pasca)", purpose="post", audience="participants",
            identity="identified", batch=batch, opens_at=opens_at,
            closes_at=closes_at,
        )  # fmt: skip
    response_submit(administration=post, sheet=AnswerSheet(values=[4, 5, 3]), person=person)
    open_administration = administration_create(
        version=version, title="Tautan terbuka", audience="open_link", identity="anonymous",
        opens_at=opens_at, closes_at=closes_at,
    )  # fmt: skip
    with _numbered("culture_wave"):
        _import_wave()
    return Examples(admin, person, batch, open_administration)


def _import_wave() -> Wave:
    rng = random.Random(7)
    codes = [f"{d}{i}" for d in ["BP", "AK", "KO", "HA", "LO", "AD", "KL", "BS", "ML", "RS"]
             for i in (1, 2, 3)] + ["OV1", "OV2"]  # fmt: skip
    lines = [",".join(["unit", *codes])]
    for path, count in CULTURE_UNITS:
        for _ in range(count):
            lines.append(",".join([path, *(str(rng.choice([5, 4, 4, 3, 2])) for _c in codes)]))
    csv_path = Path(tempfile.mkdtemp()) / "gelombang.csv"
    csv_path.write_text("\n".join(lines) + "\n")
    call_command(
        "culture", "import", str(csv_path), "--org", AGENCY, "--wave", "Gelombang 2025",
        "--create-units", "--date", "2025-11-01", stdout=io.StringIO(),
    )  # fmt: skip
    return Wave.objects.get(agency__code=AGENCY, name="Gelombang 2025")


def example_units() -> list[Unit]:
    return list(Unit.objects.filter(agency__code=AGENCY))
