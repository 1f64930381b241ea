"""Issue 15, finding 10: every file an import cannot use gets a clear message, and the commands
exit 2 with it instead of a traceback."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils.translation import gettext
from openpyxl import Workbook

from revmen.core.exports import xlsx_bytes
from revmen.core.spreadsheets import (
    BAD_CSV,
    DUPLICATE_COLUMNS,
    NO_DATA_ROWS,
    NOT_A_SHEET,
    TOO_LARGE,
    TOO_MANY_ROWS,
    SpreadsheetError,
    read_sheet,
)
from revmen.culture.models import Wave
from revmen.front.testing import BaseTestCase


def t(message: str, **values: object) -> str:
    """``message`` in the language the code under test speaks now."""
    return gettext(message) % values if values else gettext(message)


RANDOM = bytes((i * 7919 + 13) % 256 for i in range(4096))


def xlsx(*rows: list[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    return xlsx_bytes(workbook)


def read(name: str, content: bytes) -> list[dict[str, object]]:
    return [row.cells for row in read_sheet(name, content, required=["a"], optional=["b"]).rows]


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read(name, content)
    return str(caught.value)


def test_it_reads_utf16_with_a_bom_and_utf8_with_or_without_one() -> None:
    text = "a;b\r\nÑandú;☕\r\n"
    expected = [{"a": "Ñandú", "b": "☕"}]
    assert read("x.csv", text.encode("utf-16")) == expected  # BOM + UTF-16 LE: Excel's "Unicode"
    assert read("x.csv", b"\xfe\xff" + text.encode("utf-16-be")) == expected
    assert read("x.csv", text.encode("utf-8-sig")) == expected
    assert read("x.csv", text.encode("utf-8")) == expected
    assert read("x.csv", "a,b\nCafé,1\n".encode("cp1252")) == [{"a": "Café", "b": "1"}]


def test_it_refuses_random_bytes_an_old_xls_and_a_truncated_xlsx() -> None:
    good = xlsx(["a", "b"], ["1", "2"])
    assert read("x.xlsx", good) == [{"a": "1", "b": "2"}]
    for name, content in [
        ("x.csv", RANDOM),
        ("x.xlsx", RANDOM),
        ("x.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + RANDOM),  # Excel 97-2003
        ("x.xlsx", good[: len(good) // 2]),
        ("x.csv", b"%PDF-1.4\n" + RANDOM),
    ]:
        assert refusal(name, content) == t(NOT_A_SHEET), name


def test_it_reads_an_xlsx_whatever_its_name_says() -> None:
    assert read("saved-as.csv", xlsx(["a"], ["1"])) == [{"a": "1"}]


def test_it_refuses_a_column_named_twice() -> None:
    message = t(DUPLICATE_COLUMNS, columns="a")
    assert refusal("x.csv", b"a,b,A\n1,2,3\n") == message
    assert refusal("x.xlsx", xlsx(["a", "b", " a "], [1, 2, 3])) == message


def test_it_refuses_a_header_without_rows() -> None:
    assert refusal("x.csv", b"a,b\n") == t(NO_DATA_ROWS)
    assert refusal("x.csv", b"a,b\n,\n\n") == t(NO_DATA_ROWS)
    assert refusal("x.xlsx", xlsx(["a", "b"])) == t(NO_DATA_ROWS)


def test_it_maps_a_csv_error_to_the_line() -> None:
    huge = "x" * 200_000  # over the csv module's field limit
    content = f'a,b\n1,2\n"{huge}",3\n'.encode()
    assert refusal("x.csv", content) == t(BAD_CSV, line=3)


def test_it_refuses_an_xlsx_whose_xml_holds_a_nul() -> None:
    """XML has no NUL (nor a lone surrogate): a sheet that spells one is not a sheet."""
    good = xlsx(["a", "b"], ["ok", "PLACEHOLDER"])
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace(b"PLACEHOLDER", b"bad&#0;cell")
            target.writestr(name, data)
    assert refusal("x.xlsx", buffer.getvalue()) == t(NOT_A_SHEET)


@override_settings(IMPORT_MAX_ROWS=3, IMPORT_MAX_MB=1)
def test_it_refuses_more_rows_or_more_bytes_than_the_settings_allow() -> None:
    assert len(read("x.csv", b"a\n1\n2\n3\n")) == 3
    assert refusal("x.csv", b"a\n1\n2\n3\n4\n") == t(TOO_MANY_ROWS, max=3)
    big = b"a\n" + b"1\n" * 600_000
    assert refusal("x.csv", big) == t(TOO_LARGE, max=1)


class CommandTests(BaseTestCase):
    def write(self, name: str, content: bytes) -> str:
        path = Path(tempfile.mkdtemp()) / name
        path.write_bytes(content)
        return str(path)

    def run_import(self, *args: str) -> CommandError:
        stderr = io.StringIO()
        with pytest.raises(CommandError) as caught:
            call_command(*args, stderr=stderr)
        assert caught.value.returncode == 2
        return caught.value

    def test_the_culture_import_refuses_binary_input_without_a_traceback(self) -> None:
        path = self.write("old.csv", RANDOM)
        error = self.run_import("culture", "import", path, "--org", "PEMPROV-A", "--wave", "W")
        assert str(error) == t(NOT_A_SHEET)
        assert not Wave.objects.exists()

    def test_a_header_only_culture_import_makes_no_wave(self) -> None:
        path = self.write("old.csv", b"unit,BP1,BP2\n")
        error = self.run_import("culture", "import", path, "--org", "PEMPROV-A", "--wave", "W")
        assert str(error) == t(NO_DATA_ROWS)
        assert not Wave.objects.exists()

    def test_every_import_command_refuses_binary_input_with_exit_2(self) -> None:
        self.batch.code = "B-1"
        self.batch.save()
        for args in [
            ("agencies", "import", self.write("a.xlsx", RANDOM)),
            ("enrol", "import", "--batch", "B-1", self.write("e.csv", RANDOM)),
            ("instruments", "import", self.write("i.xlsx", RANDOM), "--code", "X1"),
        ]:
            assert str(self.run_import(*args)) == t(NOT_A_SHEET), args[0]
