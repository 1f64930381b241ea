"""The public page's cached parts: a visit reads three rows, and whatever the page shows is
fresh on the next visit, whether a write changed it or the clock closed a period."""

from __future__ import annotations

import random
import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Administration, Response, UsedToken
from revmen.instruments.services import AlreadySubmitted
from revmen.service.models import ServiceUnit, SkmPeriod
from revmen.service.services import (
    complaint_answer,
    complaint_submit,
    period_follow_up,
    skm_answer,
)
from revmen.service.tests.helpers import make_service_unit, open_period, publish_standard, sheet


class PageCacheTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.service_unit = make_service_unit(cls.dinkes)
        publish_standard(cls.service_unit, cls.head)

    def visit(self) -> str:
        page = self.client.get(reverse("service_page", args=[self.service_unit.slug]))
        self.assertEqual(page.status_code, 200)
        return page.content.decode()

    def answered_period(self, n: int = 12) -> SkmPeriod:
        period = open_period(self.service_unit)
        rng = random.Random(3)
        for i in range(n):
            self.assertEqual(skm_answer(period=period, data=sheet(rng), key=f"k{i}" * 4), {})
        return period

    def test_a_repeat_visit_reads_the_unit_its_periods_and_the_open_count_only(self) -> None:
        self.answered_period()
        self.visit()
        with CaptureQueriesContext(connection) as queries:
            html = self.visit()
        # the cache's own reads aside (a table when no REDIS_URL is set, as here)
        rows = [q["sql"][:80] for q in queries if "revmen_cache" not in q["sql"]]
        self.assertEqual(len(rows), 3, rows)
        self.assertIn('data-standard-version="1"', html)
        self.assertIn('data-count="12"', html)  # the count is fresh on every visit

    def test_a_period_closed_by_the_clock_shows_its_result_without_any_write(self) -> None:
        period = self.answered_period()
        version = ServiceUnit.objects.get(pk=self.service_unit.pk).figures_version
        self.assertNotIn('id="latest-ikm"', self.visit())
        # time passes: the window ends with no write through the services
        Administration.objects.filter(pk=period.administration_id).update(
            opens_at=timezone.now() - timedelta(days=40),
            closes_at=timezone.now() - timedelta(seconds=1),
        )
        html = self.visit()
        self.assertIn('id="latest-ikm"', html)
        self.assertNotIn('id="open-period"', html)
        self.assertEqual(ServiceUnit.objects.get(pk=self.service_unit.pk).figures_version, version)

    def test_every_write_the_page_shows_raises_the_version_and_shows_next_visit(self) -> None:
        period = self.answered_period()
        before = self.visit()
        self.assertNotIn('id="response-times"', before)
        complaint = complaint_submit(
            service_unit=self.service_unit,
            kind="complaint",
            text="Antrean lama",
            name="",
            contact="",
            submit_key="c1" * 8,
        )
        waiting = self.visit()
        self.assertIn('id="response-times"', waiting)
        complaint_answer(complaint=complaint, text="Sudah kami perbaiki", close=True, by=self.head)
        answered = self.visit()
        median = re.compile(r'data-first-median="([^"]*)"')
        self.assertEqual(median.findall(waiting), [""])  # nobody answered yet
        self.assertRegex(median.findall(answered)[0], r"^\d+\.\d\d$")
        Administration.objects.filter(pk=period.administration_id).update(
            opens_at=timezone.now() - timedelta(days=40),
            closes_at=timezone.now() - timedelta(seconds=1),
        )
        self.assertNotIn('id="follow-up"', self.visit())
        period.refresh_from_db()
        period_follow_up(period=period, text="Loket kedua dibuka", publish=True, population=120)
        self.assertIn("Loket kedua dibuka", self.visit())
        publish_standard(self.service_unit, self.head, note="jam buka")
        self.assertIn('data-standard-version="2"', self.visit())

    def test_each_language_has_its_own_parts(self) -> None:
        self.answered_period()
        indonesian = self.visit()
        self.client.cookies["django_language"] = "en"
        english = self.visit()
        self.assertIn('lang="en"', english)
        section = 'id="standar"'

        def standard_part(html: str) -> str:
            return html[html.index(section) : html.index('id="skm"')]

        self.assertNotEqual(standard_part(indonesian), standard_part(english))


class PageZoneTests(BaseTestCase):
    def test_parts_are_kept_per_time_zone(self) -> None:
        # A complaint at 23:30 WIB on 31 October is 00:30 WITA on 1 November: a visitor in WITA
        # must not be served the parts written in WIB (or the other way round).
        from datetime import datetime
        from zoneinfo import ZoneInfo

        from revmen.service.models import Complaint

        service_unit = make_service_unit(self.dinkes)
        Complaint.objects.create(
            service_unit=service_unit,
            tracking_code="ZONE1",
            submit_key="zone-1",
            kind="complaint",
            text="Antrean",
            created_at=datetime(2026, 10, 31, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta")),
        )
        url = reverse("service_page", args=[service_unit.slug])
        self.assertContains(self.client.get(url), 'data-month="2026-10"')
        self.login(self.participant2)  # WITA
        self.assertContains(self.client.get(url), 'data-month="2026-11"')
        self.client.logout()
        self.assertContains(self.client.get(url), 'data-month="2026-10"')


class KeyedAnswerTests(BaseTestCase):
    """``skm_answer`` stores through the engine's keyed path (one statement on PostgreSQL)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.service_unit = make_service_unit(cls.dinkes)

    def test_a_period_closed_after_it_was_read_takes_no_answer(self) -> None:
        period = open_period(self.service_unit)
        stale = SkmPeriod.objects.select_related("administration").get(pk=period.pk)
        Administration.objects.filter(pk=period.administration_id).update(
            opens_at=timezone.now() - timedelta(days=2),
            closes_at=timezone.now() - timedelta(seconds=1),
        )
        self.assertTrue(stale.administration.closes_at > timezone.now())  # it looks open
        with self.assertRaises(ValidationError):
            skm_answer(period=stale, data=sheet(random.Random(1)), key="late" * 6)
        self.assertFalse(Response.objects.filter(administration_id=period.administration_id))
        self.assertFalse(UsedToken.objects.filter(administration_id=period.administration_id))

    def test_one_key_stores_one_answer_with_nothing_of_the_browser(self) -> None:
        period = open_period(self.service_unit)
        data = sheet(random.Random(2))
        self.assertEqual(skm_answer(period=period, data=data, key="same" * 6), {})
        with self.assertRaises(AlreadySubmitted):
            skm_answer(period=period, data=data, key="same" * 6)
        response = Response.objects.get(administration_id=period.administration_id)
        self.assertIsNone(response.respondent_id)
        self.assertIsNone(response.subject_id)
        self.assertIsNone(response.unit_id)
        self.assertEqual(response.submitted_on, timezone.localdate())
        self.assertEqual(UsedToken.objects.filter(administration=period.administration).count(), 1)
