"""The pages: writing a plan with files, the mentor's account and link pages, bad input."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from revmen.projects import links
from revmen.projects.models import Attachment, MilestoneState, Plan, PlanState

from .helpers import PDF_BYTES, ProjectCase, png_bytes


class PlanPageTests(ProjectCase):
    def test_a_participant_writes_a_plan_with_a_document_and_a_photo(self) -> None:
        self.login(self.participant)
        url = reverse("project_create", args=[self.enrolment.pk])
        assert self.client.get(url).status_code == 200
        data = {
            "title": "Rujukan",
            "problem": "Lama",
            "baseline": "3 hari",
            "baseline_figure": "3.4",
            "goal": "1 hari",
            "values": ["BP", "KL"],
            "document": SimpleUploadedFile("rancangan.pdf", PDF_BYTES),
            "baseline_file": SimpleUploadedFile("antre.png", png_bytes()),
        }
        response = self.client.post(url, data)
        plan = Plan.objects.get(enrolment=self.enrolment)
        assert response.status_code == 302 and plan.values == ["BP", "KL"]
        kinds = sorted(Attachment.objects.filter(plan=plan).values_list("kind", "content_type"))
        assert kinds == [("baseline", "image/png"), ("document", "application/pdf")]
        # A second submit of the same form stores nothing more.
        self.client.post(url, {**data, "document": SimpleUploadedFile("r.pdf", PDF_BYTES)})
        assert Plan.objects.filter(enrolment=self.enrolment).count() == 1

    def test_a_disguised_file_is_refused_with_a_reason(self) -> None:
        self.login(self.participant)
        url = reverse("project_create", args=[self.enrolment.pk])
        fake = SimpleUploadedFile("foto.png", b"<html><script>x</script></html>", "image/png")
        response = self.client.post(
            url,
            {
                "title": "t",
                "problem": "p",
                "baseline": "b",
                "goal": "g",
                "values": ["BP"],
                "baseline_file": fake,
            },
        )
        assert response.status_code == 200
        assert not Plan.objects.filter(enrolment=self.enrolment).exists()
        assert response.context["form"].errors["baseline_file"]

    def test_another_participant_cannot_write_on_my_enrolment(self) -> None:
        self.login(self.participant2)
        response = self.client.get(reverse("project_create", args=[self.enrolment.pk]))
        assert response.status_code == 404

    def test_the_mentor_with_an_account_returns_from_the_project_page(self) -> None:
        plan = self.make_plan(submit=True)
        self.login(self.mentor)
        page = self.client.get(reverse("project_detail", args=[plan.pk]))
        assert b'id="plan-review"' in page.content
        url = reverse("project_review", args=[plan.pk])
        self.client.post(url, {"decision": "return", "comment": ""})  # a comment is needed
        plan.refresh_from_db()
        assert plan.state == PlanState.SUBMITTED
        self.client.post(url, {"decision": "return", "comment": "Lengkapi data."})
        plan.refresh_from_db()
        assert plan.state == PlanState.RETURNED
        assert plan.steps.last().comment == "Lengkapi data."  # type: ignore[union-attr]


class LinkPageTests(ProjectCase):
    def test_the_link_page_opens_decides_and_is_spent(self) -> None:
        plan = self.make_plan(submit=True)
        url = links.plan_link(plan)
        page = self.client.get(url)
        assert page.status_code == 200 and b'id="review-form"' in page.content
        assert page["Cache-Control"] == "no-store"
        response = self.client.post(url, {"decision": "approve"})
        assert response.status_code == 200 and b'data-approved="1"' in response.content
        plan.refresh_from_db()
        assert plan.state == PlanState.APPROVED
        assert self.client.get(url).status_code == 404
        assert self.client.post(url, {"decision": "approve"}).status_code == 404

    def test_an_expired_or_broken_link_page_says_so(self) -> None:
        plan = self.make_plan(submit=True)
        url = links.plan_link(plan)
        later = (timezone.now() + timedelta(days=30)).timestamp()
        with mock.patch("time.time", return_value=later):
            assert self.client.get(url).status_code == 404
        assert self.client.get(url[:-5] + "xxxx/").status_code == 404
        assert self.client.get("/projects/mentor/plan/%00%ff/").status_code in (400, 404)

    def test_the_milestone_link_shows_the_evidence_and_only_its_own_files(self) -> None:
        from revmen.projects import services

        plan = self.make_plan(approve=True)
        milestone = plan.milestones.get()
        other = services.attachment_add(
            plan=plan, actor=self.participant, kind="document", filename="r.pdf", content=PDF_BYTES
        )
        report = services.report_add(
            milestone=milestone,
            actor=self.participant,
            text="Selesai",
            files=[("bukti.png", png_bytes())],
        )
        token = links.milestone_token(milestone, report.pk)
        page = self.client.get(reverse("project_milestone_link", args=[token]))
        assert page.status_code == 200
        evidence = report.files.get()
        got = self.client.get(reverse("project_link_file", args=[token, evidence.pk]))
        assert got.status_code == 200 and got.content == png_bytes()
        assert got["Content-Disposition"].startswith("inline")
        assert (
            self.client.get(reverse("project_link_file", args=[token, other.pk])).status_code == 404
        )
        self.client.post(reverse("project_milestone_link", args=[token]), {"decision": "approve"})
        milestone.refresh_from_db()
        assert milestone.state == MilestoneState.CONFIRMED


class PersonPageTests(ProjectCase):
    def test_the_person_page_shows_projects_only_to_those_who_may_open_them(self) -> None:
        plan = self.make_plan()
        url = reverse("person_detail", args=[self.participant.pk])
        self.login(self.organiser)
        assert f'data-plan="{plan.pk}"'.encode() in self.client.get(url).content
        self.login(self.agency_admin)  # sees the person, not the project
        page = self.client.get(url)
        assert page.status_code == 200 and b"data-plan=" not in page.content


class HomeTests(ProjectCase):
    def test_the_home_page_shows_what_waits_for_the_owner_and_the_mentor(self) -> None:
        plan = self.make_plan(submit=True)
        self.login(self.participant)
        page = self.client.get(reverse("home"))
        assert f'data-plan="{plan.pk}"'.encode() in page.content
        assert reverse("project_list").encode() in page.content  # the menu link
        self.login(self.mentor)
        assert f'data-waiting="{plan.pk}"'.encode() in self.client.get(reverse("home")).content
        self.login(self.outsider)
        page = self.client.get(reverse("home"))
        assert b"data-plan=" not in page.content


class ServiceChangeTests(ProjectCase):
    def test_an_approved_plan_that_changes_a_service_shows_its_skm_before_and_after(self) -> None:
        plan = self.make_plan(approve=True)
        self.login(self.participant)
        url = reverse("project_detail", args=[plan.pk])
        self.assertNotContains(self.client.get(url), 'id="service-change"')
        plan.service_unit = self.agency_a.units.get(path="")
        plan.save(update_fields=["service_unit"])
        page = self.client.get(url)
        approved_on = timezone.localdate(plan.versions.get(version=1).approved_at)
        self.assertContains(page, f'data-change-date="{approved_on.isoformat()}"')

    def test_a_plan_not_yet_approved_has_no_change_date(self) -> None:
        plan = self.make_plan(submit=True)
        plan.service_unit = self.agency_a.units.get(path="")
        plan.save(update_fields=["service_unit"])
        self.login(self.participant)
        page = self.client.get(reverse("project_detail", args=[plan.pk]))
        self.assertNotContains(page, 'id="service-change"')
