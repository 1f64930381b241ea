"""Every file revmen hands out keeps what people typed as text: no formula ever runs."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook, load_workbook

from revmen.accounts.models import Unit
from revmen.core.exports import XLSX, Export, append_row, download, neutral, xlsx_bytes
from revmen.culture.exports import links_xlsx, report_xlsx
from revmen.culture.report import build_report
from revmen.front.testing import BaseTestCase
from revmen.training.exports import enrolment_list

EVIL = ['=HYPERLINK("http://x.id","klik")', "+628123", "-1+1", "@SUM(A1)", "\t=1"]


def formulas(content: bytes) -> list[str]:
    """Every <f> (formula) element in every sheet of a workbook."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
    return [n for n in sheets if b"<f>" in archive.read(n) or b"<f " in archive.read(n)]


def test_formula_like_text_is_kept_as_quoted_text() -> None:
    workbook = Workbook()
    append_row(workbook.active, [*EVIL, "Budi", 5, -3])  # type: ignore[arg-type]
    content = xlsx_bytes(workbook)
    assert formulas(content) == []
    cells = list(load_workbook(io.BytesIO(content)).active[1])  # type: ignore[index]
    assert [c.value for c in cells] == [*EVIL, "Budi", 5, -3]  # nothing is changed
    assert [c.quotePrefix for c in cells] == [True] * len(EVIL) + [False, False, False]


def test_a_plain_append_would_have_written_a_formula() -> None:
    workbook = Workbook()
    workbook.active.append(EVIL[:1])  # type: ignore[union-attr]
    assert formulas(xlsx_bytes(workbook))  # the check above can fail


def test_csv_cells_get_an_apostrophe() -> None:
    assert [neutral(v) for v in [*EVIL, "Budi", 5]] == [*("'" + v for v in EVIL), "Budi", 5]


def test_a_download_names_the_file_safely() -> None:
    response = download(Export('budaya "Kota" ü.xlsx', XLSX, b"x"))
    assert response["Content-Type"] == XLSX
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="budaya _Kota_ ?.xlsx"')
    assert "filename*=UTF-8''budaya%20%22Kota%22%20%C3%BC.xlsx" in header


class AppExportTests(BaseTestCase):
    def test_the_enrolment_list_keeps_a_hostile_name_as_text(self) -> None:
        self.participant.name = EVIL[0]
        self.participant.jabatan = "=1+1"
        self.participant.save()
        export = enrolment_list(self.batch)
        assert formulas(export.content) == []
        sheet = load_workbook(io.BytesIO(export.content)).active
        names = [row[1].value for row in sheet.iter_rows(min_row=2)]  # type: ignore[union-attr]
        assert EVIL[0] in names

    def test_culture_links_and_report_keep_hostile_unit_names_as_text(self) -> None:
        from revmen.culture.tests.test_waves import import_tree_wave

        wave = import_tree_wave("W1")
        unit = Unit.objects.filter(agency=wave.agency, depth=1).first()
        assert unit is not None
        hostile = "=cmd|' /C calc'!A0"
        Unit.objects.filter(pk=unit.pk).update(name=hostile, path=hostile)
        links = links_xlsx(wave, Unit.objects.get(pk=unit.pk), ["http://x/t/1"])
        report = report_xlsx(build_report(wave))
        for export in (links, report):
            assert formulas(export.content) == []
            cells = [
                c.value for row in load_workbook(io.BytesIO(export.content)).active for c in row
            ]  # type: ignore[union-attr]
            assert hostile in cells
