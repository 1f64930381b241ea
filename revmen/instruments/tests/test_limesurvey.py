"""LimeSurvey .lss structures read as instruments: types mapped, order kept, the rest listed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from revmen.instruments.limesurvey import LssError, import_lss, parse_lss
from revmen.instruments.models import Instrument


def rows(table: str, *records: dict[str, str]) -> str:
    body = "".join(
        "<row>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in r.items()) + "</row>"
        for r in records
    )
    return f"<{table}><rows>{body}</rows></{table}>"


def q(qid: str, gid: str, qtype: str, title: str, order: str, parent: str = "0", **more: str):
    return {
        "qid": qid,
        "parent_qid": parent,
        "gid": gid,
        "type": qtype,
        "title": title,
        "question_order": order,
        "mandatory": more.pop("mandatory", "N"),
        "scale_id": "0",
    } | more


# LimeSurvey 4+ layout: texts in *_l10ns tables, in two languages (only "id" is the base)
QUESTIONS = [
    q("10", "1", "L", "JK", "2", mandatory="Y"),
    q("11", "1", "X", "INFO", "1"),
    q("12", "1", "M", "MEDIA", "3"),
    q("13", "2", "F", "PUAS", "1"),
    q("14", "2", "A", "NILAI", "2"),
    q("15", "2", "5", "SKOR", "3"),
    q("16", "2", "S", "NAMA", "4"),
    q("17", "2", "T", "SARAN", "5"),
    q("18", "2", "N", "UMUR", "6"),
    q("19", "2", "K", "JAM", "7"),
    q("20", "2", "D", "TGL", "8"),
    q("21", "2", "R", "URUT", "9"),
    q("22", "2", "Y", "SETUJU", "10"),
    q("23", "2", "X", "JEDA", "11"),
    q("24", "2", "G", "GENDER", "12"),
    q("25", "2", "|", "BERKAS", "13"),
]
SUBS = [
    q("30", "1", "T", "SQ002", "2", parent="12"),
    q("31", "1", "T", "SQ001", "1", parent="12"),
    q("32", "2", "T", "A", "1", parent="13"),
    q("33", "2", "T", "B", "2", parent="13"),
    q("34", "2", "T", "X1", "1", parent="14"),
    q("35", "2", "T", "PAGI", "1", parent="19"),
    q("36", "2", "T", "SORE", "2", parent="19"),
]
TEXTS = {
    "10": "Jenis <b>kelamin</b>",
    "11": "<p>Selamat&nbsp;datang</p>",
    "12": "Media yang dipakai",
    "13": "Kepuasan",
    "14": "Nilai",
    "15": "Skor",
    "16": "Nama",
    "17": "Saran",
    "18": "Umur",
    "19": "Jam kerja",
    "20": "Tanggal",
    "21": "Urutkan",
    "22": "Setuju?",
    "23": "Bagian akhir",
    "24": "Gender",
    "25": "Unggah",
    "30": "Televisi",
    "31": "Radio",
    "32": "Loket",
    "33": "Daring",
    "34": "Umum",
    "35": "Pagi",
    "36": "Sore",
}


def lss6() -> bytes:
    l10n = [{"id": k, "qid": k, "question": v, "language": "id"} for k, v in TEXTS.items()]
    l10n += [
        {"id": "9" + k, "qid": k, "question": "EN " + v, "language": "en"} for k, v in TEXTS.items()
    ]
    answers = [
        {"aid": "1", "qid": "10", "code": "P", "sortorder": "2", "scale_id": "0"},
        {"aid": "2", "qid": "10", "code": "L", "sortorder": "1", "scale_id": "0"},
        {"aid": "3", "qid": "13", "code": "A1", "sortorder": "1", "scale_id": "0"},
        {"aid": "4", "qid": "13", "code": "A2", "sortorder": "2", "scale_id": "0"},
        {"aid": "5", "qid": "13", "code": "A3", "sortorder": "3", "scale_id": "0"},
    ]
    answer_l10ns = [
        {"id": "1", "aid": "1", "answer": "Perempuan", "language": "id"},
        {"id": "2", "aid": "2", "answer": "Laki-laki", "language": "id"},
        {"id": "3", "aid": "3", "answer": "Kurang", "language": "id"},
        {"id": "4", "aid": "4", "answer": "Cukup", "language": "id"},
        {"id": "5", "aid": "5", "answer": "Baik", "language": "id"},
        {"id": "6", "aid": "1", "answer": "Female", "language": "en"},
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><document>'
        "<LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>600</DBVersion>"
        "<languages><language>id</language><language>en</language></languages>"
        + rows("groups", {"gid": "2", "group_order": "2"}, {"gid": "1", "group_order": "1"})
        + rows(
            "group_l10ns",
            {"id": "1", "gid": "1", "group_name": "Profil", "description": "", "language": "id"},
            {
                "id": "2",
                "gid": "2",
                "group_name": "Penilaian",
                "description": "<i>Isi</i>",
                "language": "id",
            },
            {"id": "3", "gid": "1", "group_name": "Profile", "description": "", "language": "en"},
        )
        + rows("questions", *QUESTIONS)
        + rows("subquestions", *SUBS)
        + rows("question_l10ns", *l10n)
        + rows("answers", *answers)
        + rows("answer_l10ns", *answer_l10ns)
        + rows("surveys", {"sid": "1", "language": "id"})
        + rows(
            "surveys_languagesettings",
            {
                "surveyls_survey_id": "1",
                "surveyls_language": "id",
                "surveyls_title": "Survei Layanan",
            },
        )
        + "</document>"
    ).encode()


def test_it_maps_each_type_in_the_surveys_order_in_its_base_language() -> None:
    with translation.override("en"):
        survey = parse_lss(lss6())
    assert survey.title == "Survei Layanan" and survey.language == "id"
    sections = survey.definition["sections"]
    assert [s["title"] for s in sections] == ["Profil", "Penilaian", "Penilaian"]
    assert sections[0]["intro"] == "Selamat datang"  # X before any item: the section's text
    assert sections[2]["intro"] == "Bagian akhir"  # X after items: a new section
    items = [i for s in sections for i in s["items"]]
    assert [(i["code"], i["type"]) for i in items] == [
        ("JK", "choice"),
        ("MEDIA", "multi_choice"),
        ("PUAS_A", "choice"),
        ("PUAS_B", "choice"),
        ("NILAI_X1", "choice"),
        ("SKOR", "likert"),
        ("NAMA", "short_text"),
        ("SARAN", "long_text"),
        ("UMUR", "numeric"),
        ("JAM_PAGI", "numeric"),
        ("JAM_SORE", "numeric"),
        ("TGL", "date"),
        ("SETUJU", "choice"),
        ("GENDER", "choice"),
    ]
    by_code = {i["code"]: i for i in items}
    assert by_code["JK"]["text"] == "Jenis kelamin" and by_code["JK"]["required"] is True
    assert by_code["JK"]["options"] == ["Laki-laki", "Perempuan"]  # by sortorder
    assert by_code["JK"]["option_codes"] == ["L", "P"]
    assert by_code["MEDIA"]["options"] == ["Radio", "Televisi"]
    assert by_code["MEDIA"]["option_codes"] == ["SQ001", "SQ002"]
    assert by_code["PUAS_B"]["options"] == ["Kurang", "Cukup", "Baik"]
    assert by_code["PUAS_B"]["text"] == "Kepuasan: Daring"
    assert by_code["NILAI_X1"]["options"] == ["1", "2", "3", "4", "5"]
    assert by_code["SKOR"]["points"] == 5
    assert by_code["SETUJU"]["options"] == ["Ya", "Tidak"]  # fixed options in the base language
    assert by_code["GENDER"]["option_codes"] == ["F", "M"]
    assert [str(s) for s in survey.skipped] == [
        "skipped URUT (R): ranking questions are not supported",
        "skipped BERKAS (|): file uploads are not supported",
    ]


LSS3 = b"""<?xml version="1.0" encoding="UTF-8"?><document>
<LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>366</DBVersion>
<languages><language>en</language></languages>
<groups><rows><row><gid>5</gid><group_name>Main</group_name><group_order>0</group_order>
<description></description><language>en</language></row></rows></groups>
<questions><rows>
<row><qid>7</qid><parent_qid>0</parent_qid><gid>5</gid><type>L</type><title>Q1</title>
<question>Pick one</question><mandatory>Y</mandatory><question_order>1</question_order>
<scale_id>0</scale_id><language>en</language></row>
<row><qid>8</qid><parent_qid>0</parent_qid><gid>5</gid><type>:</type><title>Q2</title>
<question>Numbers</question><mandatory>N</mandatory><question_order>2</question_order>
<scale_id>0</scale_id><language>en</language></row>
</rows></questions>
<answers><rows>
<row><qid>7</qid><code>A1</code><answer>One</answer><sortorder>1</sortorder><language>en</language><scale_id>0</scale_id></row>
<row><qid>7</qid><code>A2</code><answer>Two</answer><sortorder>2</sortorder><language>en</language><scale_id>0</scale_id></row>
</rows></answers>
<surveys><rows><row><sid>9</sid><language>en</language></row></rows></surveys>
<surveys_languagesettings><rows><row><surveyls_survey_id>9</surveyls_survey_id>
<surveyls_language>en</surveyls_language><surveyls_title>Old survey</surveyls_title></row></rows>
</surveys_languagesettings></document>"""


def test_it_reads_limesurvey_3_where_the_texts_sit_in_the_rows() -> None:
    survey = parse_lss(LSS3)
    items = survey.definition["sections"][0]["items"]
    assert [(i["code"], i["options"], i["option_codes"]) for i in items] == [
        ("Q1", ["One", "Two"], ["A1", "A2"])
    ]
    assert [str(s) for s in survey.skipped] == [
        "skipped Q2 (:): arrays of numbers are not supported"
    ]


@pytest.mark.parametrize("content", [b"", b"<x/>", b"not xml", b"<document><a></document>"])
def test_other_files_are_refused_with_a_reason(content: bytes) -> None:
    with pytest.raises(LssError):
        parse_lss(content)


@pytest.mark.django_db
def test_importing_the_same_code_again_makes_the_next_version_once_administered() -> None:
    _survey, result = import_lss(filename="s.lss", content=lss6(), code="layanan")
    assert result.written and result.version is not None
    instrument = Instrument.objects.get(code="LAYANAN")
    assert instrument.name == "Survei Layanan"
    version = result.version
    assert [i.code for i in version.items.order_by("position")][:3] == ["JK", "MEDIA", "PUAS_A"]
    assert version.items.get(code="MEDIA").kind == "multi_choice"
    # never administered: replaced in place, so the number stays 1
    _survey, again = import_lss(filename="s.lss", content=lss6(), code="LAYANAN")
    assert again.version is not None and again.version.number == 1


@pytest.mark.django_db
def test_the_command_lists_skipped_questions_on_stderr_and_exits_0(tmp_path: Path) -> None:
    path = tmp_path / "survei.lss"
    path.write_bytes(lss6())
    out, err = io.StringIO(), io.StringIO()
    call_command("instruments", "import", str(path), "--code", "LSSCLI", stdout=out, stderr=err)
    assert "skipped URUT (R): ranking questions are not supported" in err.getvalue()
    assert Instrument.objects.get(code="LSSCLI").latest_version().items.count() == 14


@pytest.mark.django_db
def test_the_command_exits_2_on_a_file_that_is_not_a_survey(tmp_path: Path) -> None:
    path = tmp_path / "bad.lss"
    path.write_bytes(b"<html></html>")
    with pytest.raises(CommandError) as refused:
        call_command("instruments", "import", str(path), "--code", "BAD")
    assert refused.value.returncode == 2
    assert not Instrument.objects.filter(code="BAD").exists()


# Real exports written by LimeSurvey itself (its own published test fixtures, see
# data/limesurvey/README.md): every question of a supported type is kept, in order, with its
# answer options, in the base language; the others are listed.
REAL = Path(__file__).parent / "data" / "limesurvey"


def real(name: str) -> bytes:
    return (REAL / f"limesurvey_survey_{name}.lss").read_bytes()


def shape(content: bytes) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
    survey = parse_lss(content)
    return [
        (s["title"], [(i["code"], i["type"], i.get("options", [])) for i in s["items"]])
        for s in survey.definition["sections"]
    ]


def test_a_limesurvey_2_export_keeps_the_base_language_of_rows_in_two_languages() -> None:
    survey = parse_lss(real("OldCodes"))
    assert survey.title == "Test old code replacement"
    assert survey.language == "en" and survey.skipped == []
    assert shape(real("OldCodes")) == [
        ("First group", [("OLD_CODE1", "likert", []), ("OLD_CODE2", "long_text", [])]),
        ("Second group", [("OLD_CODE3", "long_text", [])]),
    ]
    first = survey.definition["sections"][0]["items"][0]
    assert first["text"] == "Sample question with old code" and first["points"] == 5


def test_a_limesurvey_3_export_lists_the_array_of_numbers_and_keeps_the_rest() -> None:
    survey = parse_lss(real("ArrayNumberCheckbox"))
    assert [str(s) for s in survey.skipped] == [
        "skipped question (:): arrays of numbers are not supported"
    ]
    assert shape(real("ArrayNumberCheckbox")) == [
        ("G1", [("QHiddenJS", "short_text", [])]),
        ("To move previous", [("Prev", "long_text", []), ("QHiddenPHP", "short_text", [])]),
    ]
    assert survey.definition["sections"][0]["items"][0]["required"] is True  # mandatory Y


def test_a_limesurvey_3_export_orders_questions_and_answers_by_their_order_fields() -> None:
    survey = parse_lss(real("checkCompareTestSurvey"))
    assert survey.skipped == []
    assert shape(real("checkCompareTestSurvey")) == [
        (
            "My first question group",
            [
                ("Q00", "choice", ["5", "20", "3A", "0"]),  # by sortorder, not row order
                ("Q01", "choice", ["5", "20", "3A"]),
                ("Text", "short_text", []),
                ("Text2", "short_text", []),  # question_order 4, its row comes later
            ],
        ),
        # the text display (X, order 5) after items opens a section carrying its text
        ("My first question group", [("HiddenByRelevance", "short_text", [])]),
        ("Second group", [("Text3", "short_text", []), ("CheckPHP", "long_text", [])]),
    ]
    intro = survey.definition["sections"][1]["intro"]
    assert intro.startswith("CheckinJS Q00 lt Q01") and "<div" not in intro


def test_a_limesurvey_4_export_reads_the_l10n_tables_in_the_base_language() -> None:
    survey = parse_lss(real("188432_answerSetsForEmTest"))
    assert survey.language == "de"  # the survey's language, though <languages> lists en first
    assert shape(real("188432_answerSetsForEmTest")) == [
        (
            "Erste Fragegruppe",
            [
                (
                    "G00Q03",
                    "choice",
                    ["Erster Eintrag", "Zweiter Eintrag", "Dritter Eintrag", "Vierter Eintrag"],
                )
            ],
        )
    ]
    item = survey.definition["sections"][0]["items"][0]
    assert item["option_codes"] == ["1", "2", "3", "4"]


def test_a_limesurvey_5_export_gives_gender_its_fixed_options() -> None:
    with translation.override("en"):
        survey = parse_lss(real("allinoneCondition"))
    assert survey.title == "Test 18035" and survey.skipped == []
    assert shape(real("allinoneCondition")) == [
        ("My first question group {Q00.NAOK}", [("Q00", "choice", ["Female", "Male"])]),
        ("Group 2", [("G02Q02", "long_text", [])]),
    ]
    items = [i for s in survey.definition["sections"] for i in s["items"]]
    assert items[0]["option_codes"] == ["F", "M"]
    assert items[1]["text"] == "G02Q02"  # no text in the file: the code stands in


@pytest.mark.django_db
def test_the_command_imports_a_real_export_and_reports_its_skipped_question(
    tmp_path: Path,
) -> None:
    path = tmp_path / "numbers.lss"
    path.write_bytes(real("ArrayNumberCheckbox"))
    out, err = io.StringIO(), io.StringIO()
    call_command("instruments", "import", str(path), "--code", "LSREAL", stdout=out, stderr=err)
    assert "skipped question (:): arrays of numbers are not supported" in err.getvalue()
    version = Instrument.objects.get(code="LSREAL").latest_version()
    assert [i.code for i in version.items.order_by("position")] == [
        "QHiddenJS",
        "Prev",
        "QHiddenPHP",
    ]


@pytest.mark.django_db
def test_the_export_command_writes_an_lss_that_reads_back(tmp_path: Path) -> None:
    import_lss(filename="s.lss", content=lss6(), code="LSOUT")
    path = tmp_path / "out.lss"
    call_command("instruments", "export", "LSOUT", str(path), stdout=io.StringIO())
    survey = parse_lss(path.read_bytes())
    assert survey.n_items == 14 and survey.skipped == []
