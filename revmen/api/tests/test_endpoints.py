"""The resources: pagination, filters, enrolment by NIP, results, culture reports, errors."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.utils import timezone

from revmen.accounts.models import Person
from revmen.accounts.services import person_update
from revmen.culture.report import build_report
from revmen.culture.tests.test_waves import import_tree_wave
from revmen.training.models import BatchRole, Enrolment, Session

from .base import ApiTestCase

ENROL = "/batches/PRM-T-I/enrolments/"


class ListTests(ApiTestCase):
    def test_it_pages_in_one_envelope(self) -> None:
        first = self.call("GET", "/people/?limit=1", self.agency_token).json()
        assert list(first) == ["count", "next", "previous", "results"]
        assert first["count"] >= 3 and len(first["results"]) == 1 and first["previous"] is None
        assert "offset=1" in first["next"] and "limit=1" in first["next"]
        second = self.client.get(
            first["next"], headers={"Authorization": f"Bearer {self.agency_token}"}
        ).json()
        assert second["results"][0]["id"] != first["results"][0]["id"]
        assert "offset=0" in second["previous"]

    def test_people_updated_since_follows_the_audit_trail(self) -> None:
        # The audit trail is append-only (a trigger on PostgreSQL): the moment is taken now,
        # after everyone joined, and the change below is recorded after it.
        since = timezone.now().isoformat().replace("+00:00", "Z")
        url = "/people/?updated_since=" + since.replace(":", "%3A")
        assert self.call("GET", url, self.agency_token).json()["count"] == 0
        person = Person.objects.get(pk=self.participant.pk)
        person_update(person=person, actor=self.agency_admin, jabatan="Analis")
        body = self.call("GET", url, self.agency_token).json()
        assert [p["id"] for p in body["results"]] == [self.participant.pk]
        assert body["results"][0]["jabatan"] == "Analis"

    def test_filters_and_invalid_parameters(self) -> None:
        body = self.call("GET", f"/people/?nip={self.participant.nip}", self.agency_token).json()
        assert [p["id"] for p in body["results"]] == [self.participant.pk]
        problem = self.assert_problem(
            self.call("GET", "/people/?limit=0&updated_since=gestern", self.agency_token), 422
        )
        fields = {e["field"] for e in problem["errors"]}
        assert {"query.limit", "query.updated_since"} <= fields

    def test_unknown_paths_and_methods_are_problems_too(self) -> None:
        self.assert_problem(self.call("GET", "/nothing/", self.agency_token), 404)
        response = self.call("DELETE", "/agencies/", self.agency_token)
        self.assert_problem(response, 405)
        assert "GET" in response["Allow"]
        self.assert_problem(self.call("GET", "/people/99999999999/", self.agency_token), 422)

    def test_sessions_and_attendance(self) -> None:
        now = timezone.now()
        session = Session.objects.create(
            batch=self.batch, title="Sesi 1", starts_at=now - timedelta(hours=3),
            ends_at=now - timedelta(hours=1), jp=2,
        )  # fmt: skip
        sessions = self.call("GET", "/batches/PRM-T-I/sessions/", self.organiser_read).json()
        assert [s["id"] for s in sessions["results"]] == [session.pk]
        path = f"/batches/PRM-T-I/sessions/{session.pk}/attendance/"
        marks = self.call("GET", path, self.organiser_read).json()["results"]
        assert {m["person"] for m in marks} == {self.participant.pk, self.participant2.pk}
        assert {m["status"] for m in marks} == {"absent"}
        self.assert_problem(self.call("GET", path, self.agency_token), 404)


class EnrolmentTests(ApiTestCase):
    def test_it_enrols_new_people_and_matches_known_nips_without_changing_them(self) -> None:
        body = {
            "people": [
                {"nip": "199303032018011003", "nama": "Dewi Baru", "instansi": "KOTA-B"},
                # a known NIP (Rudi) with another name and agency: matched, never overwritten
                {"nip": self.participant2.nip, "nama": "Rudy Lain", "instansi": "PEMPROV-A"},
            ]
        }
        response = self.call("POST", ENROL, self.organiser_token, body)
        assert response.status_code == 200, response.content
        result = response.json()
        assert (result["created"], result["matched"], result["already"]) == (1, 0, 1)
        assert result["written"] is True
        [warning] = result["warnings"]
        assert "nama" in warning and "instansi" in warning
        for stored in ("Rudi", "KOTA-B", self.participant2.email):
            assert stored not in warning
        rudi = Person.objects.get(pk=self.participant2.pk)
        assert (rudi.name, rudi.agency_id) == ("Rudi Peserta", self.agency_b.pk)
        assert Enrolment.objects.filter(
            batch=self.batch, person__nip="199303032018011003", role=BatchRole.PARTICIPANT
        ).exists()
        again = self.call("POST", ENROL, self.organiser_token, body).json()
        assert (again["created"], again["already"]) == (0, 2)

    def test_bad_rows_enrol_nobody_and_name_the_columns(self) -> None:
        body = {
            "people": [
                {"nip": "199303032018011003", "nama": "Dewi", "instansi": "KOTA-B"},
                {"nip": "123", "nama": "X", "instansi": "TIDAK-ADA"},
            ]
        }
        problem = self.assert_problem(self.call("POST", ENROL, self.organiser_token, body), 422)
        assert {(e["row"], e["column"]) for e in problem["errors"]} == {
            (3, "nip"),
            (3, "instansi"),
        }
        assert not Person.objects.filter(nip="199303032018011003").exists()
        only = self.call("POST", ENROL, self.organiser_token, {**body, "only_valid": True})
        assert only.status_code == 200 and only.json()["created"] == 1

    def test_a_body_that_does_not_validate_is_a_422_per_field(self) -> None:
        problem = self.assert_problem(
            self.call("POST", ENROL, self.organiser_token, {"people": [{"nip": 5}]}), 422
        )
        assert any(e["field"].startswith("body.payload.people.0") for e in problem["errors"])
        nul = {"people": [{"nip": "199303032018011003", "nama": "A\x00", "instansi": "KOTA-B"}]}
        self.assert_problem(self.call("POST", ENROL, self.organiser_token, nul), 422)

    def test_another_institute_cannot_enrol(self) -> None:
        body = {"people": [{"nip": "199303032018011003", "nama": "Dewi", "instansi": "KOTA-B"}]}
        self.assert_problem(self.call("POST", ENROL, self.other_token, body), 404)


class CultureReportTests(ApiTestCase):
    def test_the_report_hides_exactly_what_the_page_hides(self) -> None:
        wave = import_tree_wave("Gelombang API", "--date", "2026-03-01")
        response = self.call("GET", f"/waves/{wave.pk}/report/", self.agency_token)
        assert response.status_code == 200, response.content
        data = response.json()
        expected = build_report(wave)
        assert [u["unit"] for u in data["units"]] == [row.unit.pk for row in expected.rows]
        hidden = [u for u in data["units"] if not u["shown"]]
        assert hidden, "the TREE wave has suppressed units"
        for unit in data["units"]:
            assert (unit["scores"] is None) == (not unit["shown"])
            assert unit["n"] == next(r.n for r in expected.rows if r.unit.pk == unit["unit"])
        # the page, as the same agency admin sees it
        self.login(self.agency_admin)
        page = self.client.get(f"/culture/waves/{wave.pk}/report/").content.decode()
        shown_on_page = dict(re.findall(r'data-unit="([^"]*)" data-shown="([01])"', page))
        assert shown_on_page == {u["path"]: "1" if u["shown"] else "0" for u in data["units"]}
        assert data["comments"] == expected.comments

    def test_an_open_wave_has_no_report_yet_and_others_see_nothing(self) -> None:
        wave = import_tree_wave("Gelombang API", "--date", "2026-03-01")
        self.assert_problem(self.call("GET", f"/waves/{wave.pk}/report/", self.other_token), 404)
        self.assert_problem(self.call("GET", f"/waves/{wave.pk}/", self.organiser_read), 404)
        wave.closed_at = None
        wave.save()
        self.assert_problem(self.call("GET", f"/waves/{wave.pk}/report/", self.agency_token), 409)


class DocumentTests(ApiTestCase):
    def test_the_document_and_the_docs_need_no_login(self) -> None:
        response = self.client.get("/api/openapi.json")
        assert response.status_code == 200
        document = json.loads(response.content)
        assert document["openapi"].startswith("3.")
        assert "/api/answers/{token}/" in document["paths"]
        page = self.client.get("/api/docs/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "/static/ninja/swagger-ui-bundle.js" in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline scripts"
        assert "//cdn" not in html and "unpkg" not in html

    def test_every_operation_documents_its_errors_as_problems(self) -> None:
        document = json.loads(self.client.get("/api/openapi.json").content)
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                codes = set(operation["responses"])
                assert "429" in codes, (path, method)
                if path.startswith("/api/v1/"):
                    assert {"401", "422"} <= codes, (path, method)
                    for code, response in operation["responses"].items():
                        if int(code) >= 400:
                            assert list(response["content"]) == ["application/problem+json"]
                    if method != "get":
                        assert "403" in codes

    def test_no_operation_reads_journals(self) -> None:
        # Journals are readable only by their writer, the batch facilitators and the group
        # coach: never by an agency or institute token, so no path or schema names them.
        document = self.client.get("/api/openapi.json").content.decode().lower()
        assert "journal" not in document and "jurnal" not in document
