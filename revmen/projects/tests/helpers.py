"""Shared fixtures: a participant's plan with milestones, submitted or approved."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from revmen.front.testing import TODAY, BaseTestCase
from revmen.projects import services
from revmen.projects.models import Plan, Term
from revmen.training.models import Enrolment, Group


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

PLAN_DATA = {
    "title": "Antrean rujukan tanpa calo",
    "problem": "Warga menunggu rujukan lebih dari tiga hari.",
    "baseline": "Rata-rata 3,4 hari (data Januari).",
    "goal": "Rujukan selesai dalam satu hari.",
    "values": ["BP", "AK"],
    "stakeholders": "Kepala seksi, petugas loket",
}


class ProjectCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.coach = cls.make_person("Coach Proyek", "197808082003121008", cls.institute)
        cls.group = Group.objects.create(batch=cls.batch, name="Kelompok 1", coach=cls.coach)
        cls.enrolment = Enrolment.objects.get(batch=cls.batch, person=cls.participant)
        cls.enrolment.mentor = cls.mentor
        cls.enrolment.group = cls.group
        cls.enrolment.save()

    def make_plan(
        self, *, submit: bool = False, approve: bool = False, target: date | None = None
    ) -> Plan:
        plan = services.plan_create(
            enrolment=self.enrolment, actor=self.participant, data=dict(PLAN_DATA)
        )
        services.milestone_add(
            plan=plan,
            actor=self.participant,
            term=Term.SHORT,
            title="SOP rujukan baru",
            indicator="Hari tunggu rujukan",
            target_date=target or TODAY + timedelta(days=30),
        )
        if submit or approve:
            plan = services.plan_submit(plan=plan, actor=self.participant)
        if approve:
            plan = services.plan_review(plan=plan, actor=self.mentor, decision=services.APPROVE)
        return plan
