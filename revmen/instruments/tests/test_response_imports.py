"""Responses from LimeSurvey and Google Forms imported as closed anonymous administrations."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from revmen.instruments.library import load_definition
from revmen.instruments.limesurvey import import_lss
from revmen.instruments.models import Response, Version
from revmen.instruments.response_imports import import_responses, plan_columns

from .test_limesurvey import lss6

LS_CSV = (
    "id,submitdate,lastpage,startlanguage,seed,JK,MEDIA[SQ001],MEDIA[SQ002],PUAS[A],PUAS[B],"
    "NILAI[X1],SKOR,NAMA,SARAN,UMUR,JAM[PAGI],JAM[SORE],TGL,SETUJU,GENDER,URUT[1]\n"
    '1,2026-03-01 10:00:00,3,id,11,P,Y,,A3,A1,4,5,Budi,"=1+1",41,7.5,2,2026-02-28 00:00:00,Y,M,x\n'
    "2,2026-03-02 11:00:00,3,id,12,L,,Y,A2,A2,1,3,,,,,,,N,F,\n"
)


def ls_version() -> Version:
    _survey, result = import_lss(filename="s.lss", content=lss6(), code="LSRESP")
    assert result.version is not None
    return result.version


@pytest.mark.django_db
def test_a_limesurvey_export_matches_codes_subquestions_and_answer_codes() -> None:
    version = ls_version()
    result = import_responses(
        version=version, source="limesurvey", filename="r.csv", content=LS_CSV.encode()
    )
    assert result.errors == [] and result.written
    assert any("URUT[1]" in note for note in result.notes)  # the skipped ranking's column
    adm = result.administration
    assert adm is not None and adm.identity == "anonymous" and adm.audience == "imported"
    items = {i.code: i for i in version.items.all()}
    by_day = {r.submitted_on.isoformat(): r for r in Response.objects.filter(administration=adm)}
    first = by_day["2026-03-01"]
    answers = bytes(first.answers)
    assert answers[items["JK"].position] == 2  # P is the second option (sortorder)
    assert answers[items["PUAS_A"].position] == 3 and answers[items["PUAS_B"].position] == 1
    assert answers[items["SKOR"].position] == 5 and answers[items["SETUJU"].position] == 1
    assert answers[items["GENDER"].position] == 2
    assert first.texts["MEDIA"] == "1" and first.texts["UMUR"] == "41"
    assert first.texts["JAM_PAGI"] == "7.5" and first.texts["TGL"] == "2026-02-28"
    assert first.texts["SARAN"] == "=1+1"  # kept as typed; exports neutralise it
    assert by_day["2026-03-02"].texts["MEDIA"] == "2"
    assert adm.opens_at.date().isoformat() == "2026-03-01"


@pytest.mark.django_db
def test_a_bad_cell_names_its_row_and_column_and_nothing_is_written() -> None:
    version = ls_version()
    bad = LS_CSV.replace(",P,Y,", ",Q,Y,").replace(",41,", ",empat puluh,")
    with translation.override("en"):
        result = import_responses(
            version=version, source="limesurvey", filename="r.csv", content=bad.encode()
        )
    assert [str(e) for e in result.errors] == [
        "row 2: JK: not one of the options",
        "row 2: UMUR: Give a number, e.g. 12 or 12,5 (no thousands separators).",
    ]
    assert not result.written and not Response.objects.exists()


GOOGLE = {
    "code": "GFORM",
    "name": "Formulir",
    "kind": "reaction",
    "revision": 1,
    "sections": [
        {
            "title": "A",
            "items": [
                {
                    "code": "PUAS",
                    "text": "Seberapa puas Anda dengan pelayanan kami?",
                    "type": "choice",
                    "options": ["Tidak puas", "Puas", "Sangat puas"],
                },
                {
                    "code": "MEDIA",
                    "text": "Dari mana Anda tahu layanan ini?",
                    "type": "multi_choice",
                    "options": ["Radio", "Media sosial, internet", "Teman"],
                },
                {
                    "code": "SARAN",
                    "text": "Saran untuk kami",
                    "type": "long_text",
                    "required": False,
                },
            ],
        }
    ],
}


def google_sheet() -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(
        [
            "Timestamp",
            "Email Address",
            "Seberapa puas anda dengan pelayanan kami",
            "Dari mana Anda tahu layanan ini?",
            "Saran untuk kami",
        ]
    )
    sheet.append(
        [
            "2026/04/01 9:15:00 AM GMT+7",
            "a@x.id",
            "Sangat puas",
            "Radio, Media sosial, internet",
            "",
        ]
    )
    sheet.append(["2026/04/02 1:15:00 PM GMT+7", "b@x.id", "Puas", "Teman", "Antrean panjang"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_google_forms_columns_are_matched_by_text_and_emails_never_read() -> None:
    load_definition(GOOGLE)
    version = Version.objects.get(instrument__code="GFORM")
    items = list(version.items.all())
    columns, notes = plan_columns(
        "google-forms",
        ["Timestamp", "Email Address", "Seberapa puas anda dengan pelayanan kami", "Foo"],
        items,
    )
    assert [c.item.code if c.item else c.role for c in columns] == ["date", "", "PUAS", ""]
    assert any("Email Address" in n for n in notes)
    result = import_responses(
        version=version, source="google-forms", filename="f.xlsx", content=google_sheet()
    )
    assert result.errors == [], result.errors
    rows = {r.submitted_on.isoformat(): r for r in Response.objects.all()}
    first = rows["2026-04-01"]
    assert bytes(first.answers)[0] == 3 and first.texts["MEDIA"] == "1,2"
    assert rows["2026-04-02"].texts == {"MEDIA": "3", "SARAN": "Antrean panjang"}
    assert "a@x.id" not in str(list(Response.objects.values_list("texts", flat=True)))


@pytest.mark.django_db
def test_the_command_takes_a_map_and_reports_like_every_import(tmp_path: Path) -> None:
    load_definition(GOOGLE)
    sheet = tmp_path / "f.xlsx"
    sheet.write_bytes(google_sheet())
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "column,item\nSeberapa puas anda dengan pelayanan kami,PUAS\nSaran untuk kami,\n"
        "Dari mana Anda tahu layanan ini?,MEDIA\nTimestamp,\n"
    )
    out = io.StringIO()
    call_command(
        "instruments",
        "import-responses",
        str(sheet),
        "--code",
        "GFORM",
        "--from",
        "google-forms",
        "--map",
        str(mapping),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "imported 2 row(s): responses 2" in out.getvalue()
    assert not any(r.texts.get("SARAN") for r in Response.objects.all())  # mapped to nothing


@pytest.mark.django_db
def test_the_administration_is_closed_and_a_future_date_is_a_row_error() -> None:
    from django.utils import timezone

    version = ls_version()
    today = timezone.localdate().isoformat()
    todays = LS_CSV.replace("2026-03-02 11:00:00", f"{today} 08:00:00")
    result = import_responses(
        version=version, source="limesurvey", filename="r.csv", content=todays.encode()
    )
    assert result.administration is not None
    assert not result.administration.is_open()  # imported answers are never open to more
    future = LS_CSV.replace("2026-03-02 11:00:00", "2999-01-01 00:00:00")
    with translation.override("en"):
        refused = import_responses(
            version=version, source="limesurvey", filename="r.csv", content=future.encode()
        )
    assert [str(e) for e in refused.errors] == ["row 3: submitdate: a date in the future"]


@pytest.mark.django_db
def test_a_limesurvey_export_with_full_answers_is_read_by_the_labels() -> None:
    version = ls_version()
    full = (
        "id,submitdate,JK,PUAS[A]\n"
        "1,2026-03-01 10:00:00,Perempuan,Baik\n"
        "2,2026-03-02 10:00:00,L,Kurang\n"
    )
    result = import_responses(
        version=version, source="limesurvey", filename="r.csv", content=full.encode()
    )
    assert result.errors == [], result.errors
    items = {i.code: i for i in version.items.all()}
    rows = {r.submitted_on.isoformat(): bytes(r.answers) for r in Response.objects.all()}
    assert rows["2026-03-01"][items["JK"].position] == 2  # "Perempuan" is the option coded P
    assert rows["2026-03-01"][items["PUAS_A"].position] == 3
    assert rows["2026-03-02"][items["PUAS_A"].position] == 1
