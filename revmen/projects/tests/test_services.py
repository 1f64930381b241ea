"""Plan workflow, uploads, transfers and access."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from revmen.core.models import AuditEntry
from revmen.projects import links, services
from revmen.projects.access import plans_visible_to
from revmen.projects.files import sniff
from revmen.projects.models import Attachment, Plan, PlanState, Step, StepKind
from revmen.training.models import BatchRole, Enrolment

from .helpers import PDF_BYTES, ProjectCase, png_bytes


class WorkflowTests(ProjectCase):
    def test_it_runs_draft_submitted_returned_resubmitted_approved(self) -> None:
        plan = self.make_plan(submit=True)
        assert plan.state == PlanState.SUBMITTED and not plan.is_editable
        with pytest.raises(ValidationError):
            services.plan_update(plan=plan, actor=self.participant, data={"title": "x"})
        services.plan_review(
            plan=plan, actor=self.mentor, decision=services.RETURN, comment="Data?"
        )
        plan = services.plan_update(plan=plan, actor=self.participant, data={"title": "Baru"})
        plan = services.plan_submit(plan=plan, actor=self.participant)
        plan = services.plan_review(plan=plan, actor=self.mentor, decision=services.APPROVE)
        assert plan.state == PlanState.APPROVED and plan.approved_version == 2
        steps = list(plan.steps.values_list("kind", "version"))
        assert steps == [
            ("created", 0),
            ("submitted", 1),
            ("returned", 1),
            ("updated", 1),
            ("resubmitted", 2),
            ("approved", 2),
        ]
        assert AuditEntry.objects.filter(
            action="projects.plan.update", object_id=str(plan.pk)
        ).exists()
        title = str(Plan._meta.get_field("title").verbose_name)
        assert plan.steps.get(kind="updated").comment == title
        # Saving the form unchanged writes no step and keeps the approval.
        plan = services.plan_update(plan=plan, actor=self.participant, data={"title": "Baru"})
        assert plan.steps.filter(kind="updated").count() == 1
        assert plan.state == PlanState.APPROVED

    def test_changing_an_approved_plan_needs_a_new_approval(self) -> None:
        plan = self.make_plan(approve=True)
        plan = services.plan_update(plan=plan, actor=self.participant, data={"goal": "Lebih baik"})
        assert plan.state == PlanState.DRAFT and plan.approved_version == 1
        assert plan.versions.get().data["goal"] != "Lebih baik"

    def test_only_the_participant_writes_their_plan_and_once(self) -> None:
        with pytest.raises(ValidationError):
            services.plan_create(enrolment=self.enrolment, actor=self.participant2, data={})
        self.make_plan()
        with pytest.raises(ValidationError):
            self.make_plan()

    def test_unknown_values_and_components_are_refused(self) -> None:
        from .helpers import PLAN_DATA

        with pytest.raises(ValidationError):
            services.plan_create(
                enrolment=self.enrolment,
                actor=self.participant,
                data={**PLAN_DATA, "values": ["ZZ"]},
            )
        with pytest.raises(ValidationError):  # a component needs the service unit
            services.plan_create(
                enrolment=self.enrolment,
                actor=self.participant,
                data={**PLAN_DATA, "service_components": ["prosedur"]},
            )

    def test_uploads_are_checked_by_their_bytes(self) -> None:
        plan = self.make_plan()
        assert sniff(png_bytes()) == "image/png" and sniff(PDF_BYTES) == "application/pdf"
        with pytest.raises(ValidationError):
            services.attachment_add(
                plan=plan,
                actor=self.participant,
                kind="document",
                filename="x.pdf",
                content=b"<html><script>alert(1)</script></html>",
            )
        f = services.attachment_add(
            plan=plan,
            actor=self.participant,
            kind="baseline",
            filename="../foto.png",
            content=png_bytes(),
        )
        assert Attachment.objects.get(pk=f.pk).filename == "foto.png"
        assert bytes(Attachment.objects.get(pk=f.pk).content) == png_bytes()

    def test_the_file_is_served_with_its_checked_type_never_as_html(self) -> None:
        plan = self.make_plan()
        f = services.attachment_add(
            plan=plan, actor=self.participant, kind="document", filename="r.pdf", content=PDF_BYTES
        )
        self.login(self.participant)
        response = self.client.get(reverse("project_file", args=[f.pk]))
        assert response.status_code == 200 and response.content == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        self.login(self.outsider)
        assert self.client.get(reverse("project_file", args=[f.pk])).status_code == 404


class TransferTests(ProjectCase):
    def test_a_transfer_keeps_the_history_and_moves_access(self) -> None:
        plan = self.make_plan(submit=True)
        old_link = links.plan_token(plan)
        new_mentor = self.make_person("Mentor Baru", "197901012003121001", self.agency_a)
        colleague = self.make_person("Rekan Kerja", "199201012017011001", self.agency_a, self.seksi)
        assert plans_visible_to(self.mentor).filter(pk=plan.pk).exists()
        services.plan_transfer(
            plan=plan,
            actor=self.organiser,
            to=services.Handover(owner=colleague, mentor=new_mentor),
            note="Mutasi",
        )
        assert not plans_visible_to(self.mentor).filter(pk=plan.pk).exists()
        assert plans_visible_to(new_mentor).filter(pk=plan.pk).exists()
        assert plans_visible_to(colleague).filter(pk=plan.pk).exists()
        assert not plans_visible_to(self.participant).filter(pk=plan.pk).exists()
        kinds = list(plan.steps.values_list("kind", flat=True))
        assert kinds == ["created", "submitted", "transferred"]
        with pytest.raises(links.LinkInvalid):  # the old mentor's link no longer opens
            links.open_plan_link(old_link)
        plan.refresh_from_db()
        assert links.open_plan_link(links.plan_token(plan)).plan == plan
        self.login(self.mentor)
        assert self.client.get(reverse("project_detail", args=[plan.pk])).status_code == 404
        self.login(new_mentor)
        assert self.client.get(reverse("project_detail", args=[plan.pk])).status_code == 200

    def test_stopping_keeps_a_reason(self) -> None:
        plan = self.make_plan(approve=True)
        plan = services.plan_stop(plan=plan, actor=self.participant, reason="priorities", note="")
        assert plan.stopped_at and plan.stopped_reason == "priorities"
        assert Step.objects.filter(plan=plan, kind=StepKind.STOPPED).count() == 1


class AccessTests(ProjectCase):
    def test_who_may_see_a_plan(self) -> None:
        plan = self.make_plan()
        examiner = self.make_person("Penguji", "197001012000011001", self.institute)
        Enrolment.objects.create(batch=self.batch, person=examiner, role=BatchRole.EXAMINER)
        allowed = [
            self.participant,
            self.mentor,
            self.coach,
            self.facilitator,
            examiner,
            self.organiser,
            self.admin,
            self.head,
        ]
        for person in allowed:
            assert plans_visible_to(person).filter(pk=plan.pk).exists(), person
        for person in [self.participant2, self.outsider, self.agency_admin, self.culture_admin]:
            assert not plans_visible_to(person).filter(pk=plan.pk).exists(), person
            self.login(person)
            assert self.client.get(reverse("project_detail", args=[plan.pk])).status_code == 404

    def test_a_team_member_with_an_account_may_add_evidence(self) -> None:
        plan = self.make_plan(approve=True)
        colleague = self.make_person("Rekan", "199301012018011001", self.agency_a)
        services.team_add(plan=plan, actor=self.participant, name="", person=colleague)
        milestone = plan.milestones.get()
        services.report_add(
            milestone=milestone,
            actor=colleague,
            text="Foto kegiatan",
            files=[("a.png", png_bytes())],
        )
        milestone.refresh_from_db()
        assert milestone.state == "open"  # evidence beside the report, not a report
        with pytest.raises(ValidationError):
            services.report_add(milestone=milestone, actor=self.participant2, text="x")

    def test_lists_show_counts_per_batch(self) -> None:
        self.make_plan(approve=True)
        self.login(self.organiser)
        response = self.client.get(reverse("project_list"))
        assert response.status_code == 200
        assert b'data-count="on_track"' in response.content
        years = response.context["years"]
        assert [(y.year, y.counts["on_track"], y.total) for y in years] == [
            (self.batch.start_date.year, 1, 1)
        ]
        assert f'data-year="{self.batch.start_date.year}"'.encode() in response.content
        self.login(self.head)
        assert b'id="unit"' in self.client.get(reverse("project_list")).content
        self.login(self.mentor)
        assert b'id="mentees"' in self.client.get(reverse("project_list")).content


class SelectorTests(ProjectCase):
    def test_milestones_due_lists_the_unfinished_ones_of_an_approved_plan(self) -> None:
        from revmen.projects.selectors import milestones_due

        plan = self.make_plan()
        assert milestones_due(self.participant, self.batch) == []
        plan = services.plan_submit(plan=plan, actor=self.participant)
        services.plan_review(plan=plan, actor=self.mentor, decision=services.APPROVE)
        (milestone,) = milestones_due(self.participant, self.batch)
        assert milestone.plan == plan
        assert milestones_due(self.participant2, self.batch) == []
