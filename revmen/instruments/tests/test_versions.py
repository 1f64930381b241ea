"""Versions freeze once answered; the library loads idempotently; instruments round-trip Excel."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from revmen.front.testing import BaseTestCase
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_definition, version_definition
from revmen.instruments.models import Instrument, Version
from revmen.instruments.services import response_submit
from revmen.instruments.spreadsheet import export_version, import_instrument

from .helpers import ATTITUDE, administer, attitude_version


def workbook_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["section", "code", "text", "type", "points", "reverse", "scale", "options", "key"]


class VersionTests(BaseTestCase):
    def test_loading_a_definition_twice_changes_nothing(self) -> None:
        first = load_definition(ATTITUDE)
        second = load_definition(ATTITUDE)
        self.assertTrue(first.created)
        self.assertFalse(second.created)
        self.assertEqual(Version.objects.count(), 1)

    def test_a_new_revision_becomes_a_new_version(self) -> None:
        load_definition(ATTITUDE)
        load_definition({**ATTITUDE, "revision": 2})
        self.assertEqual(list(Version.objects.values_list("number", flat=True)), [1, 2])

    def test_a_version_with_responses_is_frozen_and_import_makes_a_new_one(self) -> None:
        version = attitude_version()
        self.assertFalse(version.is_frozen)
        administration = administer(version, batch=self.batch)
        response_submit(
            administration=administration,
            person=self.participant,
            sheet=AnswerSheet(values=[5, 1, 4, 4, 0]),
        )
        self.assertTrue(version.is_frozen)
        content = export_version(version)
        result = import_instrument(filename="sikap.xlsx", content=content, code="SIKAP-UJI")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.version.number, 2)  # type: ignore[union-attr]
        self.assertEqual(version.items.count(), 5)  # the frozen version is untouched

    def test_an_exported_instrument_reads_back_the_same(self) -> None:
        version = attitude_version()
        content = export_version(version)
        sheet = load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.cell(row=2, column=2).value, "B1")
        result = import_instrument(filename="copy.xlsx", content=content, code="SIKAP-SALINAN")
        copy = version_definition(result.version)  # type: ignore[arg-type]
        original = version_definition(version)
        self.assertEqual(copy["sections"], original["sections"])
        self.assertEqual(copy["scales"], original["scales"])

    def test_bad_rows_are_all_reported_and_nothing_is_created(self) -> None:
        content = workbook_bytes(
            [
                HEADER,
                ["A", "Q1", "Saya jujur.", "likert", 5, "no", "BSH", "", ""],
                ["", "Q1", "Dua kali.", "likert", 5, "no", "", "", ""],
                ["", "Q3", "", "likert", 9, "maybe", "", "", ""],
                ["", "Q4", "Pilih", "choice", "", "yes", "", "a", "3"],
                ["", "q5", "Ibu kota?", "choice", "", "", "", "Jakarta|Nusantara", "2"],
            ]
        )
        result = import_instrument(filename="bad.xlsx", content=content, code="TES")
        self.assertEqual(
            [str(e).split(":")[0:2] for e in result.errors],
            [
                ["row 3", " code"],
                ["row 4", " text"],
                ["row 4", " points"],
                ["row 4", " reverse"],
                ["row 5", " options"],
                ["row 5", " key"],
                ["row 5", " reverse"],
            ],
        )
        self.assertFalse(Instrument.objects.filter(code="TES").exists())

    def test_a_knowledge_item_keeps_its_key(self) -> None:
        content = workbook_bytes(
            [
                HEADER,
                ["Pengetahuan", "K1", "Ibu kota?", "choice", "", "", "", "Jakarta|Nusantara", "2"],
            ]
        )
        result = import_instrument(filename="k.xlsx", content=content, code="TES", kind="knowledge")
        item = result.version.items.get()  # type: ignore[union-attr]
        self.assertEqual((item.options, item.key, item.max_value), (["Jakarta", "Nusantara"], 2, 2))
