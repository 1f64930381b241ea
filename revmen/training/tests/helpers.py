"""Spreadsheets for the enrolment tests: real .xlsx files built with openpyxl."""

from __future__ import annotations

import io

from openpyxl import Workbook

HEADER = ["nip", "nama", "email", "instansi", "unit", "jabatan", "pangkat_golongan"]


def nip(n: int, sex: int = 1) -> str:
    """A valid NIP: born 1985-01-dd, appointed 2010-12, a sequence number."""
    return f"1985{1 + n // 28 % 12:02d}{1 + n % 28:02d}201012{sex}{n % 1000:03d}"


def person_row(n: int, **overrides: object) -> list[object]:
    row: dict[str, object] = {
        "nip": nip(n),
        "nama": f"Peserta Nomor {n}",
        "email": f"peserta{n}@example.go.id",
        "instansi": "PEMPROV-A",
        "unit": "Dinas Kesehatan",
        "jabatan": "Analis Kebijakan",
        "pangkat_golongan": "Penata / III/c",
    }
    row.update(overrides)
    return [row[column] for column in HEADER]


def xlsx(rows: list[list[object]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(content: bytes) -> list[tuple[object, ...]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))
