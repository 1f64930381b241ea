"""The signed payload: canonical JSON, strict base64url, key ids, hosts. No database here: the
offline check must work without one (SimpleTestCase refuses any query)."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, override_settings

from revmen.certificates import signing
from revmen.certificates.verification import check_offline

FIELDS = {
    "n": "BPSDM/PRM/2026/0007",
    "k": "sttpp",
    "nm": "Ani Peserta, S.Sos.",
    "b": "PRM-I",
    "s": "2026-10-01",
    "e": "2026-11-30",
    "o": "lulus",
    "p": "Sangat Memuaskan",
    "d": "2026-12-07",
}
SITE = "https://revmen.bpsdm.example.go.id"


class KeyMixin(SimpleTestCase):
    def setUp(self) -> None:
        folder = Path(tempfile.mkdtemp())
        self.key_path = folder / "signing.pem"
        self.key = signing.write_new_key(self.key_path)
        self.other_path = folder / "other.pem"
        signing.write_new_key(self.other_path)
        settings = override_settings(
            CERTIFICATE_SIGNING_KEY=str(self.key_path), CERTIFICATE_PUBLIC_KEYS=[], SITE_URL=SITE
        )
        settings.enable()
        self.addCleanup(settings.disable)

    def token(self, **changes: object) -> str:
        return signing.sign({**FIELDS, **changes})

    def signed_raw(self, data: bytes) -> str:
        """Bytes of our choosing, correctly signed with the real key."""
        return f"{signing.b64encode(data)}.{signing.b64encode(self.key.sign(data))}"

    def word(self, token: str) -> str:
        return check_offline(token).word


class SignatureTests(KeyMixin):
    def test_it_accepts_what_it_signed(self) -> None:
        verdict = check_offline(self.token())
        self.assertEqual(verdict.word, "genuine")
        assert verdict.payload is not None
        self.assertEqual(verdict.payload.fields["kid"], signing.key_id(self.key.public_key()))

    def test_it_carries_no_nip_or_birth_date(self) -> None:
        payload = json.loads(signing.b64decode(self.token().split(".")[0]))
        self.assertEqual(set(payload), signing.FIELDS)
        with self.assertRaises(ValueError):
            signing.sign({**FIELDS, "nip": "199001012015032001"})

    def test_one_changed_character_is_forged(self) -> None:
        token = self.token()
        for position in (5, len(token) // 3, token.index(".") - 2, token.index(".") + 3, -2):
            char = token[position]
            altered = token[:position] + ("A" if char != "A" else "B") + token[position + 1 :]
            if position == -2:
                altered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
            self.assertEqual(self.word(altered), "forged", position)

    def test_re_ordered_keys_are_forged_even_when_signed(self) -> None:
        full = {**FIELDS, "v": 1, "kid": signing.key_id(self.key.public_key())}
        reordered = json.dumps(dict(reversed(list(full.items()))), separators=(",", ":"))
        self.assertEqual(self.word(self.signed_raw(reordered.encode())), "forged")
        spaced = json.dumps(full, sort_keys=True)
        self.assertEqual(self.word(self.signed_raw(spaced.encode())), "forged")
        escaped = json.dumps(full, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        canonical = signing.canonical(full)
        self.assertEqual(escaped.encode(), canonical)  # ASCII name: same bytes
        self.assertEqual(self.word(self.signed_raw(canonical)), "genuine")

    def test_escaped_unicode_is_not_canonical(self) -> None:
        full = {
            **FIELDS,
            "nm": "Ñoman Süryani",
            "v": 1,
            "kid": signing.key_id(self.key.public_key()),
        }
        escaped = json.dumps(full, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
        self.assertEqual(self.word(self.signed_raw(escaped.encode())), "forged")
        self.assertEqual(self.word(self.signed_raw(signing.canonical(full))), "genuine")

    def test_padding_and_other_alphabets_are_forged(self) -> None:
        payload, signature = self.token().split(".")
        self.assertEqual(self.word(f"{payload}==.{signature}"), "forged")
        self.assertEqual(self.word(f"{payload}.{signature}="), "forged")
        self.assertEqual(self.word(payload.replace("-", "+") + "." + signature + "+"), "forged")

    def test_an_unknown_key_id_is_forged(self) -> None:
        with override_settings(CERTIFICATE_SIGNING_KEY=str(self.other_path)):
            foreign = self.token()
        self.assertEqual(self.word(foreign), "forged")
        # a retired key that is still listed keeps its certificates verifiable
        with override_settings(CERTIFICATE_PUBLIC_KEYS=[str(self.other_path) + ".pub"]):
            self.assertEqual(self.word(foreign), "genuine")

    def test_a_kid_swapped_for_a_known_one_is_forged(self) -> None:
        with override_settings(CERTIFICATE_SIGNING_KEY=str(self.other_path)):
            foreign = self.token()
        data = json.loads(signing.b64decode(foreign.split(".")[0]))
        data["kid"] = signing.key_id(self.key.public_key())
        swapped = signing.b64encode(signing.canonical(data)) + "." + foreign.split(".")[1]
        self.assertEqual(self.word(swapped), "forged")

    def test_the_key_id_is_derived_from_the_public_key(self) -> None:
        import hashlib

        raw = signing.raw_public(self.key.public_key())
        self.assertEqual(len(raw), 32)
        self.assertEqual(
            signing.key_id(self.key.public_key()), hashlib.sha256(raw).hexdigest()[:16]
        )

    def test_urls_of_another_host_are_forged(self) -> None:
        url = signing.verify_url(self.token())
        self.assertTrue(url.startswith(SITE + "/verify/"))
        self.assertEqual(signing.token_of_url(url), self.token())
        for foreign in (
            url.replace("revmen.bpsdm", "revmen-bpsdm"),
            url.replace("https://", "http://"),
            url.replace("/verify/", "/verify/x/"),
            url + "?a=1",
        ):
            with self.assertRaises(signing.Forged, msg=foreign):
                signing.token_of_url(foreign)
        with self.assertRaises(ValueError):
            signing.token_of_url("not a url")

    @override_settings(CERTIFICATE_SIGNING_KEY="", CERTIFICATE_DEV_KEY="")
    def test_without_a_key_and_debug_off_nothing_is_signed(self) -> None:
        from django.core.exceptions import ImproperlyConfigured

        with self.assertRaises(ImproperlyConfigured):
            signing.sign(FIELDS)


class OfflineCommandTests(KeyMixin):
    """``verify --offline`` with no database at all (SimpleTestCase)."""

    def run_verify(self, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("certificates", "verify", *args, stdout=out, stderr=err)
        except CommandError as error:
            return error.returncode, out.getvalue().strip(), err.getvalue()
        return 0, out.getvalue().strip(), err.getvalue()

    def test_genuine_offline_for_an_unknown_number(self) -> None:
        url = signing.verify_url(self.token(n="NOWHERE/0001"))
        code, out, err = self.run_verify(url, "--offline", "--public-key", f"{self.key_path}.pub")
        self.assertEqual((code, out), (0, "genuine"))
        self.assertIn("revocation", err)

    def test_forged_offline_for_an_altered_url(self) -> None:
        url = signing.verify_url(self.token())
        altered = url.replace("/verify/eyJ", "/verify/eyK")
        code, out, _err = self.run_verify(
            altered, "--offline", "--public-key", f"{self.key_path}.pub"
        )
        self.assertEqual((code, out), (1, "forged"))

    def test_forged_offline_against_another_key(self) -> None:
        url = signing.verify_url(self.token())
        code, out, _err = self.run_verify(
            url, "--offline", "--public-key", f"{self.other_path}.pub"
        )
        self.assertEqual((code, out), (1, "forged"))

    def test_a_private_key_file_serves_as_the_public_key(self) -> None:
        url = signing.verify_url(self.token())
        self.assertEqual(
            self.run_verify(url, "--offline", "--public-key", str(self.key_path))[:2],
            (0, "genuine"),
        )

    def test_a_foreign_host_is_forged(self) -> None:
        url = signing.verify_url(self.token()).replace(SITE, "https://evil.example")
        self.assertEqual(self.run_verify(url, "--offline")[:2], (1, "forged"))

    def test_exit_2_for_not_a_url_or_an_unreadable_key(self) -> None:
        self.assertEqual(self.run_verify("hello", "--offline")[0], 2)
        url = signing.verify_url(self.token())
        self.assertEqual(
            self.run_verify(url, "--offline", "--public-key", "/nonexistent.pem")[0], 2
        )
        junk = Path(tempfile.mkdtemp()) / "junk.pem"
        junk.write_text("not a key")
        self.assertEqual(self.run_verify(url, "--offline", "--public-key", str(junk))[0], 2)

    def test_keygen_writes_a_key_and_never_overwrites(self) -> None:
        target = Path(tempfile.mkdtemp()) / "new.pem"
        out = io.StringIO()
        call_command("certificates", "keygen", "--out", str(target), stdout=out)
        key = signing.read_private_key(target)
        self.assertIn(signing.key_id(key.public_key()), out.getvalue())
        self.assertEqual(target.stat().st_mode & 0o077, 0)
        with self.assertRaises(CommandError) as caught:
            call_command("certificates", "keygen", "--out", str(target), stdout=io.StringIO())
        self.assertEqual(caught.exception.returncode, 2)
