"""``revmen backup`` / ``revmen restore``: a populated instance round-trips into an empty one."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings

from revmen.accounts.models import Agency, Person
from revmen.accounts.services import agency_create
from revmen.core.backup import data_tables, table_digest
from revmen.core.tests.pg import database_url, maintenance
from revmen.instruments.models import Response

ROOT = Path(__file__).resolve().parents[3]
UPLOAD = "uploads/daftar-hadir.txt"


class BackupCase(TransactionTestCase):
    """A temporary MEDIA_ROOT, a backup folder, and a second, empty database as the target."""

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="revmen-backup-test-"))
        self.media, self.folder = self.tmp / "media", self.tmp / "backup"
        self.target_media = self.tmp / "target-media"
        media = override_settings(MEDIA_ROOT=self.media)
        media.enable()
        self.addCleanup(media.disable)
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.target_url = self._create_target()

    def _create_target(self) -> str:
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.tmp / 'target.sqlite3'}"
        self.target_name = f"{connection.settings_dict['NAME']}_restore"
        with maintenance() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{self.target_name}"')
            server.execute(f'CREATE DATABASE "{self.target_name}"')
        self.addCleanup(self._drop_target)
        return database_url(self.target_name)

    def _drop_target(self) -> None:
        with maintenance() as server:
            server.execute(f'DROP DATABASE IF EXISTS "{self.target_name}" WITH (FORCE)')

    def revmen(self, *args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``revmen`` in its own process against the target database and media folder."""
        env = {
            **os.environ,
            "DATABASE_URL": url or self.target_url,
            "MEDIA_ROOT": str(self.target_media),
        }
        return subprocess.run(
            [sys.executable, "-m", "revmen.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def target_rows(self, sql: str) -> list[tuple[Any, ...]]:
        if connection.vendor == "sqlite":
            target = sqlite3.connect(self.tmp / "target.sqlite3")
            try:
                return target.execute(sql).fetchall()
            finally:
                target.close()
        import psycopg

        with psycopg.connect(self.target_url) as target:
            return [tuple(row) for row in target.execute(sql).fetchall()]


class RoundTripTests(BackupCase):
    def test_it_round_trips_the_demo_into_an_empty_instance(self) -> None:
        call_command("demo", "--force", verbosity=0)
        default_storage.save(UPLOAD, ContentFile(b"hadir: 30 peserta\n"))
        call_command("backup", str(self.folder), verbosity=0)
        manifest = json.loads((self.folder / "manifest.json").read_text())
        self.assertEqual(manifest["engine"], connection.vendor)
        self.assertIn(f"media/{UPLOAD}", manifest["files"])
        self.assertEqual(manifest["tables"]["accounts_person"]["rows"], Person.objects.count())
        self.assertGreater(Response.objects.count(), 0)

        restored = self.revmen("restore", str(self.folder))
        self.assertEqual(restored.returncode, 0, restored.stderr)
        self.assertIn("checksums match", restored.stdout)

        # The target, backed up in turn, has the same rows, checksums and migrations.
        again = self.revmen("backup", str(self.tmp / "again"))
        self.assertEqual(again.returncode, 0, again.stderr)
        copy = json.loads((self.tmp / "again" / "manifest.json").read_text())
        self.assertEqual(copy["tables"], manifest["tables"])
        self.assertEqual(copy["migrations"], manifest["migrations"])
        self.assertEqual((self.target_media / UPLOAD).read_bytes(), b"hadir: 30 peserta\n")

        # A few real records, read straight from the target.
        people = Person.objects.order_by("pk").values_list("pk", "nip", "name", "email", "password")
        self.assertEqual(
            self.target_rows(
                "SELECT id, nip, name, email, password FROM accounts_person ORDER BY id"
            ),
            [tuple(person) for person in people],
        )
        answers = sorted(bytes(a) for a in Response.objects.values_list("answers", flat=True))
        target_answers = self.target_rows("SELECT answers FROM instruments_response")
        self.assertEqual(sorted(bytes(a) for (a,) in target_answers), answers)

        # The target now has data: a second restore is refused and changes nothing.
        second = self.revmen("restore", str(self.folder))
        self.assertEqual(second.returncode, 2)
        self.assertIn("the target database is not empty", second.stderr)
        self.assertIn("nothing restored", second.stderr)
        self.assertEqual(
            self.target_rows("SELECT count(*) FROM accounts_person"), [(Person.objects.count(),)]
        )


class RefusalTests(BackupCase):
    def setUp(self) -> None:
        super().setUp()
        agency_create(code="BKP", name="Badan Kepegawaian")
        call_command("backup", str(self.folder), verbosity=0)

    def test_it_refuses_to_restore_over_data(self) -> None:
        with self.assertRaises(CommandError) as refused:
            call_command("restore", str(self.folder), verbosity=0)
        self.assertEqual(refused.exception.returncode, 2)
        self.assertIn("accounts_agency", str(refused.exception))
        self.assertEqual(Agency.objects.count(), 1)

    def test_it_refuses_a_changed_database_file(self) -> None:
        dump = next(self.folder.glob("database.*"))
        data = bytearray(dump.read_bytes())
        data[len(data) // 2] ^= 0xFF
        dump.write_bytes(bytes(data))
        refused = self.revmen("restore", str(self.folder))
        self.assertEqual(refused.returncode, 2)
        self.assertIn(f"{dump.name}: does not match the manifest", refused.stderr)
        self.assertIn("nothing restored", refused.stderr)
        self._assert_target_untouched()

    def test_it_refuses_a_file_added_to_the_backup(self) -> None:
        (self.folder / "media").mkdir(exist_ok=True)
        (self.folder / "media" / "extra.txt").write_text("not from the backup")
        refused = self.revmen("restore", str(self.folder))
        self.assertEqual(refused.returncode, 2)
        self.assertIn("media/extra.txt: does not match the manifest", refused.stderr)
        self._assert_target_untouched()

    def test_it_checks_the_loaded_tables_against_the_manifest(self) -> None:
        # The manifest is not a signature: edited along with it, a file passes the first check,
        # and the loaded data must then still be what the manifest describes.
        manifest_path = self.folder / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        manifest["tables"]["accounts_agency"]["sha256"] = "0" * 64
        manifest_path.write_text(json.dumps(manifest))
        refused = self.revmen("restore", str(self.folder))
        self.assertEqual(refused.returncode, 2)
        self.assertIn("differs from the manifest in accounts_agency", refused.stderr)

    def test_it_refuses_a_folder_without_a_manifest_or_with_a_broken_one(self) -> None:
        manifest = self.folder / "manifest.json"
        for text in ['{"format": 1, "engine": "oracle"}', '{"tables": []}', "[1, 2", None]:
            with self.subTest(text=text):
                if text is None:
                    manifest.unlink()
                else:
                    manifest.write_text(text)
                refused = self.revmen("restore", str(self.folder))
                self.assertEqual(refused.returncode, 2)
                self.assertIn("holds no readable revmen backup", refused.stderr)
                self.assertNotIn("Traceback", refused.stderr)
        self._assert_target_untouched()

    def test_it_backs_up_only_into_a_new_or_empty_folder(self) -> None:
        with self.assertRaises(CommandError) as refused:
            call_command("backup", str(self.folder), verbosity=0)
        self.assertEqual(refused.exception.returncode, 2)
        self.assertIn("is not an empty folder", str(refused.exception))

    def _assert_target_untouched(self) -> None:
        if connection.vendor == "sqlite":
            self.assertFalse((self.tmp / "target.sqlite3").exists())
        else:
            tables = self.target_rows("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            self.assertEqual(tables, [(0,)])
        self.assertFalse(self.target_media.exists())


class ChecksumTests(TransactionTestCase):
    def test_it_changes_when_a_row_changes(self) -> None:
        agency = agency_create(code="BKP", name="Badan Kepegawaian")
        (table,) = [t for t in data_tables() if t.name == "accounts_agency"]
        with connection.cursor() as cursor:
            before = table_digest(cursor, table)
            Agency.objects.filter(pk=agency.pk).update(name="Badan Kepegawaian Daerah")
            after = table_digest(cursor, table)
        self.assertEqual((before["rows"], after["rows"]), (1, 1))
        self.assertNotEqual(before["sha256"], after["sha256"])
