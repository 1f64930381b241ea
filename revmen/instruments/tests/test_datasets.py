"""Responses as data sets: .xlsx, CSV and SPSS .sav read back, anonymous ones shuffled and
stripped of what could point at a person."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from revmen.accounts.models import Person
from revmen.instruments.datasets import (
    _POLICIES,
    ExportPolicy,
    build_dataset,
    export_policy,
    export_responses,
    spss_name,
)
from revmen.instruments.library import load_definition
from revmen.instruments.models import Administration, Response, Version

DEFINITION: dict[str, Any] = {
    "code": "DATA-UJI",
    "name": "Data uji",
    "kind": "reaction",
    "revision": 1,
    "sections": [
        {
            "title": "A",
            "items": [
                {"code": "Q1", "text": "Puas?", "type": "likert", "points": 5},
                {
                    "code": "Q2",
                    "text": "Media",
                    "type": "multi_choice",
                    "options": ["Radio", "TV", "Web"],
                },
                {"code": "Q3", "text": "Umur", "type": "numeric", "required": False},
                {"code": "Q4", "text": "Tanggal", "type": "date", "required": False},
                {"code": "Q5", "text": "Saran", "type": "long_text", "required": False},
                {"code": "PROFIL", "text": "Usia", "type": "choice", "options": ["<30", "30+"]},
            ],
        }
    ],
}


def version() -> Version:
    load_definition(DEFINITION)
    return Version.objects.get(instrument__code="DATA-UJI")


def administration(identity: str) -> Administration:
    now = timezone.now()
    return Administration.objects.create(
        version=version(),
        title="Evaluasi = uji",
        audience="open_link" if identity == "anonymous" else "participants",
        identity=identity,
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=2),
    )


def respond(adm: Administration, n: int, **fields: Any) -> None:
    for i in range(n):
        Response.objects.create(
            administration=adm,
            answers=bytes([1 + i % 5, 0, 0, 0, 0, 1 + i % 2]),
            texts={"Q2": "1,3", "Q3": "12.5", "Q4": "2024-05-31", "Q5": '=HYPERLINK("x")'},
            submitted_on=dt.date(2026, 1, 1 + i % 28),
            **fields,
        )


@pytest.mark.django_db
def test_an_anonymous_csv_is_shuffled_dated_only_and_neutralised() -> None:
    adm = administration("anonymous")
    respond(adm, 60)
    first = export_responses(adm, "csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(first)))
    assert rows[0] == ["tanggal", "Q1", "Q2", "Q3", "Q4", "Q5", "PROFIL"]
    assert len(rows) == 61
    assert rows[1][5] == '\'=HYPERLINK("x")'  # a formula arrives as text
    assert {r[0] for r in rows[1:]} <= {f"2026-01-{d:02d}" for d in range(1, 29)}
    stored = [bytes(r.answers)[0] for r in Response.objects.filter(administration=adm)]
    again = list(csv.reader(io.StringIO(export_responses(adm, "csv").content.decode("utf-8-sig"))))
    exported = [int(r[1]) for r in rows[1:]]
    assert sorted(exported) == sorted(stored)
    # neither the stored order nor the order of the previous export survives
    assert exported != stored or [int(r[1]) for r in again[1:]] != exported


@pytest.mark.django_db
def test_an_export_policy_rolls_units_up_and_drops_profile_items() -> None:
    adm = administration("anonymous")
    respond(adm, 3)

    @export_policy
    def policy(administration: Administration) -> ExportPolicy | None:
        if administration.pk != adm.pk:
            return None
        return ExportPolicy(unit_shown={}, drop_items={"PROFIL"}, note="disaring")

    try:
        dataset = build_dataset(adm)
    finally:
        _POLICIES.remove(policy)
    assert dataset.columns == ["tanggal", "unit", "Q1", "Q2", "Q3", "Q4", "Q5"]
    assert dataset.note == "disaring"


@pytest.mark.django_db
def test_an_identified_xlsx_names_the_respondents_and_keeps_formulas_out() -> None:
    adm = administration("identified")
    person = Person.objects.create(name="=Siti", nip="198501012010012001", email="s@x.id")
    respond(adm, 1, respondent=person)
    workbook = load_workbook(io.BytesIO(export_responses(adm, "xlsx").content))
    sheet = workbook.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["nip", "nama", "tanggal"]
    assert values[1][:4] == ["198501012010012001", "=Siti", "2026-01-01", 1]
    assert sheet["B2"].data_type == "s" and sheet["B2"].quotePrefix
    assert values[1][4] == "1,3"
    labels = [[c.value for c in row] for row in workbook.worksheets[1].iter_rows()]
    assert labels[2][:2] == ["Q2", "Media"] and "1=Radio" in labels[2][3]


@pytest.mark.django_db
def test_a_sav_opens_with_pyreadstat_and_carries_variable_and_value_labels(tmp_path: Path) -> None:
    import pyreadstat

    adm = administration("anonymous")
    respond(adm, 5)
    path = tmp_path / "data.sav"
    path.write_bytes(export_responses(adm, "sav").content)
    frame, meta = pyreadstat.read_sav(str(path))
    assert list(frame.columns) == [
        "tanggal",
        "Q1",
        "Q2_1",
        "Q2_2",
        "Q2_3",
        "Q3",
        "Q4",
        "Q5",
        "PROFIL",
    ]
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["Q1"] == "Puas?" and labels["Q2_3"] == "Media: Web"
    assert meta.variable_value_labels["PROFIL"] == {1.0: "<30", 2.0: "30+"}
    assert sorted(frame["Q1"].tolist()) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert frame["Q2_1"].tolist() == [1.0] * 5 and frame["Q2_2"].tolist() == [0.0] * 5
    assert frame["Q3"].tolist() == [12.5] * 5


def test_spss_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert [spss_name(c, taken) for c in ["Q1", "q1", "1A", "a b", ""]] == [
        "Q1",
        "q1_2",
        "V1A",
        "a_b",
        "V",
    ]


@pytest.mark.django_db
def test_the_command_writes_the_file_and_refuses_an_unknown_administration(tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    adm = administration("anonymous")
    respond(adm, 2)
    target = tmp_path / "out.csv"
    call_command("instruments", "export-responses", str(adm.pk), str(target), stdout=io.StringIO())
    assert target.read_bytes().startswith("\ufefftanggal,Q1".encode())
    with pytest.raises(CommandError) as refused:
        call_command("instruments", "export-responses", "999999", str(target))
    assert refused.value.returncode == 2


@pytest.mark.django_db
def test_the_background_job_makes_the_file_for_its_owner(client: Any) -> None:
    from revmen.core.jobs import run_job
    from revmen.core.models import Job
    from revmen.instruments.datasets import export_start

    adm = administration("anonymous")
    respond(adm, 4)
    owner = Person.objects.create(name="Org", email="org@x.id")
    job = export_start(administration=adm, fmt="xlsx", person=owner)
    run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.file_name.endswith(".xlsx")
    assert load_workbook(io.BytesIO(bytes(job.file))).worksheets[0].max_row == 5


@pytest.mark.django_db
def test_an_identified_export_is_in_the_audit_trail_and_an_anonymous_one_is_not() -> None:
    from revmen.core.models import AuditEntry
    from revmen.instruments.datasets import export_start

    owner = Person.objects.create(name="Org", email="org2@x.id")
    export_start(administration=administration("anonymous"), fmt="csv", person=owner)
    assert not AuditEntry.objects.filter(action="instruments.responses.export").exists()
    named = administration("identified")
    export_start(administration=named, fmt="sav", person=owner)
    entry = AuditEntry.objects.get(action="instruments.responses.export")
    assert entry.actor == owner and entry.note == "sav" and entry.object_id == str(named.pk)
