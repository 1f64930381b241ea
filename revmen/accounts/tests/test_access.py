"""Who may see what: persona tests, a line each. Outsiders get 404, never 403."""

from __future__ import annotations

from revmen.front.testing import BaseTestCase


class AgencyPageTests(BaseTestCase):
    def get(self, person, url):  # type: ignore[no-untyped-def]
        self.login(person)
        return self.client.get(url)

    def status(self, person, url) -> int:  # type: ignore[no-untyped-def]
        return self.get(person, url).status_code

    def agency_pages(self, code: str) -> list[str]:
        unit = self.dinkes if code == "PEMPROV-A" else None
        pages = [
            f"/agencies/{code}/",
            f"/agencies/{code}/people/",
            f"/agencies/{code}/edit/",
            f"/agencies/{code}/units/new/",
            f"/agencies/{code}/people/new/",
        ]
        if unit is not None:
            pages.append(f"/agencies/{code}/units/{unit.pk}/rename/")
        return pages

    def test_an_outsider_gets_404_on_every_page_of_another_agency(self) -> None:
        for url in self.agency_pages("PEMPROV-A"):
            self.assertEqual(self.status(self.outsider, url), 404, url)
        self.assertEqual(self.status(self.outsider, f"/people/{self.participant.pk}/"), 404)
        self.assertEqual(self.status(self.outsider, f"/people/{self.participant.pk}/edit/"), 404)

    def test_an_outsider_sees_no_agency_in_the_list(self) -> None:
        self.assertNotContains(self.get(self.outsider, "/agencies/"), "PEMPROV-A")

    def test_an_outsider_gets_404_on_admin_only_pages(self) -> None:
        self.assertEqual(self.status(self.outsider, "/agencies/new/"), 404)
        self.assertEqual(self.status(self.outsider, "/agencies/import/"), 404)

    def test_the_platform_admin_sees_and_manages_everything(self) -> None:
        for url in self.agency_pages("PEMPROV-A"):
            self.assertEqual(self.status(self.admin, url), 200, url)
        self.assertEqual(self.status(self.admin, "/agencies/new/"), 200)
        self.assertEqual(self.status(self.admin, "/agencies/import/"), 200)

    def test_the_agency_admin_manages_their_agency_only(self) -> None:
        for url in self.agency_pages("PEMPROV-A"):
            self.assertEqual(self.status(self.agency_admin, url), 200, url)
        for url in self.agency_pages("KOTA-B"):
            self.assertEqual(self.status(self.agency_admin, url), 404, url)
        self.assertEqual(self.status(self.agency_admin, "/agencies/new/"), 404)

    def test_the_culture_admin_sees_the_tree_but_not_the_people(self) -> None:
        self.assertContains(self.get(self.culture_admin, "/agencies/PEMPROV-A/"), "Seksi Rujukan")
        self.assertEqual(self.status(self.culture_admin, "/agencies/PEMPROV-A/people/"), 404)
        self.assertEqual(self.status(self.culture_admin, "/agencies/PEMPROV-A/edit/"), 404)
        self.assertEqual(self.status(self.culture_admin, f"/people/{self.participant.pk}/"), 404)

    def test_the_head_of_unit_sees_only_their_subtree(self) -> None:
        page = self.get(self.head, "/agencies/PEMPROV-A/")
        self.assertContains(page, "Seksi Rujukan")
        self.assertNotContains(page, "Sekretariat Daerah")
        people = self.get(self.head, "/agencies/PEMPROV-A/people/")
        self.assertContains(people, "Ani Peserta")  # in Seksi Rujukan, below Dinas Kesehatan
        self.assertNotContains(people, "Admin Instansi")  # at the agency root
        self.assertEqual(self.status(self.head, f"/people/{self.participant.pk}/"), 200)
        self.assertEqual(self.status(self.head, f"/people/{self.agency_admin.pk}/"), 404)
        self.assertEqual(self.status(self.head, f"/people/{self.participant.pk}/edit/"), 404)
        self.assertEqual(self.status(self.head, "/agencies/PEMPROV-A/edit/"), 404)

    def test_the_organiser_sees_enrolled_people_from_any_agency_only(self) -> None:
        self.assertEqual(self.status(self.organiser, f"/people/{self.participant.pk}/"), 200)
        self.assertEqual(self.status(self.organiser, f"/people/{self.participant2.pk}/"), 200)
        self.assertEqual(self.status(self.organiser, f"/people/{self.agency_admin.pk}/"), 404)
        self.assertEqual(self.status(self.organiser, f"/people/{self.participant.pk}/edit/"), 404)
        self.assertEqual(self.status(self.organiser, "/agencies/PEMPROV-A/"), 404)

    def test_the_facilitator_sees_the_people_of_their_batch(self) -> None:
        self.assertEqual(self.status(self.facilitator, f"/people/{self.participant.pk}/"), 200)
        self.assertEqual(self.status(self.facilitator, f"/people/{self.outsider.pk}/"), 404)

    def test_a_participant_sees_only_themself(self) -> None:
        self.assertEqual(self.status(self.participant, f"/people/{self.participant.pk}/"), 200)
        self.assertEqual(self.status(self.participant, f"/people/{self.participant2.pk}/"), 404)
        self.assertEqual(self.status(self.participant, "/agencies/PEMPROV-A/"), 404)

    def test_the_mentor_without_agency_sees_only_themself(self) -> None:
        self.assertEqual(self.status(self.mentor, f"/people/{self.mentor.pk}/"), 200)
        self.assertEqual(self.status(self.mentor, f"/people/{self.participant.pk}/"), 404)

    def test_agency_codes_in_urls_are_case_insensitive(self) -> None:
        self.assertEqual(self.status(self.agency_admin, "/agencies/pemprov-a/"), 200)


class AgencyEditingTests(BaseTestCase):
    def test_the_agency_admin_adds_and_renames_a_unit(self) -> None:
        self.login(self.agency_admin)
        response = self.client.post(
            "/agencies/PEMPROV-A/units/new/", {"parent": self.dinkes.pk, "name": "Bidang P2P"}
        )
        self.assertRedirects(response, "/agencies/PEMPROV-A/")
        unit = self.dinkes.children.get(name="Bidang P2P")
        self.client.post(f"/agencies/PEMPROV-A/units/{unit.pk}/rename/", {"name": "Bidang P3"})
        unit.refresh_from_db()
        self.assertEqual(unit.path, "Dinas Kesehatan/Bidang P3")

    def test_a_duplicate_sibling_is_refused_with_a_message(self) -> None:
        self.login(self.agency_admin)
        response = self.client.post(
            "/agencies/PEMPROV-A/units/new/", {"parent": self.dinkes.pk, "name": "Bidang Pelayanan"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.dinkes.children.filter(name="Bidang Pelayanan").count(), 1)

    def test_a_unit_of_another_agency_cannot_be_chosen_as_parent(self) -> None:
        self.login(self.agency_admin)
        other_root = self.agency_b.units.get(parent__isnull=True)
        response = self.client.post(
            "/agencies/PEMPROV-A/units/new/", {"parent": other_root.pk, "name": "Sisipan"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.agency_b.units.filter(name="Sisipan").exists())

    def test_the_agency_admin_adds_a_person_with_a_bad_nip_and_sees_why(self) -> None:
        self.login(self.agency_admin)
        data = {"nip": "198503142010123003", "name": "Calon", "email": "", "unit": self.dinkes.pk}
        response = self.client.post("/agencies/PEMPROV-A/people/new/", data)
        self.assertContains(response, "15")
        data["nip"] = "198503142010121003"
        response = self.client.post("/agencies/PEMPROV-A/people/new/", data)
        person = self.agency_a.people.get(name="Calon")
        self.assertRedirects(response, f"/people/{person.pk}/")
        self.assertEqual(str(person.birth_date), "1985-03-14")

    def test_a_person_added_in_the_ui_is_invited_to_set_a_password(self) -> None:
        from django.core import mail

        from revmen.front.testing import run_queued_tasks

        self.login(self.agency_admin)
        data = {"nip": "", "name": "Mitra", "email": "mitra@example.go.id", "unit": self.dinkes.pk}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/agencies/PEMPROV-A/people/new/", data)
        person = self.agency_a.people.get(name="Mitra")
        self.assertFalse(person.has_usable_password())
        run_queued_tasks()
        self.assertEqual([m.to for m in mail.outbox], [["mitra@example.go.id"]])
        self.client.post(f"/people/{person.pk}/invite/")
        run_queued_tasks()
        self.assertEqual(len(mail.outbox), 2)

    def test_only_managers_may_send_invitations(self) -> None:
        self.login(self.head)
        self.assertEqual(
            self.client.post(f"/people/{self.participant.pk}/invite/").status_code, 404
        )
        self.login(self.outsider)
        self.assertEqual(
            self.client.post(f"/people/{self.participant.pk}/invite/").status_code, 404
        )

    def test_the_platform_admin_creates_an_agency(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            "/agencies/new/",
            {
                "code": "kab-baru",
                "name": "Kabupaten Baru",
                "kind": "regency",
                "timezone": "Asia/Jayapura",
            },
        )
        self.assertRedirects(response, "/agencies/KAB-BARU/")
