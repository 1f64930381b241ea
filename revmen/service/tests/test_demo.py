from __future__ import annotations

from django.test import TestCase

from revmen.front.demo import load_demo
from revmen.service.models import Complaint, ServiceUnit, StandardVersion
from revmen.service.selectors import skm_trend
from revmen.service.services import open_period


class DemoTests(TestCase):
    def test_the_demo_has_service_units_with_history_periods_and_complaints(self) -> None:
        load_demo()
        units = list(ServiceUnit.objects.order_by("pk"))
        self.assertEqual(len(units), 2)
        first = units[0]
        self.assertEqual(first.standards.filter(status="published").count(), 2)
        self.assertIsNotNone(open_period(first))
        trend = skm_trend(first)
        self.assertEqual(len(trend), 3)
        self.assertTrue(all(t["report"]["grade"] in "ABCD" for t in trend))
        self.assertTrue(Complaint.objects.filter(first_answered_at__isnull=True).exists())
        self.assertTrue(Complaint.objects.filter(closed_at__isnull=False).exists())
        self.assertEqual(StandardVersion.objects.exclude(status="published").count(), 0)
        page = self.client.get(f"/layanan/{first.slug}/")
        self.assertContains(page, "data-grade=")
