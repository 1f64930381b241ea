"""Issue 15, finding 1: the probe. People answer an anonymous batch questionnaire through its
pages and a culture wave through the intake; then an operator holding SECRET_KEY reads every
table (system columns too), every row version and the raw relation files, the logs and the
outbox, and tries to tie an answer to a person, a token, a time or an order (docs/privacy.md).

Real commits (``TransactionTestCase``): inside one test transaction every row would share one
transaction id and the probe would see nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from revmen.accounts.models import Person
from revmen.culture.models import Wave
from revmen.culture.services import tokens_issue, wave_create
from revmen.front.testing import Personas, run_periodic, run_queued_tasks
from revmen.instruments.library import load_library
from revmen.instruments.models import Administration, Draft, Response
from revmen.training.models import BatchRole, Enrolment

from . import probe
from .helpers import administer, attitude_version

PEOPLE = 8  # answers in a batch: a random order equals the true one once in 40,320


@dataclass
class Answer:
    """What the test knows and the probe must not be able to find out."""

    person: Person | None
    started: datetime
    ended: datetime
    response_ids: set[str] = field(default_factory=set)
    xids: set[int] = field(default_factory=set)


class AnonymityProbe(Personas, TransactionTestCase):
    maxDiff = None

    def setUp(self) -> None:
        self.make_personas()
        for n in range(PEOPLE - 2):
            person = self.make_person(f"Peserta{n} Uji", None, self.agency_a)
            Enrolment.objects.create(batch=self.batch, person=person, role=BatchRole.PARTICIPANT)
        self.people = [
            e.person for e in Enrolment.objects.filter(batch=self.batch, role=BatchRole.PARTICIPANT)
        ]
        self.version = attitude_version()
        self.questionnaire = administer(
            self.version, batch=self.batch, identity="anonymous", title="Evaluasi anonim"
        )
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Probe",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        self.answers: list[Answer] = []
        self.used_tokens: list[str] = []

    # the people answer ---------------------------------------------------------------------

    def _snapshot(self) -> tuple[set[str], set[int]]:
        rows = Response.objects.values_list("id", flat=True)
        ids = {str(i) for i in rows}
        xids: set[int] = set()
        if connection.vendor == "postgresql":
            xids = {x for x, _c in probe.live_xmins("instruments_response")}
        return ids, xids

    def _timed(self, person: Person | None, send):  # type: ignore[no-untyped-def]
        ids, xids = self._snapshot()
        time.sleep(0.01)
        started = timezone.now()
        result = send()
        ended = timezone.now()
        time.sleep(0.01)
        new_ids, new_xids = self._snapshot()
        self.answers.append(Answer(person, started, ended, new_ids - ids, new_xids - xids))
        return result

    def answer_questionnaire(self, person: Person) -> None:
        self.client.force_login(person)
        url = f"/q/{self.questionnaire.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url + "?s=0", {"B1": "5", "B2": "1", "B3": "4"})
        self.client.post(url + "?s=1", {"M1": "4", "M2": f"Komentar pribadi {person.name}"})
        done = self._timed(person, lambda: self.client.post(url + "?s=2", {"submit": "1"}))
        self.assertContains(done, "Terima kasih")
        probe.access_log_line("POST", url + "?s=2", 200)
        self.client.logout()

    def answer_wave(self) -> None:
        unit = self.seksi
        items = list(self.wave.administration.version.items.order_by("position"))
        full = {i.code: "4" if i.kind == "likert" else "1" for i in items if not i.is_text}
        for token in tokens_issue(wave=self.wave, unit=unit, count=5):
            path = f"/api/answers/{token}/"
            sent = self._timed(None, lambda path=path: self.client.post(path, full))
            self.assertEqual(sent.status_code, 201)
            probe.access_log_line("POST", path, 201)
            self.used_tokens.append(token)
        again = self.client.post(f"/api/answers/{self.used_tokens[0]}/", full)
        self.assertEqual(again.status_code, 410)

    def play(self) -> list[str]:
        with probe.captured_logs("django.request", "django.server") as lines:
            for person in self.people:
                self.answer_questionnaire(person)
            self.answer_wave()
        # what the worker does within seconds: queued tasks and the periodic jobs
        run_queued_tasks()
        run_periodic()
        return lines

    # the probe ------------------------------------------------------------------------------

    def secrets(self) -> dict[str, set[str]]:
        """Values that would name a person (derived tokens) or a sheet (the tokens used)."""
        found: dict[str, set[str]] = {}
        for person in self.people:
            found[str(person)] = probe.derived_candidates(self.questionnaire.pk, person.pk, None)
        found["wave tokens"] = set(self.used_tokens)
        return found

    def links_in_text(self, where: str, text: str, *, tokens_too: bool = True) -> list[str]:
        links = []
        for whose, values in self.secrets().items():
            if whose == "wave tokens" and not tokens_too:
                continue
            if any(value in text for value in values):
                links.append(f"{where} holds a value of {whose}")
        return links

    def links_in_times(self) -> list[str]:
        links = []
        for table, column, value in probe.timestamps():
            for answer in self.answers:
                if answer.started - timedelta(seconds=0.005) <= value <= answer.ended:
                    links.append(f"{table}.{column} holds the time of an answer ({value})")
        return sorted(set(links))

    def links_in_order(self) -> list[str]:
        """The order rows lie in must not follow the order people answered in."""
        order = [a.response_ids for a in self.answers if a.person is not None]
        true = [next(iter(ids)) for ids in order if len(ids) == 1]
        if connection.vendor == "postgresql":
            stored = [str(i) for i in probe.live_order("instruments_response", "id")]
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT id FROM instruments_response ORDER BY rowid")
                stored = [str(row[0]).replace("-", "") for row in cursor.fetchall()]
            true = [i.replace("-", "") for i in true]
        kept = [i for i in stored if i in set(true)]
        if len(true) == PEOPLE and kept == true:
            return ["the answers' rows lie in the order people answered in"]
        return []

    def links_in_xids(self) -> list[str]:
        links = []
        answer_xids = set().union(*(a.xids for a in self.answers))
        self.assertTrue(answer_xids, "the probe saw no answer transaction")
        for table in probe.user_tables():
            kept = {x for x, _c in probe.live_xmins(table)} & answer_xids
            if kept:
                links.append(f"live rows of {table} keep an answer's transaction id")
        versions = probe.row_versions()
        for table in sorted(probe.person_side_tables()):
            if versions is None:
                xids = {x for x, _c in probe.live_xmins(table)}
            else:
                xids = versions.xids([table])
            if xids & answer_xids:
                links.append(f"a row of {table} was written in an answer's transaction")
        for table in probe.AGGREGATE_TABLES:
            if versions is None:
                xids = {x for x, _c in probe.live_xmins(table)}
            else:
                xids = versions.xids([table])
            if xids & answer_xids:
                links.append(f"{table} was written in an answer's transaction")
        return links

    def links_in_rows(self) -> list[str]:
        """The anonymous rows beside named ones name nobody."""
        named = (
            Response.objects.filter(
                administration__identity="anonymous", respondent__isnull=False
            ).exists()
            or Draft.objects.exclude(token_hash="").filter(person__isnull=False).exists()
        )
        return ["an anonymous row names a person"] if named else []

    def probe_everything(self, lines: list[str]) -> list[str]:
        links = self.links_in_text("a table", probe.dump_tables())
        links += self.links_in_text("the log", "\n".join(lines))
        links += self.links_in_times()
        links += self.links_in_order()
        links += self.links_in_rows()
        if connection.vendor == "postgresql":
            links += self.links_in_xids()
            raw = probe.raw_pages()
            if raw is not None:
                text = raw.decode("latin-1")
                links += self.links_in_text("the raw pages", text, tokens_too=False)
        return links

    def test_it_finds_no_link_between_an_anonymous_answer_and_a_person(self) -> None:
        lines = self.play()
        self.assertEqual(Response.objects.filter(administration=self.questionnaire).count(), 8)
        self.assertEqual(Wave.objects.get().administration.responses.count(), 5)
        self.assertEqual(self.probe_everything(lines), [])

    def test_it_can_see_what_it_looks_for(self) -> None:
        """The probe's own check: planted links are found."""
        if connection.vendor != "postgresql":
            pytest.skip("system columns are PostgreSQL's")
        person = self.people[0]
        (planted,) = probe.derived_candidates(self.questionnaire.pk, person.pk, None) - {
            v
            for v in probe.derived_candidates(self.questionnaire.pk, person.pk, None)
            if len(v) > 40
        }
        Administration.objects.filter(pk=self.questionnaire.pk).update(title=planted)
        self.assertTrue(self.links_in_text("a table", probe.dump_tables()))
        versions = probe.row_versions()
        if versions is not None:  # the old title is still in the table, as a dead version
            self.assertGreaterEqual(len(versions.by_table["instruments_administration"]), 2)
        raw = probe.raw_pages()
        if raw is None:
            pytest.skip("this role may not read relation files")
        self.assertIn(planted.encode(), raw)
