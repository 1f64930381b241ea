"""Uploads of plans and evidence: the type is read from the bytes, never from the name or the
browser's word, and the size is capped. Only these types are kept; none is ever served as HTML.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ERR_TYPE = gettext_noop("Upload a PDF, PNG, JPEG or WebP image, .docx or .xlsx file.")
ERR_SIZE = gettext_noop("The file is larger than %(max)s MB.")
ERR_EMPTY = gettext_noop("The file is empty.")

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def sniff(content: bytes) -> str | None:
    """The content type these bytes really are, or ``None`` for anything we do not keep."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(b"PK\x03\x04"):
        return _office_type(content)
    return None


def check_size(size: int) -> None:
    """A ValidationError when ``size`` bytes are more than ``PROJECTS_UPLOAD_MAX_MB``: forms
    call it on the upload's declared size before reading a byte of it."""
    limit = settings.PROJECTS_UPLOAD_MAX_MB
    if size > limit * 1024 * 1024:
        raise ValidationError(_(ERR_SIZE) % {"max": limit})


def check_upload(content: bytes) -> str:
    """The checked content type, or a ValidationError with the reason."""
    if not content:
        raise ValidationError(_(ERR_EMPTY))
    check_size(len(content))
    kind = sniff(content)
    if kind is None:
        raise ValidationError(_(ERR_TYPE))
    return kind


def safe_filename(name: str) -> str:
    """The last part of the name, without characters a header or a file system trips on."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in name if c.isalnum() or c in " ._-()")
    return kept.strip()[:200] or "file"
