"""The signed payload a certificate's QR code carries, and how it is checked.

A verification URL is ``SITE_URL`` + ``/verify/<payload>.<signature>/`` where

- ``payload`` is the base64url (no padding) of the certificate's fixed fields as canonical JSON:
  keys sorted, no spaces (separators ``,`` and ``:``), UTF-8 (non-ASCII as is, not ``\\u``
  escapes); the fields are ``v`` (format, 1), ``kid`` (the signing key's id), ``n`` (number),
  ``k`` (kind), ``nm`` (name), ``b`` (batch code), ``s`` and ``e`` (start and end date),
  ``o`` (outcome), ``p`` (predicate or null) and ``d`` (date of issue), never a NIP or a birth
  date;
- ``signature`` is the base64url of the Ed25519 signature over the payload's bytes.

The key id is the first 8 bytes of the SHA-256 of the raw 32-byte public key, in hex
(16 characters): anyone holding the public key derives it, so ``verify --offline`` needs
nothing else. Anything that does not decode to exactly these bytes -- padding, other
base64 alphabets, re-ordered keys, spaces, escapes -- is forged, like a bad signature or an
unknown key id.

This module reads settings but no database: ``revmen certificates verify --offline`` uses it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

FORMAT = 1
FIELDS = frozenset({"v", "kid", "n", "k", "nm", "b", "s", "e", "o", "p", "d"})
VERIFY_PREFIX = "/verify/"
# A token longer than this is refused before decoding (a QR code holds far less).
MAX_TOKEN = 2000


class Forged(Exception):
    """The payload is not one we signed; the message says why (for notes, never the page)."""


@dataclass(frozen=True)
class Payload:
    fields: dict[str, Any]
    token: str

    @property
    def number(self) -> str:
        return str(self.fields["n"])


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict base64url without padding: anything that does not re-encode to ``text`` fails."""
    try:
        data = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise Forged("not base64url") from error
    if b64encode(data) != text:
        raise Forged("non-canonical base64url")
    return data


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """The first 8 bytes of SHA-256 over the raw public key, as 16 hex digits."""
    return hashlib.sha256(raw_public(key)).digest()[:8].hex()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """A new key in ``path`` (mode 0600, refused if the file exists) and its ``.pub`` beside."""
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(private_pem(key))
    path.with_name(path.name + ".pub").write_bytes(public_pem(key.public_key()))
    return key


def read_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    return key


def read_public_key(path: Path) -> Ed25519PublicKey:
    """A PEM public key, or the public half of a PEM private key."""
    data = path.read_bytes()
    try:
        key: Any = serialization.load_pem_public_key(data)
    except ValueError:
        key = serialization.load_pem_private_key(data, password=None).public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path}: not an Ed25519 key")
    return key


def signing_key_path() -> Path:
    configured = settings.CERTIFICATE_SIGNING_KEY or settings.CERTIFICATE_DEV_KEY
    if not configured:
        raise ImproperlyConfigured(
            "CERTIFICATE_SIGNING_KEY must name the certificate signing key (PEM) when DEBUG "
            "is off; create one with `revmen certificates keygen`"
        )
    return Path(configured)


@cache
def _signing_key(path: str, may_create: bool) -> Ed25519PrivateKey:
    file = Path(path)
    if may_create and not file.exists():
        try:
            return write_new_key(file)
        except FileExistsError:  # another process made it first
            pass
    return read_private_key(file)


def signing_key() -> Ed25519PrivateKey:
    path = signing_key_path()
    dev = not settings.CERTIFICATE_SIGNING_KEY
    return _signing_key(str(path), dev)


def known_keys() -> dict[str, Ed25519PublicKey]:
    """Key id -> public key: the signing key's and the retired ones in CERTIFICATE_PUBLIC_KEYS."""
    keys = {}
    for name in settings.CERTIFICATE_PUBLIC_KEYS:
        key = _public_key(name)
        keys[key_id(key)] = key
    current = signing_key().public_key()
    keys[key_id(current)] = current
    return keys


@cache
def _public_key(path: str) -> Ed25519PublicKey:
    return read_public_key(Path(path))


def sign(fields: dict[str, Any]) -> str:
    """The token for ``fields`` (without ``v`` and ``kid``: they are added here)."""
    key = signing_key()
    full = {**fields, "v": FORMAT, "kid": key_id(key.public_key())}
    if set(full) != FIELDS:
        raise ValueError(f"payload fields {sorted(full)} are not {sorted(FIELDS)}")
    data = canonical(full)
    return f"{b64encode(data)}.{b64encode(key.sign(data))}"


def check(token: str, keys: dict[str, Ed25519PublicKey]) -> Payload:
    """The payload of ``token`` if one of ``keys`` signed exactly these bytes; else Forged."""
    if len(token) > MAX_TOKEN or token.count(".") != 1:
        raise Forged("not a certificate token")
    encoded, encoded_signature = token.split(".")
    data, signature = b64decode(encoded), b64decode(encoded_signature)
    try:
        fields = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise Forged("payload is not JSON") from error
    if not isinstance(fields, dict) or set(fields) != FIELDS or fields.get("v") != FORMAT:
        raise Forged("payload has other fields")
    if canonical(fields) != data:
        raise Forged("payload is not canonical JSON")
    key = keys.get(str(fields["kid"]))
    if key is None:
        raise Forged(f"unknown key id {fields['kid']}")
    try:
        key.verify(signature, data)
    except InvalidSignature as error:
        raise Forged("bad signature") from error
    return Payload(fields, token)


def verify_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + VERIFY_PREFIX + token + "/"


def token_of_url(url: str) -> str:
    """The token of a verification URL of this site; Forged for another host or path.

    Raises ValueError when ``url`` is not an http(s) URL at all."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("not a URL")
    site = urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc.lower()) != (site.scheme, site.netloc.lower()):
        raise Forged(f"foreign host {parts.netloc}")
    prefix = site.path.rstrip("/") + VERIFY_PREFIX
    path = parts.path
    if not path.startswith(prefix) or parts.query or parts.fragment:
        raise Forged("not a verification path")
    token = path[len(prefix) :]
    token = token[:-1] if token.endswith("/") else token
    if not token or "/" in token:
        raise Forged("not a verification path")
    return token
