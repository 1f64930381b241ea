"""Certificates as grading issues them (the grading services, not ``certificate_issue``
directly): closing certifies Lulus and Tidak Lulus, never Ditunda; a correction after closing
supersedes (new number, old one ``superseded``, its URL says so); completing a Ditunda is the
deferred grade arriving and its first certificate. ``certificates list`` shows every one in
issue order."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import urlsplit

from django.test import TestCase

from revmen.certificates import signing
from revmen.certificates.models import Certificate, Kind, Status
from revmen.certificates.verification import current_of
from revmen.core.models import AuditEntry
from revmen.grading import services
from revmen.grading.testing import enrol
from revmen.grading.tests.test_services import GradingObjects
from revmen.training.models import Outcome

from .test_pages import run_cli


class GradedBatchTests(GradingObjects, TestCase):
    def close(self) -> None:
        self.third = self.make_person("Gita Peserta", "199303032018012003", self.agency_a)
        enrol(self.batch, self.third)  # attended nothing: Tidak Lulus
        self.score_everyone()  # participant2 has no presentation score: Ditunda
        services.grades_compute(batch=self.batch)
        services.grades_release(batch=self.batch, by=self.organiser)
        services.batch_close(batch=self.batch, by=self.organiser)

    def rows(self) -> list[dict[str, object]]:
        code, out, _err = run_cli("list", "--batch", self.batch.code, "--json")
        self.assertEqual(code, 0)
        return list(json.loads(out))

    def verdict(self, url: object) -> str:
        html = self.client.get(urlsplit(str(url)).path).content.decode()
        marker = 'data-verdict="'
        start = html.index(marker) + len(marker)
        return html[start : html.index('"', start)]

    def test_closing_certifies_lulus_and_tidak_lulus_but_not_ditunda(self) -> None:
        self.close()
        rows = self.rows()
        self.assertEqual(
            [(r["name"], r["kind"], r["outcome"], r["status"]) for r in rows],
            [
                (self.participant.name, "sttpp", "lulus", "valid"),
                (self.third.name, "attendance", "tidak_lulus", "valid"),
            ],
        )
        self.assertEqual(rows[0]["predicate"], "Sangat Memuaskan")
        self.assertIsNone(rows[1]["predicate"])
        self.assertEqual(rows[0]["nip"], self.participant.nip)
        self.assertFalse(Certificate.objects.filter(enrolment__person=self.participant2).exists())
        for row in rows:
            self.assertEqual(self.verdict(row["verify_url"]), "genuine")
        # closing again (a double click) issues nothing more
        self.assertEqual(Certificate.objects.count(), 2)

    def test_a_correction_supersedes_and_the_old_url_says_so(self) -> None:
        self.close()
        old = Certificate.objects.get(enrolment__person=self.participant)
        grade = services.grade_correct(
            grade=self.grade_of(self.participant),
            component=self.c["proyek"],
            score="70",
            reason="Salah input nilai penguji",
            by=self.organiser,
        )
        old.refresh_from_db()
        new = Certificate.objects.get(pk=grade.certificate_id)
        self.assertEqual((old.status, old.superseded_by_id), (Status.SUPERSEDED, new.pk))
        self.assertNotEqual(new.number, old.number)
        self.assertEqual((new.status, new.predicate), (Status.VALID, "Memuaskan"))
        entry = AuditEntry.objects.get(action="certificates.certificate.supersede")
        self.assertEqual(entry.note, "Salah input nilai penguji")
        self.assertEqual(entry.before["predicate"], "Sangat Memuaskan")
        rows = self.rows()
        self.assertEqual(
            [(r["number"], r["status"]) for r in rows],
            [(old.number, "superseded"), (rows[1]["number"], "valid"), (new.number, "valid")],
        )
        self.assertEqual(self.verdict(signing.verify_url(old.token)), "superseded")
        self.assertEqual(run_cli("verify", signing.verify_url(old.token))[:2], (4, "superseded"))
        self.assertEqual(self.verdict(signing.verify_url(new.token)), "genuine")

    def test_a_correction_from_tidak_lulus_to_lulus_gives_an_sttpp(self) -> None:
        from revmen.grading.testing import rate, take_test

        # Ani scored low everywhere (below the pass mark of 60): Tidak Lulus.
        rate(self.batch, self.c["sikap"], self.facilitator, self.participant, 1)
        rate(self.batch, self.c["sikap"], self.facilitator2, self.participant, 1)
        take_test(self.test, self.participant, 0)
        rate(self.batch, self.c["proyek"], self.examiner, self.participant, 1)
        services.grades_compute(batch=self.batch)
        services.grades_release(batch=self.batch, by=self.organiser)
        services.batch_close(batch=self.batch, by=self.organiser)
        grade = self.grade_of(self.participant)
        self.assertEqual(grade.outcome, Outcome.FAILED)
        attendance = Certificate.objects.get(enrolment__person=self.participant)
        self.assertEqual((attendance.kind, attendance.predicate), (Kind.ATTENDANCE, ""))
        # The test was marked against the wrong key (100) and the examiner's sheet read wrongly.
        grade = services.grade_correct(
            grade=grade,
            component=self.c["akademik"],
            score="100",
            reason="Kunci jawaban salah",
            by=self.organiser,
        )
        self.assertEqual(grade.outcome, Outcome.FAILED)  # 20 points: still below the pass mark
        grade = services.grade_correct(
            grade=grade,
            component=self.c["proyek"],
            score="100",
            reason="Lembar penguji salah baca",
            by=self.organiser,
        )
        self.assertEqual(grade.outcome, Outcome.PASSED)
        current = Certificate.objects.get(pk=grade.certificate_id)
        self.assertEqual(
            (current.kind, current.outcome, current.status), (Kind.STTPP, "lulus", "valid")
        )
        self.assertEqual(current.predicate, grade.predicate)
        attendance.refresh_from_db()
        # each correction issued a new one (the issue: a correction, a new number)
        self.assertEqual((attendance.status, current_of(attendance)), ("superseded", current))
        self.assertEqual(Certificate.objects.filter(enrolment__person=self.participant).count(), 3)
        self.assertEqual(self.verdict(signing.verify_url(attendance.token)), "superseded")

    def test_completing_a_ditunda_issues_its_first_certificate(self) -> None:
        self.close()
        rudi = services.grade_complete_deferred(
            grade=self.grade_of(self.participant2),
            scores={self.c["proyek"]: "85"},
            by=self.organiser,
        )
        cert = Certificate.objects.get(pk=rudi.certificate_id)
        self.assertEqual(
            (cert.kind, cert.outcome, cert.status, cert.final_score),
            (Kind.STTPP, "lulus", Status.VALID, Decimal("91.00")),
        )
        self.assertFalse(Certificate.objects.filter(status=Status.SUPERSEDED).exists())
        self.assertFalse(AuditEntry.objects.filter(action="grading.grade.correct").exists())
        rows = self.rows()
        self.assertEqual(rows[-1]["number"], cert.number)  # issued last, listed last
        self.assertEqual(len(rows), 3)
        self.assertEqual(self.verdict(rows[-1]["verify_url"]), "genuine")
