"""The person page's training section: only the enrolments of batches the viewer may see.

Issue 15, finding 8: an organiser or coach who could see a person was shown that person's
enrolments at every other institute too.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from revmen.accounts.models import AgencyKind, RoleKind
from revmen.accounts.services import agency_create, role_grant
from revmen.front.testing import TODAY, BaseTestCase
from revmen.training.models import Batch, BatchRole, Enrolment, Programme

HERE = "Angkatan I"  # the personas' batch at BPSDM-TEST
ELSEWHERE = "Angkatan Rahasia Y"  # a batch at another institute


class PersonPageEnrolmentTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.institute_y = agency_create(
            code="BPSDM-Y", name="BPSDM Lain", kind=AgencyKind.INSTITUTE
        )
        programme = Programme.objects.create(
            institute=cls.institute_y, code="PRM-Y", name="Pelatihan Lain"
        )
        cls.batch_y = Batch.objects.create(
            programme=programme,
            code="PRM-Y-I",
            name=ELSEWHERE,
            start_date=TODAY,
            end_date=TODAY + timedelta(days=30),
        )
        cls.coach_y = cls.make_person("Coach Lain", "197801012003121001", cls.institute_y)
        cls.organiser_y = cls.make_person("Penyelenggara Lain", "198101012006041001", cls.agency_c)
        role_grant(person=cls.organiser_y, kind=RoleKind.ORGANISER, agency=cls.institute_y)
        Enrolment.objects.create(batch=cls.batch_y, person=cls.coach_y, role=BatchRole.COACH)
        Enrolment.objects.create(
            batch=cls.batch_y, person=cls.participant, role=BatchRole.PARTICIPANT
        )

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def page(self, viewer):  # type: ignore[no-untyped-def]
        self.login(viewer)
        return self.client.get(f"/people/{self.participant.pk}/")

    def assert_batches(self, viewer, *shown: str) -> None:  # type: ignore[no-untyped-def]
        response = self.page(viewer)
        assert response.status_code == 200, viewer
        content = response.content.decode()
        for name in (HERE, ELSEWHERE):
            assert (name in content) == (name in shown), (viewer, name)

    def test_an_organiser_sees_only_their_institutes_enrolments(self) -> None:
        self.assert_batches(self.organiser, HERE)
        self.assert_batches(self.organiser_y, ELSEWHERE)

    def test_a_coach_sees_only_the_batches_they_coach(self) -> None:
        self.assert_batches(self.coach_y, ELSEWHERE)

    def test_a_facilitator_sees_only_their_batch(self) -> None:
        self.assert_batches(self.facilitator, HERE)

    def test_an_agency_admin_sees_the_person_but_no_training_of_other_institutes(self) -> None:
        self.assert_batches(self.agency_admin)

    def test_a_platform_admin_sees_every_enrolment(self) -> None:
        self.assert_batches(self.admin, HERE, ELSEWHERE)

    def test_the_person_sees_all_their_own(self) -> None:
        self.assert_batches(self.participant, HERE, ELSEWHERE)

    def test_who_may_not_see_the_person_gets_404(self) -> None:
        for viewer in [self.outsider, self.culture_admin, self.participant2]:
            assert self.page(viewer).status_code == 404, viewer
