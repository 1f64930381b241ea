"""Real headcounts per wave: entered or imported, used for response rates, over-counts flagged."""

from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from revmen.accounts.models import Unit
from revmen.culture.aggregates import fold_all
from revmen.culture.headcounts import headcounts_of, import_headcounts, parse_headcount
from revmen.culture.models import Headcount
from revmen.culture.report import build_report, resolve_headcounts
from revmen.culture.services import tokens_issue, wave_create
from revmen.front.testing import BaseTestCase
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.library import load_library
from revmen.instruments.services import response_submit


def sheet(rows: list[tuple[object, object]]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["unit", "jumlah_pegawai"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_unit_counts_its_subtree_and_an_empty_one_sums_its_sub_units() -> None:
    units = [(1, None, 0), (2, 1, 1), (3, 1, 1), (4, 2, 2), (5, 2, 2), (6, 3, 2)]
    resolved = resolve_headcounts(units, {4: 12, 5: 8, 3: 30, 6: 50})
    assert resolved[2] == (20, "sum")  # its two seksi
    assert resolved[3] == (30, "entered")  # entered wins over its sub-unit's 50
    assert resolved[1] == (50, "sum")
    # A partial sum would overstate the rate: a unit with a sub-unit of unknown size has none.
    partial = resolve_headcounts(units, {4: 12, 6: 50})
    assert partial[2] == (0, "") and partial[3] == (50, "sum") and partial[1] == (0, "")


def test_headcounts_are_read_as_people_write_them() -> None:
    assert parse_headcount("1.250") == (True, 1250)
    assert parse_headcount("1,250") == (True, 1250)
    assert parse_headcount(" ") == (True, None)
    assert parse_headcount("-3") == (False, None)
    assert parse_headcount("12 orang")[0] is False
    assert parse_headcount("2000000")[0] is False


class HeadcountTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Gelombang H",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            created_by=self.culture_admin,
        )
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def answer(self, unit: Unit, count: int) -> None:
        version = self.wave.administration.version
        n_items = version.items.count()
        for token in tokens_issue(wave=self.wave, unit=unit, count=count):
            values = [4] * n_items
            for item in version.items.filter(kind="long_text"):
                values[item.position] = 0
            response_submit(
                administration=self.wave.administration,
                sheet=AnswerSheet(values=values),
                token=token,
            )
        fold_all(self.wave)

    def rows(self) -> dict[str, object]:
        return {r.unit.path: r for r in build_report(self.wave, with_extras=False).rows}

    def test_rates_use_the_entered_headcount_and_flag_more_answers_than_people(self) -> None:
        self.answer(self.seksi, 6)
        before = self.rows()[self.seksi.path]
        assert before.headcount_source == "registered" and before.over  # 6 answers, 1 registered
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/headcounts/"
        response = self.client.post(url, {f"u{self.seksi.pk}": "20", f"u{self.dinkes.pk}": ""})
        self.assertRedirects(response, f"/culture/waves/{self.wave.pk}/")
        rows = self.rows()
        seksi, dinkes = rows[self.seksi.path], rows["Dinas Kesehatan"]
        assert (seksi.headcount, seksi.headcount_source, seksi.rate) == (20, "entered", 30.0)
        assert (dinkes.headcount, dinkes.headcount_source) == (20, "sum")
        assert rows[""].headcount_source == ""  # the Sekretariat's size is unknown
        assert not seksi.over
        Headcount.objects.filter(unit=self.seksi).update(n=4)
        page = self.client.get(f"/culture/waves/{self.wave.pk}/")
        self.assertContains(page, "more answers than headcount")
        self.assertContains(page, "data-over", count=3)  # seksi, its bidang, the dinas

    def test_the_sheet_downloads_with_every_unit_and_imports_back(self) -> None:
        self.login(self.culture_admin)
        url = f"/culture/waves/{self.wave.pk}/headcounts/"
        book = load_workbook(io.BytesIO(self.client.get(url + "?download=xlsx").content))
        paths = [row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
        assert paths[0] == "Pemerintah Provinsi A"
        assert self.seksi.path in paths
        content = sheet([("Pemerintah Provinsi A", "1.200"), (self.dinkes.path, 300)])
        response = self.client.post(url, {"file": _upload("jumlah.xlsx", content)}, follow=True)
        self.assertContains(response, "Headcounts saved: 2 units.")
        root = Unit.objects.get(agency=self.agency_a, path="")
        assert headcounts_of(self.wave) == {root.pk: 1200, self.dinkes.pk: 300}

    def test_a_bad_row_saves_nothing_and_says_which_row(self) -> None:
        content = sheet([(self.dinkes.path, 300), ("Dinas Pariwisata", 10), (self.seksi.path, "x")])
        result = import_headcounts(wave=self.wave, filename="h.xlsx", content=content)
        assert not result.written
        assert [(e.row, e.column) for e in result.errors] == [(3, "unit"), (4, "jumlah_pegawai")]
        assert not Headcount.objects.exists()
        self.login(self.culture_admin)
        response = self.client.post(
            f"/culture/waves/{self.wave.pk}/headcounts/", {"file": _upload("h.xlsx", content)}
        )
        self.assertContains(response, "Nothing was saved")
        self.assertContains(response, "row 3: unit: unknown unit Dinas Pariwisata")

    def test_only_those_who_run_the_wave_enter_headcounts(self) -> None:
        url = f"/culture/waves/{self.wave.pk}/headcounts/"
        for person in (self.head, self.participant, self.outsider, self.organiser):
            self.login(person)
            assert self.client.get(url).status_code == 404, person
            assert self.client.post(url, {f"u{self.seksi.pk}": "5"}).status_code == 404
        assert not Headcount.objects.exists()


def _upload(name: str, content: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)
