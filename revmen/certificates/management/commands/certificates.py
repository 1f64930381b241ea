"""``revmen certificates list --batch CODE --json``, ``verify URL [--offline --public-key FILE]``,
``keygen [--out FILE]`` (docs/cli.md, docs/certificates.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.certificates import signing
from revmen.certificates.verification import EXIT_CODES, FORGED, check_offline


class Command(BaseCommand):
    help = "Certificates: list a batch's, verify a QR code's URL, create the signing key."
    # ``verify --offline`` must run without a database: no checks that might touch one.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="every certificate issued for a batch, in issue order")
        lst.add_argument("--batch", required=True, help="the batch code")
        lst.add_argument("--json", action="store_true", help="print JSON")
        ver = sub.add_parser(
            "verify",
            help="prints genuine, revoked, superseded or forged (exit 0, 3, 4, 1)",
        )
        ver.add_argument("url", help="the URL the certificate's QR code holds")
        ver.add_argument(
            "--offline",
            action="store_true",
            help="check the signature only (no database): revocation is not checked",
        )
        ver.add_argument(
            "--public-key",
            help="PEM public key to check the signature with (default: the configured keys)",
        )
        key = sub.add_parser("keygen", help="create a new Ed25519 signing key (PEM)")
        key.add_argument(
            "--out", help="where to write it (default: CERTIFICATE_SIGNING_KEY); never overwrites"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            self.list(options["batch"], as_json=options["json"])
        elif action == "verify":
            self.verify(options["url"], offline=options["offline"], key=options["public_key"])
        else:
            self.keygen(options["out"])

    def list(self, code: str, *, as_json: bool) -> None:
        from revmen.certificates.selectors import certificate_rows
        from revmen.training.models import Batch

        batch = Batch.objects.filter(code=code).first()
        if batch is None:
            raise CommandError(f"no such batch: {code}", returncode=2)
        rows = certificate_rows(batch)
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['number']}  {row['kind']:<10}  {row['status']:<10}  {row['outcome']:<11}  "
                f"{row['predicate'] or '-'}  {row['name']}"
            )

    def verify(self, url: str, *, offline: bool, key: str | None) -> None:
        keys = None
        if key:
            try:
                public = signing.read_public_key(Path(key))
            except (OSError, ValueError) as error:
                raise CommandError(f"cannot read the key file: {error}", returncode=2) from error
            keys = {signing.key_id(public): public}
        try:
            token = signing.token_of_url(url)
        except signing.Forged as error:
            return self.finish(FORGED, str(error))
        except ValueError as error:
            raise CommandError(f"not a URL: {url!r}", returncode=2) from error
        if offline:
            verdict = check_offline(token, keys if keys is not None else self.configured_keys())
            note = verdict.reason
            if verdict.word != FORGED:
                note = "signature only: revocation and corrections were not checked (offline)"
            return self.finish(verdict.word, note)
        from revmen.certificates.verification import verify

        if keys is not None:
            signed = check_offline(token, keys)
            if signed.word == FORGED:
                return self.finish(FORGED, signed.reason)
        verdict = verify(token)
        note = verdict.reason
        if verdict.current is not None:
            current = verdict.current
            note = f"superseded by {current.number}: {signing.verify_url(current.token)}"
        return self.finish(verdict.word, note)

    def configured_keys(self) -> dict[str, Any]:
        try:
            return signing.known_keys()
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read the key file: {error}", returncode=2) from error

    def finish(self, word: str, note: str = "") -> None:
        self.stdout.write(word)
        if note:
            self.stderr.write(f"note: {note}")
        code = EXIT_CODES[word]
        if code:
            raise CommandError(word, returncode=code)

    def keygen(self, out: str | None) -> None:
        target = out or settings.CERTIFICATE_SIGNING_KEY
        if not target:
            raise CommandError(
                "say where: --out FILE, or set CERTIFICATE_SIGNING_KEY", returncode=2
            )
        path = Path(target)
        try:
            key = signing.write_new_key(path)
        except FileExistsError as error:
            raise CommandError(f"{path} exists: not overwritten", returncode=2) from error
        self.stdout.write(f"key id {signing.key_id(key.public_key())}")
        self.stdout.write(f"private key {path} (keep it secret, outside the database)")
        self.stdout.write(f"public key {path}.pub")
