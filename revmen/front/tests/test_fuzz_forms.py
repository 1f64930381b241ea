"""Issue 15, "bad input": every public text entry point (login, the answer pages, the intake
API, the public links) and the forms the personas reach, fed nasty text: never a server
error, a refused form writes nothing, and nothing stored holds what PostgreSQL cannot.

Form bodies are sent as a hostile client would: UTF-8 with surrogates passed through as the
invalid bytes they make (a browser cannot send them at all); the JSON intake gets them as
``\\ud800`` escapes, which JSON allows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import quote, urlencode

from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from revmen.accounts.models import Agency, Person, Unit
from revmen.core.tests.strategies import (
    FUZZ,
    FUZZ_FORM,
    nasty_text,
    row_counts,
    unstorable_rows,
    without_surrogates,
)
from revmen.culture.models import Wave
from revmen.culture.services import tokens_issue, wave_create
from revmen.front.testing import Personas
from revmen.instruments.library import load_library
from revmen.instruments.models import Draft, Response, Version
from revmen.training.models import Batch, Enrolment, Programme, Session

STORED = (Agency, Unit, Person, Programme, Batch, Session, Enrolment, Wave, Draft, Response)


def body(data: dict[str, str]) -> str:
    return urlencode(data, encoding="utf-8", errors="surrogatepass")


def url_part(text: str) -> str:
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


@override_settings(RATELIMIT_ENABLE=False)
class FuzzCase(Personas, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_personas()
        load_library()
        now = timezone.now()
        cls.wave = wave_create(
            agency=cls.agency_a,
            name="Fuzz",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=30),
        )

    def setUp(self) -> None:
        cache.clear()

    def post(self, url: str, data: dict[str, str]) -> Any:
        return self.client.post(url, body(data), content_type="application/x-www-form-urlencoded")

    def assert_no_server_error(self, response: Any, *allowed: int) -> None:
        self.assertLess(response.status_code, 500)
        if allowed:
            self.assertIn(response.status_code, allowed)

    def assert_clean_store(self) -> None:
        self.assertEqual(unstorable_rows(*STORED), [])


class PublicEntryTests(FuzzCase):
    @FUZZ
    @given(nasty_text, nasty_text)
    def test_the_login_form(self, username: str, password: str) -> None:
        before = row_counts()
        response = self.post("/login/", {"username": username, "password": password})
        self.assert_no_server_error(response, 200, 429)
        self.assertEqual(row_counts(), before)

    @FUZZ
    @given(nasty_text, st.sampled_from(["/s/", "/c/", "/t/", "/api/answers/", "/invitation/x/"]))
    def test_the_public_links_with_any_text_in_the_path(self, key: str, prefix: str) -> None:
        response = self.client.get(f"{prefix}{url_part(key)}/")
        self.assert_no_server_error(response)

    @FUZZ
    @given(nasty_text, nasty_text)
    def test_the_query_string_of_a_public_page(self, name: str, value: str) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        query = urlencode({name: value, "s": value}, encoding="utf-8", errors="surrogatepass")
        for url in [f"/t/{token}/?{query}", f"/c/{self.wave.administration.public_key}/?{query}"]:
            self.assert_no_server_error(self.client.get(url))

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["T1", "T2", "BP1", "OV1", "unit"]), nasty_text))
    def test_the_answer_pages_save_a_draft_or_say_why(self, fields: dict[str, str]) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        for step in range(0, 4):
            response = self.post(f"/t/{token}/?s={step}", fields)
            self.assert_no_server_error(response, 200, 302)
        response = self.post(f"/t/{token}/?s=99", {"submit": "1", **fields})
        self.assert_no_server_error(response, 200, 302)
        choose = self.post(f"/c/{self.wave.administration.public_key}/", fields)
        self.assert_no_server_error(choose, 200, 302)
        self.assert_clean_store()

    @FUZZ
    @given(
        st.dictionaries(st.sampled_from(["T1", "T2", "BP1", "OV1", "x"]), nasty_text),
        st.sampled_from(["form", "json", "multipart"]),
    )
    def test_the_intake_api(self, fields: dict[str, str], kind: str) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        items = self.wave.administration.version.items.all()
        data = {i.code: "4" if i.kind == "likert" else "1" for i in items if not i.is_text}
        data.update(fields)
        url = f"/api/answers/{token}/"
        before = Response.objects.count()
        if kind == "json":
            response = self.client.post(url, json.dumps(data), content_type="application/json")
        elif kind == "form":
            response = self.post(url, data)
        else:
            sent = {k: without_surrogates(v) for k, v in data.items()}  # multipart, as browsers do
            response = self.client.post(url, sent)
        self.assert_no_server_error(response, 201, 400)
        if response.status_code == 400:
            self.assertEqual(Response.objects.count(), before)
            self.assertTrue(response.json()["errors"])
        self.assert_clean_store()


# Logged-in forms: (persona, url, a valid filling). Each field in turn may get nasty text.
FORMS: dict[str, tuple[str, Callable[[Any], str], dict[str, Callable[[Any], str]]]] = {
    "agency_create": (
        "admin",
        lambda t: "/agencies/new/",
        {
            "code": lambda t: "FZ-1",
            "name": lambda t: "Dinas Uji",
            "kind": lambda t: "other",
            "timezone": lambda t: "Asia/Jakarta",
        },
    ),
    "agency_edit": (
        "admin",
        lambda t: f"/agencies/{t.agency_a.code}/edit/",
        {
            "name": lambda t: "Provinsi A",
            "kind": lambda t: "province",
            "timezone": lambda t: "Asia/Jakarta",
        },
    ),
    "unit_create": (
        "admin",
        lambda t: f"/agencies/{t.agency_a.code}/units/new/",
        {"name": lambda t: "Bidang Baru", "parent": lambda t: str(t.dinkes.pk)},
    ),
    "unit_rename": (
        "admin",
        lambda t: f"/agencies/{t.agency_a.code}/units/{t.seksi.pk}/rename/",
        {"name": lambda t: "Seksi Baru"},
    ),
    "person_create": (
        "admin",
        lambda t: f"/agencies/{t.agency_a.code}/people/new/",
        {
            "nip": lambda t: "",
            "name": lambda t: "Budi Santoso",
            "email": lambda t: "budi@example.org",
            "birth_place": lambda t: "Palu",
            "jabatan": lambda t: "Analis",
            "pangkat_golongan": lambda t: "III/a",
        },
    ),
    "person_edit": (
        "admin",
        lambda t: f"/people/{t.participant.pk}/edit/",
        {"name": lambda t: "Peserta Satu", "jabatan": lambda t: "Analis"},
    ),
    "profile": ("participant", lambda t: "/profile/", {"timezone": lambda t: ""}),
    "programme_create": (
        "organiser",
        lambda t: "/programmes/new/",
        {
            "institute": lambda t: str(t.institute.pk),
            "code": lambda t: "FZ-PRM",
            "name": lambda t: "Pelatihan Uji",
            "description": lambda t: "Uraian",
        },
    ),
    "agenda_add": (
        "organiser",
        lambda t: f"/programmes/{t.batch.programme.code}/agendas/",
        {"name": lambda t: "Agenda Uji"},
    ),
    "scheme_edit": (
        "organiser",
        lambda t: f"/programmes/{t.batch.programme.code}/scheme/",
        {
            "components": lambda t: "Sikap = 100",
            "bands": lambda t: "Baik > 80",
            "pass_mark": lambda t: "60",
            "min_attendance": lambda t: "80",
        },
    ),
    "batch_create": (
        "organiser",
        lambda t: f"/programmes/{t.batch.programme.code}/batches/new/",
        {
            "code": lambda t: "FZ-B1",
            "name": lambda t: "Angkatan Uji",
            "start_date": lambda t: "2027-01-04",
            "end_date": lambda t: "2027-01-08",
            "mode": lambda t: "blended",
        },
    ),
    "participant_add": (
        "organiser",
        lambda t: f"/batches/{t.batch.code}/enrol/add/",
        {
            "nip": lambda t: "199001012015032001",
            "nama": lambda t: "Ani",
            "instansi": lambda t: t.agency_a.code,
            "unit": lambda t: "",
        },
    ),
    "mentor_set": (
        "organiser",
        lambda t: f"/batches/{t.batch.code}/staff/mentors/",
        {
            "participant": lambda t: str(t.batch.enrolments.filter(role="peserta")[0].pk),
            "nip": lambda t: "",
            "name": lambda t: "Mentor Uji",
            "email": lambda t: "mentor@example.org",
        },
    ),
    "session_create": (
        "organiser",
        lambda t: f"/batches/{t.batch.code}/sessions/new/",
        {
            "title": lambda t: "Sesi Uji",
            "day": lambda t: "2026-11-25",
            "starts": lambda t: "08:00",
            "ends": lambda t: "10:00",
            "zone": lambda t: "Asia/Jakarta",
            "jp": lambda t: "2",
            "room": lambda t: "Aula",
        },
    ),
    "wave_create": (
        "culture_admin",
        lambda t: f"/culture/{t.agency_a.code}/new/",
        {
            "name": lambda t: "Gelombang Uji",
            "opens_at": lambda t: "2027-01-04T08:00",
            "closes_at": lambda t: "2027-02-04T08:00",
            "min_group_size": lambda t: "5",
            "min_comment_group": lambda t: "10",
        },
    ),
    # --- learning ---
    "programme_materials": (
        "organiser",
        lambda t: f"/programmes/{t.batch.programme.code}/materials/",
        {
            "kind": lambda t: "story",
            "title": lambda t: "Kisah Uji",
            "description": lambda t: "Uraian",
            "url": lambda t: "https://example.org/kisah",
            "values": lambda t: "BP",
        },
    ),
    "commitments": (
        "participant",
        lambda t: f"/batches/{t.batch.code}/commitments/",
        {"BP": lambda t: "Melayani dengan senyum.", "AK": lambda t: "Jujur."},
    ),
    # --- projects ---
    "project_create": (
        "participant",
        lambda t: f"/projects/new/{t.participant.enrolments.get(batch=t.batch).pk}/",
        {
            "title": lambda t: "Rujukan satu hari",
            "problem": lambda t: "Antrean lama",
            "baseline": lambda t: "3,4 hari",
            "baseline_figure": lambda t: "3.4",
            "goal": lambda t: "Satu hari",
            "values": lambda t: "BP",
            "stakeholders": lambda t: "Petugas loket",
        },
    ),
    # --- grading --- (its rating, objection and score forms: grading/tests/test_fuzz.py)
    "grading_settings": (
        "organiser",
        lambda t: f"/grading/{t.batch.code}/settings/",
        {
            "combine_rule": lambda t: "mean",
            "disagreement_gap": lambda t: "20",
            "deferral_days": lambda t: "30",
            "objection_days": lambda t: "7",
            "min_group_size": lambda t: "5",
        },
    ),
    # --- instruments: answers collected elsewhere (the file itself: test_transfer_pages.py)
    "responses_import": (
        "organiser",
        lambda t: "/instruments/SKM/responses/import/",
        {
            "version": lambda t: str(Version.objects.filter(instrument__code="SKM").first().pk),
            "source": lambda t: "google-forms",
            "title": lambda t: "Survei lama",
        },
    ),
    # --- followup --- (the peer form has its own test: revmen/followup/tests/test_fuzz.py)
    "followup_plan": (
        "organiser",
        lambda t: f"/programmes/{t.batch.programme.code}/followup/",
        {
            "offsets": lambda t: "3,6",
            "window_days": lambda t: "21",
            "reminder_every_days": lambda t: "7",
        },
    ),
}


class LoggedInFormTests(FuzzCase):
    def fuzz_form(self, name: str, field: int, nasty: str, extra: str) -> None:
        persona, url, filling = FORMS[name]
        data = {key: value(self) for key, value in filling.items()}
        key = sorted(data)[field % len(data)]
        data[key] = nasty
        data["unexpected"] = extra
        self.client.force_login(getattr(self, persona))
        before = row_counts()
        response = self.post(url(self), data)
        self.assert_no_server_error(response, 200, 302)
        if response.status_code == 200:  # the form again, with its errors: nothing written
            self.assertEqual(row_counts(), before, name)
        self.assert_clean_store()


def _fuzz_test(name: str) -> Callable[..., None]:
    @FUZZ_FORM
    @given(field=st.integers(0, 20), nasty=nasty_text, extra=nasty_text)
    def test(self: LoggedInFormTests, field: int, nasty: str, extra: str) -> None:
        self.fuzz_form(name, field, nasty, extra)

    test.__name__ = f"test_the_{name}_form"
    return test


for _name in FORMS:
    setattr(LoggedInFormTests, f"test_the_{_name}_form", _fuzz_test(_name))
