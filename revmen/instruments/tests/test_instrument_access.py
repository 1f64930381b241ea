"""Private instruments stay with their institute (issue 15, finding 8b).

An organiser could list, view and export another institute's private instrument and choose it
for a questionnaire. Now: 404 on the list, the page and the export, and the questionnaire form
neither offers nor accepts it; built-in and shared instruments stay visible to every author.
"""

from __future__ import annotations

import copy
from datetime import timedelta

from django.conf import settings

from revmen.accounts.models import AgencyKind, RoleKind
from revmen.accounts.services import agency_create, role_grant
from revmen.front.testing import TODAY, BaseTestCase
from revmen.instruments.library import load_definition
from revmen.instruments.models import Administration, Instrument, Version
from revmen.training.models import Batch, BatchRole, Enrolment, Programme

from .helpers import ATTITUDE


def _definition(code: str, text: str) -> dict[str, object]:
    data = copy.deepcopy(ATTITUDE)
    data["code"] = code
    data["name"] = f"Instrumen {code}"
    data["sections"][0]["items"][0]["text"] = text  # type: ignore[index]
    return data


class InstrumentAccessTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.institute_y = agency_create(
            code="BPSDM-Y", name="BPSDM Lain", kind=AgencyKind.INSTITUTE
        )
        cls.organiser_y = cls.make_person("Penyelenggara Lain", "198101012006041001", cls.agency_c)
        role_grant(person=cls.organiser_y, kind=RoleKind.ORGANISER, agency=cls.institute_y)
        programme = Programme.objects.create(
            institute=cls.institute_y, code="PRM-Y", name="Pelatihan Lain"
        )
        cls.batch_y = Batch.objects.create(
            programme=programme,
            code="PRM-Y-I",
            name="Angkatan Y",
            start_date=TODAY,
            end_date=TODAY + timedelta(days=30),
        )
        cls.coach_y = cls.make_person("Coach Lain", "197801012003121001", cls.institute_y)
        Enrolment.objects.create(batch=cls.batch_y, person=cls.coach_y, role=BatchRole.COACH)
        load_definition(ATTITUDE)  # built-in
        load_definition(_definition("SHARED", "Butir bersama."), builtin=False)  # no owner
        for code, owner in [("OWN-X", cls.institute), ("SECRET-Y", cls.institute_y)]:
            load_definition(_definition(code, f"Butir rahasia {code}."), builtin=False)
            Instrument.objects.filter(code=code).update(owner=owner)

    def setUp(self) -> None:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    def statuses(self, viewer, code: str) -> tuple[int, int, bool]:  # type: ignore[no-untyped-def]
        """(detail, export, listed) for this viewer."""
        self.login(viewer)
        listing = self.client.get("/instruments/")
        listed = listing.status_code == 200 and f"/instruments/{code}/" in listing.content.decode()
        detail = self.client.get(f"/instruments/{code}/").status_code
        export = self.client.get(f"/instruments/{code}/v1.xlsx").status_code
        return detail, export, listed

    def test_an_organiser_sees_shared_instruments_and_their_own_not_another_institutes(
        self,
    ) -> None:
        for code in ["SIKAP-UJI", "SHARED", "OWN-X"]:
            assert self.statuses(self.organiser, code) == (200, 200, True), code
        assert self.statuses(self.organiser, "SECRET-Y") == (404, 404, False)
        assert self.statuses(self.organiser_y, "SECRET-Y") == (200, 200, True)
        assert self.statuses(self.organiser_y, "OWN-X") == (404, 404, False)

    def test_the_private_page_gives_nothing_away(self) -> None:
        self.login(self.organiser)
        assert "Instrumen SECRET-Y" not in self.client.get("/instruments/").content.decode()
        response = self.client.get("/instruments/secret-y/?version=1")
        assert response.status_code == 404

    def test_a_platform_admin_sees_every_instrument(self) -> None:
        for code in ["SIKAP-UJI", "SHARED", "OWN-X", "SECRET-Y"]:
            assert self.statuses(self.admin, code) == (200, 200, True), code

    def test_who_authors_no_instruments_sees_no_library(self) -> None:
        for viewer in [self.coach_y, self.agency_admin, self.participant, self.facilitator]:
            for code in ["SIKAP-UJI", "OWN-X", "SECRET-Y"]:
                assert self.statuses(viewer, code) == (404, 404, False), (viewer, code)
            assert self.client.get("/instruments/").status_code == 404

    def offered(self, viewer, batch: Batch) -> set[str]:  # type: ignore[no-untyped-def]
        self.login(viewer)
        response = self.client.get(f"/batches/{batch.code}/questionnaires/")
        assert response.status_code == 200
        return {v.instrument.code for v in response.context["form"].fields["version"].queryset}

    def test_the_questionnaire_form_offers_only_what_the_batch_may_use(self) -> None:
        assert self.offered(self.organiser, self.batch) == {"SIKAP-UJI", "SHARED", "OWN-X"}
        assert self.offered(self.organiser_y, self.batch_y) == {"SIKAP-UJI", "SHARED", "SECRET-Y"}
        # A platform admin sees every instrument, but a batch keeps to its institute's.
        assert self.offered(self.admin, self.batch) == {"SIKAP-UJI", "SHARED", "OWN-X"}

    def test_another_institutes_private_instrument_cannot_be_chosen(self) -> None:
        self.login(self.organiser)
        url = f"/batches/{self.batch.code}/questionnaires/"
        secret = Version.objects.get(instrument__code="SECRET-Y")
        data = {
            "version": secret.pk,
            "title": "Curian",
            "purpose": "evaluation",
            "audience": "participants",
            "subject": "none",
            "identity": "identified",
            "opens_at": "2026-11-01T08:00",
            "closes_at": "2026-12-31T17:00",
        }
        response = self.client.post(url, data)
        assert response.status_code == 200
        assert "version" in response.context["form"].errors
        assert not Administration.objects.exists()
        data["version"] = str(Version.objects.get(instrument__code="OWN-X").pk)
        self.assertRedirects(self.client.post(url, data), url)
        assert Administration.objects.get().version.instrument.code == "OWN-X"
