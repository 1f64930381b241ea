"""The authorisation matrix: every URL pattern, asked by every persona, on real objects.

The expectations are in ``authorisation_matrix.py`` (written from the roles' rules); a URL
pattern without an entry there fails ``test_it_has_an_entry_for_every_url_pattern``. Each
request runs inside a transaction rolled back at once, so a POST (or a GET that hands out a
token) changes nothing the next request sees.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpResponse
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from revmen.accounts.models import AgencyKind, CorrectionRequest, Person, RoleKind
from revmen.accounts.services import agency_create, role_grant
from revmen.core.models import Job
from revmen.culture.exports import PDF_KIND
from revmen.culture.services import wave_close, wave_create
from revmen.front.testing import Personas
from revmen.instruments.datasets import EXPORT_KIND as RESPONSES_KIND
from revmen.instruments.jobs import RESPONSES_IMPORT
from revmen.instruments.library import load_definition, load_library
from revmen.instruments.models import Administration, Instrument, Version
from revmen.instruments.services import administration_create, open_link_token
from revmen.instruments.tests.helpers import ATTITUDE
from revmen.training.models import Batch, BatchRole, Enrolment, Group, Programme, Session

from . import authorisation_matrix as matrix
from .authorisation_matrix import ALLOWED, ANONYMOUS, LOGIN, MATRIX, REDIRECT, Entry, Expected


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    namespace: str | None

    @property
    def key(self) -> str:
        return self.name or self.route


def routes(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str | None = None
) -> Iterator[Route]:
    """Every URL pattern of the project, included ones too, with its whole route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, route, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield Route(route, pattern.name, namespace)


def exclusion(route: Route) -> str | None:
    """Why a routed pattern is left out of the matrix, or None."""
    if settings.ADMIN_PATH and route.route.startswith(settings.ADMIN_PATH):
        return matrix.ADMIN_REASON
    if route.namespace == "admin":
        return matrix.ADMIN_REASON
    for prefix in (settings.STATIC_URL, settings.MEDIA_URL):
        if prefix and route.route.startswith(str(prefix).lstrip("/")):
            return matrix.STATIC_REASON
    return None


def outcome(response: HttpResponse) -> Expected:
    """The response in the matrix's terms: a status, or LOGIN / REDIRECT for a 302."""
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return LOGIN
        return REDIRECT
    return response.status_code


@contextmanager
def quiet_requests() -> Iterator[None]:
    """Hundreds of expected 404s and 405s: keep Django's warning per request out of the log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def agrees(expected: Expected, got: Expected) -> bool:
    if expected == ALLOWED:
        return got not in (LOGIN, 403, 404, 405) and not (isinstance(got, int) and got >= 500)
    return expected == got


def sheet_values(version: Version) -> dict[str, str]:
    """A complete, valid answer sheet for ``version``'s items (middle of every scale)."""
    values = {}
    for item in version.items.all():
        if item.kind == "likert":
            values[item.code] = str(((item.points or 5) + 1) // 2)
        elif item.kind in ("long_text", "short_text", "text"):
            values[item.code] = "Baik."
    return values


class Objects(Personas):
    """The personas of ``front/testing.py`` and what the matrix adds: a coach, another
    institute with its organiser, batch and participant, and one real object for every URL."""

    coach: Person
    other_organiser: Person
    other_participant: Person
    dual: Person
    programme: Programme
    other_batch: Batch
    session: Session
    group: Group
    peer_enrolment: Enrolment
    instrument: Instrument
    post_administration: Any
    answer_token: str
    full_sheet: dict[str, str]
    open_key: str
    wave: Any
    closed_wave: Any
    wave_key: str
    import_job: Job
    enrol_job: Job
    pdf_job: Job
    impact_job: Job
    responses_job: Job
    map_job: Job
    imported: Administration
    correction: CorrectionRequest
    invitation_uid: str
    invitation_token: str

    @classmethod
    def make_objects(cls) -> None:
        cls.make_personas()
        make = cls.make_person
        cls.coach = make("Coach Uji", "197808082003121008", cls.institute)
        Enrolment.objects.create(batch=cls.batch, person=cls.coach, role=BatchRole.COACH)
        cls.programme = cls.batch.programme
        cls.peer_enrolment = Enrolment.objects.get(batch=cls.batch, person=cls.participant2)
        other_institute = agency_create(
            code="BPSDM-LAIN", name="BPSDM Lain", kind=AgencyKind.INSTITUTE
        )
        cls.other_organiser = make("Organiser Lain", "198109092007012009", other_institute)
        role_grant(person=cls.other_organiser, kind=RoleKind.ORGANISER, agency=other_institute)
        other_programme = Programme.objects.create(
            institute=other_institute, code="PRM-L", name="Pelatihan Lain"
        )
        cls.other_batch = Batch.objects.create(
            programme=other_programme,
            code="PRM-L-I",
            name="Angkatan Lain",
            start_date=cls.batch.start_date,
            end_date=cls.batch.end_date,
        )
        cls.other_participant = make("Peserta Lain", "199203032017012003", cls.agency_c)
        Enrolment.objects.create(
            batch=cls.other_batch, person=cls.other_participant, role=BatchRole.PARTICIPANT
        )
        # Enrolled at both institutes: whose organisers see which enrolment (finding 8).
        cls.dual = make("Dua Institut", "199304042018011004", cls.agency_b)
        for batch in (cls.batch, cls.other_batch):
            Enrolment.objects.create(batch=batch, person=cls.dual, role=BatchRole.PARTICIPANT)
        cls.make_training_objects()
        cls.make_instrument_objects()
        cls.make_culture_objects()
        cls.make_learning_objects()
        cls.make_grading_objects()
        # --- certificates ---
        from revmen.certificates.jobs import ZIP_KIND
        from revmen.certificates.services import certificate_issue

        cls.certificate = certificate_issue(
            enrolment=cls.peer_enrolment,
            outcome="lulus",
            predicate="Memuaskan",
            final_score=None,
            issued_by=cls.organiser,
        )
        cls.certificate_zip_job = Job.objects.create(kind=ZIP_KIND, owner=cls.organiser)
        cls.make_projects_objects()
        # --- service ---
        from revmen.service.tests.helpers import make_service_unit, publish_standard
        from revmen.service.tests.helpers import open_period as open_skm_period

        cls.service_unit = make_service_unit(cls.dinkes, slug="dinkes-a")
        publish_standard(cls.service_unit, cls.head)
        cls.skm_period = open_skm_period(cls.service_unit)
        cls.complaint = cls.service_unit.complaints.create(
            tracking_code="MATRIX2345", submit_key="matrix", kind="complaint", text="Antre lama"
        )
        from revmen.service.services import kiosk_pairing_code

        _kiosk, cls.kiosk_code = kiosk_pairing_code(
            service_unit=cls.service_unit, name="Loket", by=cls.head
        )
        # --- end service ---
        # --- api ---
        from revmen.api.tokens import token_create

        cls.api_token, agency_secret = token_create(person=cls.agency_admin, agency=cls.agency_a)
        _t, organiser_secret = token_create(person=cls.organiser, agency=cls.institute, write=True)
        cls.api_secrets = {"agency_admin": agency_secret, "organiser": organiser_secret}
        # --- end api ---
        # --- followup ---
        from revmen.followup.services import peer_add, peer_token, round_open

        cls.followup_round = round_open(
            enrolment=Enrolment.objects.get(
                batch=cls.batch, person=cls.participant, role="peserta"
            ),
            offset_months=3,
            opens_on=timezone.localdate(),
        )
        cls.followup_peer_token = peer_token(
            peer_add(
                round_=cls.followup_round, by=cls.participant, name="Rekan", email="rekan@x.id"
            )
        )
        # Invited: someone who never logs in here (a login would spend the link).
        cls.invitation_uid = urlsafe_base64_encode(force_bytes(cls.dual.pk))
        cls.invitation_token = default_token_generator.make_token(cls.dual)

    @classmethod
    def make_training_objects(cls) -> None:
        start = timezone.now() - timedelta(hours=1)
        cls.session = Session.objects.create(
            batch=cls.batch,
            title="Nilai dasar",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            jp=2,
        )
        cls.group = Group.objects.create(batch=cls.batch, name="Kelompok 1", coach=cls.coach)
        cls.enrol_job = Job.objects.create(
            kind="enrolment",
            owner=cls.organiser,
            filename="peserta.xlsx",
            params={"options": {"batch_id": cls.batch.pk, "dry_run": True}},
        )
        cls.import_job = Job.objects.create(
            kind="instrument", owner=cls.organiser, filename="instrumen.xlsx"
        )

    @classmethod
    def make_instrument_objects(cls) -> None:
        load_definition({**ATTITUDE, "code": "SIKAP-MATRIKS"}, builtin=False)
        cls.instrument = Instrument.objects.get(code="SIKAP-MATRIKS")
        cls.instrument.owner = cls.institute
        cls.instrument.save(update_fields=["owner"])
        version = cls.instrument.versions.get(number=1)
        now = timezone.now()
        window = {"opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=7)}
        for purpose in ("pre", "post"):
            administration = administration_create(
                version=version,
                title=f"Sikap ({purpose})",
                purpose=purpose,
                audience="participants",
                identity="identified",
                batch=cls.batch,
                **window,
            )
        cls.post_administration = administration
        open_administration = administration_create(
            version=version,
            title="Tautan terbuka",
            audience="open_link",
            identity="anonymous",
            **window,
        )
        assert open_administration.public_key
        cls.open_key = open_administration.public_key
        cls.answer_token = open_link_token(administration=open_administration)
        cls.full_sheet = sheet_values(version)

    @classmethod
    def make_culture_objects(cls) -> None:
        load_library()
        now = timezone.now()
        window = {"opens_at": now - timedelta(hours=1), "closes_at": now + timedelta(days=7)}
        cls.wave = wave_create(
            agency=cls.agency_a, name="Gelombang I", created_by=cls.culture_admin, **window
        )
        cls.wave_key = cls.wave.administration.public_key
        closed = wave_create(
            agency=cls.agency_a, name="Gelombang 0", created_by=cls.culture_admin, **window
        )
        cls.closed_wave = wave_close(wave=closed, wait=True)
        assert cls.closed_wave.is_closed
        cls.pdf_job = Job.objects.create(kind=PDF_KIND, owner=cls.culture_admin)
        cls.responses_job = Job.objects.create(kind=RESPONSES_KIND, owner=cls.organiser)
        version = cls.instrument.versions.get(number=1)
        cls.map_job = Job.objects.create(
            kind=RESPONSES_IMPORT,
            owner=cls.organiser,
            filename="jawaban.csv",
            content=b"Timestamp,Pertanyaan\n2025-01-06 10:00:00,4\n",
            params={
                "only_valid": False,
                "options": {
                    "version_id": version.pk,
                    "source": "google-forms",
                    "title": "Impor",
                    "created_by_id": cls.organiser.pk,
                },
            },
        )
        cls.imported = Administration.objects.create(
            version=version,
            title="Diimpor",
            audience="imported",
            identity="anonymous",
            created_by=cls.organiser,
            opens_at=timezone.now() - timedelta(days=30),
            closes_at=timezone.now() - timedelta(days=1),
        )
        # A reminder already sent for the open wave, so its progress page has something to show.
        Job.objects.create(
            kind="culture.remind",
            owner=cls.culture_admin,
            target=f"culture.wave:{cls.wave.pk}:unit:{cls.seksi.pk}",
            params={"wave": cls.wave.pk, "unit": cls.seksi.pk},
        )
        cls.correction = CorrectionRequest.objects.create(
            person=cls.participant, field="name", correct_value="Ani Peserta, S.Sos."
        )

    # --- learning ---
    @classmethod
    def make_learning_objects(cls) -> None:
        from revmen.learning.models import Material, Prompt
        from revmen.learning.services import entry_save

        Enrolment.objects.filter(batch=cls.batch, person=cls.participant).update(group=cls.group)
        cls.material = Material.objects.create(
            programme=cls.programme,
            kind="reading",
            title="Bacaan",
            file_name="bacaan.pdf",
            file_type="application/pdf",
            file_size=8,
            file_content=b"%PDF-1.4",
        )
        cls.material.sessions.add(cls.session)
        cls.prompt = Prompt.objects.create(
            session=cls.session, text="Apa yang Anda rasakan?", deadline=cls.session.ends_at
        )
        cls.entry = entry_save(prompt=cls.prompt, person=cls.participant, text="Saya terharu.")

    # --- grading ---
    @classmethod
    def make_grading_objects(cls) -> None:
        from revmen.grading import services as grading
        from revmen.grading.links import rating_token
        from revmen.grading.models import Rubric
        from revmen.grading.testing import scheme_make

        components = scheme_make(cls.batch)
        grading.rubrics_open(batch=cls.batch, by=cls.organiser)
        cls.attitude_rubric = Rubric.objects.get(batch=cls.batch, component=components["sikap"])
        cls.grading_link_token = rating_token(cls.attitude_rubric, cls.facilitator)
        grading.grades_compute(batch=cls.batch)
        grading.grades_release(batch=cls.batch, by=cls.organiser)
        cls.grade = cls.participant.enrolments.get(batch=cls.batch).grade
        cls.objection = grading.objection_file(
            grade=cls.grade, text="Mohon ditinjau", by=cls.participant
        )
        cls.grading_job = Job.objects.create(kind="grading.report_pdf", owner=cls.organiser)
        cls.impact_job = Job.objects.create(kind="impact.pdf", owner=cls.organiser)

    # --- projects ---
    @classmethod
    def make_projects_objects(cls) -> None:
        """Ani's change project: approved once, a milestone reported (waiting for the mentor),
        then changed and submitted again (v2 waiting for the mentor); a document, evidence and
        a team member; the mentor's two live links."""
        from revmen.projects import links as project_links
        from revmen.projects import services as projects

        enrolment = Enrolment.objects.get(batch=cls.batch, person=cls.participant)
        enrolment.mentor, enrolment.group = cls.mentor, cls.group
        enrolment.save(update_fields=["mentor", "group"])
        data = {"title": "Rujukan", "problem": "Lama", "baseline": "3 hari", "goal": "1 hari"}
        plan = projects.plan_create(enrolment=enrolment, actor=cls.participant, data=data)
        cls.project_milestone = projects.milestone_add(
            plan=plan,
            actor=cls.participant,
            term="short",
            title="SOP",
            indicator="Hari",
            target_date=timezone.localdate() + timedelta(days=30),
        )
        cls.project_member = projects.team_add(plan=plan, actor=cls.participant, name="Rekan")
        cls.project_file = projects.attachment_add(
            plan=plan,
            actor=cls.participant,
            kind="document",
            filename="r.pdf",
            content=b"%PDF-1.4\n%%EOF\n",
        )
        projects.plan_submit(plan=plan, actor=cls.participant)
        projects.plan_review(plan=plan, actor=cls.mentor, decision=projects.APPROVE)
        report = projects.report_add(
            milestone=cls.project_milestone,
            actor=cls.participant,
            text="Selesai",
            files=[("bukti.pdf", b"%PDF-1.4\n%%EOF\n")],
        )
        projects.plan_update(plan=plan, actor=cls.participant, data={"goal": "Setengah hari"})
        cls.project = projects.plan_submit(plan=plan, actor=cls.participant)
        cls.project_plan_token = project_links.plan_token(cls.project)
        cls.project_milestone_token = project_links.milestone_token(
            cls.project_milestone, report.pk
        )

    def persona(self, name: str) -> Person:
        return {
            matrix.PEER: self.participant2,
            matrix.OTHER_AGENCY: self.outsider,
        }.get(name) or getattr(self, name)


class AuthorisationMatrixTests(Objects, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_objects()

    def ask(
        self, persona: str, method: str, url: str, body: dict[str, Any], bearer: bool = False
    ) -> Expected:
        self.client.logout()
        headers = {}
        if bearer and persona in self.api_secrets:  # api: the persona's token, not a session
            headers = {"Authorization": f"Bearer {self.api_secrets[persona]}"}
        elif persona != ANONYMOUS:
            self.client.force_login(self.persona(persona))
        with transaction.atomic():
            try:
                response = (
                    self.client.post(url, body, headers=headers)
                    if method == "post"
                    else self.client.get(url, headers=headers)
                )
            except Exception as error:  # a server error is a cell of the matrix too
                return f"error {type(error).__name__}: {error}"
            finally:
                transaction.set_rollback(True)
        return outcome(response)

    def url(self, name: str, entry: Entry) -> str:
        url = reverse(name, kwargs=entry.kwargs(self))
        query = entry.query(self)
        return f"{url}?{query}" if query else url

    def cells(self) -> Iterator[tuple[str, str, str, Expected, str | None]]:
        """(name, method, persona, expected, known gap) for every cell of the matrix."""
        for name, entry in MATRIX.items():
            for method, table in (("get", entry.get), ("post", entry.post)):
                for persona, expected in (table or {}).items():
                    yield name, method, persona, expected, entry.known_gap.get(persona)

    def mismatches(self, *, gaps: bool) -> list[str]:
        with quiet_requests():
            return self._mismatches(gaps=gaps)

    def _mismatches(self, *, gaps: bool) -> list[str]:
        found = []
        for name, method, persona, expected, gap in self.cells():
            if (gap is not None) != gaps:
                continue
            entry = MATRIX[name]
            url = self.url(name, entry)
            body = entry.body(self) if method == "post" else {}
            got = self.ask(persona, method, url, body, entry.bearer)
            if not agrees(expected, got):
                note = f" [known gap: {gap}]" if gap else ""
                found.append(
                    f"{name}: {method.upper()} {url} as {persona}: "
                    f"expected {expected}, got {got}{note}"
                )
        return found

    def test_it_has_an_entry_for_every_url_pattern(self) -> None:
        routed = [route for route in routes() if exclusion(route) is None]
        keys = [route.key for route in routed]
        self.assertEqual(
            sorted({k for k in keys if keys.count(k) > 1}), [], "two patterns share a name"
        )
        missing = sorted({r.key for r in routed} - set(MATRIX))
        self.assertEqual(
            missing,
            [],
            "URL patterns without an entry in front/tests/authorisation_matrix.py MATRIX: "
            "add who may do what for each",
        )
        stale = sorted(set(MATRIX) - {r.key for r in routed})
        self.assertEqual(stale, [], "MATRIX entries for URL patterns that are not routed")

    def test_it_leaves_out_only_the_admin_and_static_files(self) -> None:
        left_out = {exclusion(route) for route in routes()} - {None}
        self.assertLessEqual(left_out, {matrix.ADMIN_REASON, matrix.STATIC_REASON})
        if settings.ADMIN_PATH:  # routed: enumerated, then left out with its reason
            self.assertIn(matrix.ADMIN_REASON, left_out)

    def test_every_entry_names_every_persona_and_lets_someone_in(self) -> None:
        for name, entry in MATRIX.items():
            for table in (entry.get, entry.post):
                if table is not None:
                    self.assertEqual(set(table), set(matrix.PERSONAS), name)
            let_in = [
                persona
                for table in (entry.get, entry.post or {})
                for persona, expected in table.items()
                if expected in matrix.LET_IN and persona not in entry.known_gap
            ]
            self.assertTrue(let_in, f"{name}: nobody may use it")

    def test_every_persona_gets_what_the_rules_say(self) -> None:
        found = self.mismatches(gaps=False)
        self.assertEqual(found, [], "\n" + "\n".join(found))

    def test_the_known_gaps_are_still_open(self) -> None:
        """Cells marked ``known_gap``: expected failures until the fix lands, then a failure
        asking to remove the marker (like a strict xfail)."""
        gaps = [cell for cell in self.cells() if cell[4] is not None]
        still_open = self.mismatches(gaps=True)
        fixed = len(gaps) - len(still_open)
        self.assertEqual(fixed, 0, "a known gap is closed: remove its known_gap marker")
        if still_open:
            pytest.xfail("\n".join(still_open))

    def test_the_library_lists_no_other_institute_s_own_instrument(self) -> None:
        """Finding 8: an institute's own instrument is not in another institute's list."""
        self.client.force_login(self.other_organiser)
        page = self.client.get(reverse("instrument_list")).content.decode()
        self.assertIn("BUDAYA-BERAKHLAK", page)  # the built-in ones are everyone's
        if self.instrument.code in page:
            pytest.xfail("finding 8: the library lists another institute's own instrument")

    def test_a_person_page_shows_only_the_enrolments_the_viewer_may_see(self) -> None:
        """Finding 8: the organiser of one institute does not learn of enrolments at another."""
        self.client.force_login(self.organiser)
        page = self.client.get(reverse("person_detail", args=[self.dual.pk]))
        self.assertContains(page, self.batch.name)
        if self.other_batch.name in page.content.decode():
            pytest.xfail("finding 8: the person page lists another institute's enrolment")
