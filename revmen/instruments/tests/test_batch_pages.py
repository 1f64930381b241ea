from __future__ import annotations

from revmen.front.testing import BaseTestCase
from revmen.instruments.models import Administration

from .helpers import attitude_version


class BatchQuestionnaireTests(BaseTestCase):
    def setUp(self) -> None:
        self.version = attitude_version()
        self.url = f"/batches/{self.batch.code}/questionnaires/"

    def status(self, person) -> int:  # type: ignore[no-untyped-def]
        self.login(person)
        return self.client.get(self.url).status_code

    def test_who_may_see_the_batch_questionnaires(self) -> None:
        self.assertEqual(self.status(self.organiser), 200)
        self.assertEqual(self.status(self.admin), 200)
        self.assertEqual(self.status(self.facilitator), 200)
        for person in (
            self.participant,
            self.mentor,
            self.outsider,
            self.agency_admin,
            self.head,
            self.culture_admin,
        ):
            self.assertEqual(self.status(person), 404, person.name)

    def test_the_organiser_opens_a_pre_test_for_the_participants(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            self.url,
            {
                "version": self.version.pk,
                "title": "Pre-test",
                "purpose": "pre",
                "audience": "participants",
                "subject": "none",
                "identity": "identified",
                "opens_at": "2026-11-01T08:00",
                "closes_at": "2026-12-31T17:00",
            },
        )
        self.assertRedirects(response, self.url)
        administration = Administration.objects.get()
        self.assertEqual(administration.invitations.count(), 2)
        self.assertEqual(administration.opens_at.hour, 1)  # 08:00 WIB = 01:00 UTC
        self.assertContains(self.client.get(self.url), "0 / 2")

    def test_a_facilitator_may_look_but_not_open(self) -> None:
        self.login(self.facilitator)
        response = self.client.post(self.url, {"title": "x"})
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Administration.objects.exists())

    def test_the_window_must_close_after_it_opens(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            self.url,
            {
                "version": self.version.pk,
                "title": "Pre-test",
                "purpose": "pre",
                "audience": "participants",
                "subject": "none",
                "identity": "identified",
                "opens_at": "2026-11-02T08:00",
                "closes_at": "2026-11-01T17:00",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Administration.objects.exists())

    def test_an_open_link_must_be_anonymous_and_shows_its_link(self) -> None:
        self.login(self.organiser)
        data = {
            "version": self.version.pk,
            "title": "Evaluasi terbuka",
            "purpose": "evaluation",
            "audience": "open_link",
            "subject": "none",
            "identity": "identified",
            "opens_at": "2026-11-01T08:00",
            "closes_at": "2026-12-31T17:00",
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 200)
        self.assertFalse(Administration.objects.exists())
        data["identity"] = "anonymous"
        self.assertRedirects(self.client.post(self.url, data), self.url)
        administration = Administration.objects.get()
        self.assertContains(self.client.get(self.url), f"/s/{administration.public_key}/")

    def test_chosen_people_of_the_batch_can_be_asked(self) -> None:
        self.login(self.organiser)
        data = {
            "version": self.version.pk,
            "title": "Umpan balik",
            "purpose": "follow_up",
            "audience": "people",
            "subject": "none",
            "identity": "confidential",
            "opens_at": "2026-11-01T08:00",
            "closes_at": "2026-12-31T17:00",
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 200)  # nobody chosen
        data["people"] = [self.mentor.pk, self.participant.pk]
        self.assertRedirects(self.client.post(self.url, data), self.url)
        invited = set(Administration.objects.get().invitations.values_list("person", flat=True))
        self.assertEqual(invited, {self.mentor.pk, self.participant.pk})
        data["people"] = [self.outsider.pk]  # not in this batch
        self.assertEqual(self.client.post(self.url, data).status_code, 200)
