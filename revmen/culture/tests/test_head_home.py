"""A head of unit's home shows their units' latest culture result; their report explains why
comments are for the whole agency only."""

from __future__ import annotations

from django.conf import settings

from revmen.accounts.services import role_grant
from revmen.culture.report import build_report
from revmen.front.testing import BaseTestCase

from .test_waves import culture_csv, import_csv, import_tree_wave


class HeadOfUnitHomeTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def test_the_home_shows_the_latest_result_and_links_to_the_report(self) -> None:
        import_csv(culture_csv([("Dinas Kesehatan", 3)]), "Lama")
        wave = import_tree_wave("Baru")
        row = build_report(wave, root=self.dinkes, with_extras=False).root
        assert row.scores is not None  # 24 respondents below the Dinas
        self.login(self.head)
        page = self.client.get("/")
        self.assertContains(page, f'data-unit-result="{self.dinkes.pk}"')
        self.assertContains(page, f"<strong data-index>{row.scores.index:.1f}</strong>")
        self.assertContains(page, row.scores.category_label)
        self.assertContains(page, f'href="/culture/waves/{wave.pk}/report/"')
        self.assertContains(page, "Baru")
        self.assertNotContains(page, "Lama")

    def test_a_unit_below_the_minimum_shows_no_score(self) -> None:
        import_tree_wave("Baru")
        seksi_head = self.make_person(
            "Kepala Seksi", "198203032006042001", self.agency_a, self.seksi
        )
        role_grant(person=seksi_head, kind="head_of_unit", unit=self.seksi)
        self.login(seksi_head)
        page = self.client.get("/")
        self.assertContains(page, 'data-unit-result="hidden"')
        self.assertNotContains(page, "data-index")

    def test_without_a_reported_wave_the_home_says_so(self) -> None:
        self.login(self.head)
        self.assertContains(self.client.get("/"), "No culture wave of your agency")

    def test_the_heads_report_explains_that_comments_are_for_the_agency_only(self) -> None:
        wave = import_tree_wave("Baru")
        self.login(self.head)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/")
        self.assertContains(page, 'data-comments="agency-only"')
        self.assertNotContains(page, "Lebih cepat melayani")
        self.login(self.culture_admin)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/")
        self.assertNotContains(page, 'data-comments="agency-only"')
