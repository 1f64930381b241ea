from __future__ import annotations

import json
import random
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Response
from revmen.service.selectors import period_report
from revmen.service.services import period_close, skm_answer
from revmen.service.tests.helpers import make_service_unit, open_period, sheet


class SkmTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.service_unit = make_service_unit(cls.dinkes)

    def answer(self, data: dict[str, str]) -> object:
        url = reverse("service_skm", args=[self.service_unit.slug])
        page = self.client.get(url)
        key = page.context["key"]
        return self.client.post(url, {**data, "key": key})

    def test_it_takes_one_answer_per_browser_and_stores_nothing_of_it(self) -> None:
        period = open_period(self.service_unit)
        rng = random.Random(1)
        first = self.answer(sheet(rng))
        self.assertEqual(first.status_code, 200)
        self.assertContains(first, 'data-already="0"')
        again = self.client.get(reverse("service_skm", args=[self.service_unit.slug]))
        self.assertContains(again, 'data-already="1"')
        response = Response.objects.get(administration=period.administration)
        self.assertIsNone(response.respondent_id)
        self.assertIsNone(response.unit_id)

    def test_the_generic_open_link_keeps_the_one_answer_per_browser_rule(self) -> None:
        period = open_period(self.service_unit)
        key = period.administration.public_key
        self.assertTrue(key)
        landing = self.client.get(f"/s/{key}/", follow=True)
        self.assertEqual(
            landing.redirect_chain[-1][0], reverse("service_skm", args=[self.service_unit.slug])
        )
        rng = random.Random(3)
        self.assertContains(self.answer(sheet(rng)), 'data-already="0"')
        again = self.client.get(f"/s/{key}/", follow=True)
        self.assertContains(again, 'data-already="1"')
        self.assertNotIn("answer_token", str(again.redirect_chain))
        self.assertEqual(Response.objects.filter(administration=period.administration).count(), 1)
        self.assertEqual(self.client.get("/layanan/s/unknown-key/").status_code, 404)

    def test_a_double_submit_of_one_form_stores_one(self) -> None:
        period = open_period(self.service_unit)
        data = sheet(random.Random(2))
        self.assertEqual(skm_answer(period=period, data=data, key="k" * 20), {})
        from revmen.instruments.services import AlreadySubmitted

        with pytest.raises(AlreadySubmitted):
            skm_answer(period=period, data=data, key="k" * 20)
        self.assertEqual(Response.objects.filter(administration=period.administration).count(), 1)

    def test_it_refuses_a_missing_element_with_the_form_again(self) -> None:
        open_period(self.service_unit)
        data = sheet(random.Random(3))
        del data["U4"]
        page = self.answer(data)
        self.assertEqual(page.status_code, 400)
        self.assertIn("U4", page.context["errors"])
        bad = self.answer({**sheet(random.Random(3)), "U1": "9\x00"})
        self.assertEqual(bad.status_code, 400)

    def test_the_report_equals_analyze_skm_on_the_same_answers(self) -> None:
        period = open_period(self.service_unit)
        rng = random.Random(4)
        rows = []
        for i in range(31):
            data = sheet(rng)
            rows.append([data[f"U{j}"] for j in range(1, 10)])
            skm_answer(period=period, data=data, key=f"key-{i}-xxxxxxxx")
        self.assertIsNone(period_report(period)["ikm"])  # open: counts only
        period_close(period=period)
        report = period_report(period)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "skm.csv"
            path.write_text(
                "U1,U2,U3,U4,U5,U6,U7,U8,U9\n" + "\n".join(",".join(r) for r in rows) + "\n"
            )
            out = StringIO()
            call_command("analyze", "skm", str(path), "--json", stdout=out)
        analyzed = json.loads(out.getvalue())
        self.assertEqual(report["n"], 31)
        self.assertAlmostEqual(report["ikm"], analyzed["ikm"], places=10)
        self.assertEqual(report["grade"], analyzed["grade"])
        out = StringIO()
        call_command(
            "skm",
            "report",
            "--org",
            self.agency_a.code,
            "--unit",
            self.dinkes.path,
            "--period",
            period.name,
            "--json",
            stdout=out,
        )
        cli = json.loads(out.getvalue())
        self.assertEqual(cli["ikm"], analyzed["ikm"])
        self.assertEqual(set(cli["element_means"]), {f"U{i}" for i in range(1, 10)})
        self.assertEqual(cli["profile"]["R3"]["answers"][2]["n"], 31)  # everyone SMA/SMK
        self.assertIsNone(cli["profile"]["R3"]["answers"][0]["n"])  # 0: nothing to show
        self.assertEqual(cli["min_sample"], 92)  # N = 120

    def test_the_profile_hides_a_small_group_and_what_would_reveal_it(self) -> None:
        period = open_period(self.service_unit)
        rng = random.Random(5)
        for i in range(12):
            data = sheet(rng)
            data["R1"] = "1" if i < 10 else "2"  # 10 men, 2 women
            skm_answer(period=period, data=data, key=f"p-{i}-xxxxxxxxxx")
        period_close(period=period)
        report = period_report(period)
        assert report["profile"], report["warnings"]
        sex = report["profile"]["R1"]["answers"]
        self.assertEqual([a["n"] for a in sex], [None, None])  # 2 < 5, and 10 = 12 - 2
