"""The training part of the demo loads on the personas' programme and only once."""

from __future__ import annotations

from django.utils import timezone

from revmen.front.testing import BaseTestCase
from revmen.training.demo import load_training_demo
from revmen.training.models import Attendance, Session
from revmen.training.selectors import attendance_grid


class TrainingDemoTests(BaseTestCase):
    def test_it_loads_once(self) -> None:
        today = timezone.localdate()
        load_training_demo(today=today, programme_code="PRM-T")
        programme = self.batch.programme
        assert programme.agendas.count() == 3
        assert sum(c.weight for c in programme.components.all()) == 100
        assert Session.objects.filter(batch=self.batch).count() == 20
        assert Attendance.objects.exists()
        self.batch.refresh_from_db()
        assert self.batch.capacity == 30 and self.batch.organiser == self.organiser
        assert attendance_grid(self.batch).rows
        load_training_demo(today=today, programme_code="PRM-T")
        assert Session.objects.filter(batch=self.batch).count() == 20
