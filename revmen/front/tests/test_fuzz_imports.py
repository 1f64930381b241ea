"""Issue 15, "bad input": every importer, fed random bytes, damaged .xlsx and broken CSV, either
imports or says why in words; a refused file or a file with bad rows writes nothing, and no
import stores text PostgreSQL could not hold."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from revmen.accounts.imports import import_agencies
from revmen.accounts.models import Agency, Person, Unit
from revmen.core.forms import SpreadsheetField
from revmen.core.spreadsheets import SpreadsheetError
from revmen.core.tests.strategies import (
    FUZZ,
    assert_clear,
    row_counts,
    spreadsheet_bytes,
    unstorable_rows,
)
from revmen.culture.imports import import_wave
from revmen.front.testing import Personas
from revmen.instruments.library import load_library
from revmen.instruments.models import Instrument, Item
from revmen.instruments.spreadsheet import import_instrument
from revmen.training.imports import COLUMNS as ENROL_COLUMNS
from revmen.training.imports import import_enrolments
from revmen.training.models import Enrolment

CULTURE_HEADER = ["unit", "BP1", "BP2", "AK1", "T1"]
INSTRUMENT_HEADER = ["section", "code", "text", "type", "points", "options", "required"]


class ImportFuzzTests(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()
        load_library()

    def check(self, run: Any, name: str, content: bytes, *models: type) -> None:
        before = row_counts()
        try:
            result = run(name, content)
        except SpreadsheetError as error:
            assert_clear(str(error))
            self.assertEqual(row_counts(), before)
            self.assert_upload_refused(name, content, refused=True)
            return
        for problem in result.errors:
            assert_clear(problem.reason)
        if result.errors:
            self.assertFalse(result.written)
            self.assertEqual(row_counts(), before)
        self.assertEqual(unstorable_rows(*models), [])
        self.assert_upload_refused(name, content, refused=False)

    def assert_upload_refused(self, name: str, content: bytes, *, refused: bool) -> None:
        """The upload form refuses exactly the files the import cannot read at all (a missing
        column is the import's to say: the form does not know which import it is for)."""
        from django.core.exceptions import ValidationError
        from django.core.files.uploadedfile import SimpleUploadedFile

        try:
            SpreadsheetField().clean(SimpleUploadedFile(name, content))
        except ValidationError as error:
            assert_clear(" ".join(error.messages))
            self.assertTrue(refused, error.messages)

    @FUZZ
    @given(spreadsheet_bytes(["agency_code", "agency_name", "unit_path"]))
    def test_the_agency_import(self, file: tuple[str, bytes]) -> None:
        self.check(lambda n, c: import_agencies(n, c), *file, Agency, Unit)

    @FUZZ
    @given(spreadsheet_bytes(ENROL_COLUMNS), st.booleans())
    def test_the_enrolment_import(self, file: tuple[str, bytes], only_valid: bool) -> None:
        def run(name: str, content: bytes) -> Any:
            return import_enrolments(name, content, batch=self.batch, only_valid=only_valid)

        if only_valid:  # the valid rows are written: only the unreadable file writes nothing
            before = row_counts()
            try:
                result = run(*file)
            except SpreadsheetError as error:
                assert_clear(str(error))
                self.assertEqual(row_counts(), before)
                return
            for problem in result.errors:
                assert_clear(problem.reason)
            self.assertEqual(unstorable_rows(Person, Enrolment), [])
            return
        self.check(run, *file, Person, Enrolment)

    @FUZZ
    @given(spreadsheet_bytes(CULTURE_HEADER))
    def test_the_culture_import(self, file: tuple[str, bytes]) -> None:
        from revmen.culture.models import Wave

        def run(name: str, content: bytes) -> Any:
            return import_wave(
                filename=name, content=content, agency_code="PEMPROV-A", wave_name="Fuzz"
            )

        self.check(run, *file, Wave, Unit)

    @FUZZ
    @given(spreadsheet_bytes(INSTRUMENT_HEADER))
    def test_the_instrument_import(self, file: tuple[str, bytes]) -> None:
        def run(name: str, content: bytes) -> Any:
            return import_instrument(filename=name, content=content, code="FUZZ-1")

        self.check(run, *file, Instrument, Item)

    @FUZZ
    @given(st.binary(max_size=512), st.sampled_from(["f.csv", "f.xlsx"]))
    def test_the_commands_exit_2_with_words_on_any_bytes(self, content: bytes, name: str) -> None:
        path = Path(tempfile.mkdtemp()) / name
        path.write_bytes(content)
        for args in [
            ("agencies", "import", str(path)),
            ("culture", "import", str(path), "--org", "PEMPROV-A", "--wave", "Fuzz"),
            ("enrol", "import", "--batch", self.batch.code, str(path)),
            ("instruments", "import", str(path), "--code", "FUZZ-2"),
        ]:
            before = row_counts()
            try:
                call_command(*args, stdout=io.StringIO(), stderr=io.StringIO())
            except CommandError as error:
                self.assertEqual(error.returncode, 2, args[0])
                assert_clear(str(error))
                self.assertEqual(row_counts(), before, args[0])
