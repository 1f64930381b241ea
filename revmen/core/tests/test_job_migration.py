"""The one job model takes over the old ones' rows: imports, PDF exports, unfinished closings."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase
from django.utils import timezone

BEFORE = [("core", "0002_cache_table"), ("culture", "0007_profile_count")]
AFTER = [("core", "0003_job"), ("culture", "0008_jobs")]


class JobMigrationTests(TransactionTestCase):
    def migrate(self, targets: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    def tearDown(self) -> None:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    def test_old_jobs_become_jobs_and_what_was_cut_off_says_so(self) -> None:
        old = self.migrate(BEFORE)
        Person = old.get_model("accounts", "Person")
        Agency = old.get_model("accounts", "Agency")
        Unit = old.get_model("accounts", "Unit")
        ImportJob = old.get_model("core", "ImportJob")
        Wave = old.get_model("culture", "Wave")
        ReportExport = old.get_model("culture", "ReportExport")
        Administration = old.get_model("instruments", "Administration")
        Instrument = old.get_model("instruments", "Instrument")
        Version = old.get_model("instruments", "Version")
        person = Person.objects.create(username="u-1", name="Budi", email="b@x.id")
        now = timezone.now()
        ImportJob.objects.create(
            id=41,
            kind="agencies",
            created_by=person,
            filename="a.xlsx",
            content=b"xlsx",
            status="done",
            total=3,
            processed=3,
            errors=["row 3: code: bad"],
            summary={"only_valid": True, "options": {}, "written": 2, "message": "2 agencies"},
            finished_at=now,
        )
        ImportJob.objects.create(
            id=42,
            kind="enrolment",
            created_by=person,
            filename="e.xlsx",
            content=b"x",
            status="failed",
            errors=["not a spreadsheet"],
            summary={"only_valid": False, "options": {"batch_id": 7}},
        )
        agency = Agency.objects.create(code="A", name="Agency A")
        root = Unit.objects.create(agency=agency, name="", path="", depth=0)
        instrument = Instrument.objects.create(code="C", name="C", kind="culture")
        version = Version.objects.create(instrument=instrument, number=1)
        waves = []
        for name, closing, closed in [("open", None, None), ("cut", now, None), ("done", now, now)]:
            administration = Administration.objects.create(
                version=version,
                title=name,
                opens_at=now - timedelta(days=9),
                closes_at=now,
                public_key=f"k-{name}",
            )
            waves.append(
                Wave.objects.create(
                    agency=agency,
                    administration=administration,
                    name=name,
                    closing_at=closing,
                    closed_at=closed,
                    close_step="counting" if name == "cut" else "",
                    close_done=5,
                    close_total=9,
                )
            )
        ReportExport.objects.create(
            wave=waves[2], root=root, requested_by=person, status="done", content=b"%PDF-1"
        )
        ReportExport.objects.create(wave=waves[2], requested_by=person, status="queued")

        new = self.migrate(AFTER)
        Job = new.get_model("core", "Job")
        done = Job.objects.get(pk=41)
        self.assertEqual((done.kind, done.owner_id, done.status), ("agencies", person.pk, "done"))
        self.assertEqual((done.done, done.total, bytes(done.content)), (3, 3, b"xlsx"))
        self.assertEqual(done.params, {"only_valid": True, "options": {}})
        self.assertEqual(done.result["errors"], ["row 3: code: bad"])
        self.assertEqual(done.result["written"], 2)
        failed = Job.objects.get(pk=42)
        self.assertEqual((failed.status, failed.error), ("failed", "not a spreadsheet"))
        self.assertEqual(failed.params["options"], {"batch_id": 7})
        pdfs = Job.objects.filter(kind="culture.report_pdf").order_by("pk")
        self.assertEqual([j.status for j in pdfs], ["done", "failed"])
        self.assertEqual(bytes(pdfs[0].file), b"%PDF-1")
        self.assertEqual(pdfs[0].params["root"], root.pk)
        self.assertEqual(pdfs[0].file_name, f"budaya-A-{waves[2].pk}.pdf")
        self.assertIn("upgrade", pdfs[1].error)
        (close,) = Job.objects.filter(kind="culture.close")
        self.assertEqual(close.target, f"culture.wave:{waves[1].pk}")
        self.assertEqual(
            (close.status, close.step, close.done, close.total), ("failed", "counting", 5, 9)
        )
        # New jobs get new ids after the copied ones.
        self.assertGreater(Job.objects.create(kind="agencies").pk, 42)
