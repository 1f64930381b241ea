"""Results with their outcome and certificate; query counts that do not grow with the rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import TestCase

from revmen.accounts.models import Person
from revmen.accounts.services import person_create
from revmen.api.examples import AGENCY, BATCH, make_examples
from revmen.api.tokens import token_create
from revmen.certificates.services import certificate_issue
from revmen.grading.models import BatchGrading, Grade
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.models import Administration, Invitation
from revmen.instruments.services import response_submit
from revmen.training.models import BatchRole, Enrolment


class ResultTests(TestCase):
    examples: Any
    secret: str

    @classmethod
    def setUpTestData(cls) -> None:
        cls.examples = make_examples()
        _t, cls.secret = token_create(
            person=cls.examples.admin, agency=cls.examples.batch.programme.institute
        )

    @pytest.fixture(autouse=True)
    def _queries(self, django_assert_max_num_queries: Any) -> None:
        self.max_queries = django_assert_max_num_queries

    def get(self, path: str) -> Any:
        response = self.client.get(
            "/api/v1" + path, headers={"Authorization": f"Bearer {self.secret}"}
        )
        assert response.status_code == 200, response.content[:500]
        return response.json()

    def administration(self) -> Administration:
        return Administration.objects.get(batch__code=BATCH, identity="identified")

    def test_results_carry_the_grade_and_the_valid_certificate(self) -> None:
        path = f"/administrations/{self.administration().pk}/results/"
        [row] = self.get(path)["results"]
        assert row["person"] == self.examples.person.pk
        assert row["scores"] == {"TOTAL": 4.0, "BSH": 4.5, "MLY": 3.0}
        assert row["outcome"] is None and row["certificate"] is None
        enrolment = Enrolment.objects.get(batch__code=BATCH, person=self.examples.person)
        Grade.objects.create(
            enrolment=enrolment, outcome="lulus", final_score=Decimal("86.50"),
            predicate="Sangat Memuaskan", attendance=Decimal("95"),
        )  # fmt: skip
        [row] = self.get(path)["results"]
        assert row["outcome"] == {
            "outcome": "lulus", "final_score": 86.5, "predicate": "Sangat Memuaskan",
            "attendance": 95.0, "released": False,
        }  # fmt: skip
        BatchGrading.objects.create(batch=enrolment.batch, released_at=enrolment.created_at)
        cert = certificate_issue(
            enrolment=enrolment, outcome="lulus", predicate="Sangat Memuaskan",
            final_score=Decimal("86.50"), issued_by=self.examples.admin,
        )  # fmt: skip
        [row] = self.get(path)["results"]
        assert row["outcome"]["released"] is True
        assert row["certificate"]["number"] == cert.number
        assert row["certificate"]["status"] == "valid"
        assert row["certificate"]["verify_url"].endswith(cert.token + "/")

    def test_list_pages_take_the_same_queries_for_many_rows(self) -> None:
        administration = self.administration()
        agency = self.examples.batch.programme.institute
        pages = [
            "/agencies/",
            f"/agencies/{AGENCY}/units/",
            "/people/",
            "/people/?updated_since=2020-01-01T00:00:00Z",
            "/batches/",
            f"/batches/{BATCH}/enrolments/",
            f"/batches/{BATCH}/sessions/",
            "/administrations/",
            f"/administrations/{administration.pk}/results/",
            "/waves/",
        ]
        counts = {}
        for path in pages:
            with self.max_queries(14) as captured:
                self.get(path)
            counts[path] = len(captured)
        for i in range(40):
            person = person_create(
                name=f"Peserta {i}", nip=None, agency=agency, email=f"p{i}@contoh.go.id"
            )
            Enrolment.objects.create(
                batch=self.examples.batch, person=person, role=BatchRole.PARTICIPANT
            )
            Invitation.objects.create(administration=administration, person=person)
            response_submit(
                administration=administration, sheet=AnswerSheet(values=[3, 4, 5]), person=person
            )
        assert Person.objects.filter(agency=agency).count() > 40
        for path in pages:
            with self.max_queries(counts[path]):
                body = self.get(path)
            assert body["count"] >= 1, path
