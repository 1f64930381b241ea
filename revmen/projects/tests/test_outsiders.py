"""Every change-project page, GET and POST, is a 404 for those who may not see the project, and
leaves it as it was; a project's signed links open nothing of another project."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from revmen.core.models import AuditEntry
from revmen.projects import links, services
from revmen.projects.models import Plan, Step
from revmen.training.models import BatchRole, Enrolment

from .helpers import PDF_BYTES, PLAN_DATA, ProjectCase, png_bytes


class OutsiderTests(ProjectCase):
    def setUp(self) -> None:
        self.plan = self.make_plan(approve=True)
        self.milestone = self.plan.milestones.get()
        self.member = services.team_add(plan=self.plan, actor=self.participant, name="Rekan")
        self.file = services.attachment_add(
            plan=self.plan,
            actor=self.participant,
            kind="document",
            filename="r.pdf",
            content=PDF_BYTES,
        )
        services.report_add(milestone=self.milestone, actor=self.participant, text="Selesai")

    def pages(self) -> list[tuple[str, dict[str, object]]]:
        """Every URL of the app that names a project's object, with a POST body that would act."""
        plan, milestone = self.plan.pk, self.milestone.pk
        review = {"decision": "approve", "comment": "ok"}
        return [
            (reverse("project_create", args=[self.enrolment.pk]), {**PLAN_DATA}),
            (reverse("project_detail", args=[plan]), {}),
            (reverse("project_edit", args=[plan]), {**PLAN_DATA, "title": "Dirampas"}),
            (reverse("project_submit", args=[plan]), {}),
            (reverse("project_review", args=[plan]), review),
            (
                reverse("project_milestone_add", args=[plan]),
                {"term": "short", "title": "x", "indicator": "y", "target_date": "2027-01-01"},
            ),
            (reverse("project_team_add", args=[plan]), {"name": "Penyusup"}),
            (
                reverse("project_file_add", args=[plan]),
                {"kind": "document", "file": SimpleUploadedFile("a.png", png_bytes())},
            ),
            (reverse("project_comment", args=[plan]), {"text": "Halo"}),
            (reverse("project_transfer", args=[plan]), {"mentor_email": self.outsider.email}),
            (reverse("project_stop", args=[plan]), {"reason": "other"}),
            (reverse("project_milestone_remove", args=[milestone]), {}),
            (reverse("project_report", args=[milestone]), {"text": "Palsu"}),
            (reverse("project_milestone_review", args=[milestone]), review),
            (reverse("project_team_remove", args=[self.member.pk]), {}),
            (reverse("project_file", args=[self.file.pk]), {}),
        ]

    def test_it_answers_404_to_outsiders_on_every_page_and_changes_nothing(self) -> None:
        ours = AuditEntry.objects.filter(action__startswith="projects.")
        steps, audits = Step.objects.count(), ours.count()
        for person in [self.outsider, self.participant2, self.agency_admin, self.culture_admin]:
            self.login(person)
            for url, data in self.pages():
                assert self.client.get(url).status_code in (404, 405), (person, url)
                assert self.client.post(url, data).status_code == 404, (person, url)
        self.plan.refresh_from_db()
        assert self.plan.title == PLAN_DATA["title"] and self.plan.stopped_at is None
        assert self.plan.mentor == self.mentor and self.plan.team.count() == 1
        assert Step.objects.count() == steps and ours.count() == audits

    def test_it_sends_visitors_without_a_login_to_the_login_page(self) -> None:
        for url, data in self.pages():
            response = self.client.post(url, data)
            assert response.status_code == 302 and "login" in response["Location"], url

    def test_a_project_link_opens_no_file_of_another_project(self) -> None:
        other = self.make_person("Peserta Lain", "199303032019031003", self.agency_a)
        enrolment = Enrolment.objects.create(
            batch=self.batch, person=other, role=BatchRole.PARTICIPANT, mentor=self.mentor
        )
        data = {**PLAN_DATA, "title": "Proyek yang lain"}
        second = services.plan_create(enrolment=enrolment, actor=other, data=data)
        services.milestone_add(
            plan=second,
            actor=other,
            term="short",
            title="m",
            indicator="i",
            target_date=self.milestone.target_date,
        )
        second = services.plan_submit(plan=second, actor=other)
        token = links.plan_token(second)
        page = self.client.get(reverse("project_plan_link", args=[token]))
        assert page.status_code == 200 and self.plan.title.encode() not in page.content
        url = reverse("project_link_file", args=[token, self.file.pk])
        assert self.client.get(url).status_code == 404
        assert Plan.objects.filter(pk=self.plan.pk, state="approved").exists()
