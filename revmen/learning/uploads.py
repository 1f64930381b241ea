"""What an uploaded material file is, judged from its first bytes (never from its name or the
browser's word), and the content type it is served with. Pure: no Django.

Only formats with a clear signature are accepted; anything that could be taken for HTML,
SVG or script (text files included) is refused, and even accepted files are only ever sent as
an attachment with ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    name: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileType("PDF", "application/pdf", (".pdf",))
PNG = FileType("PNG", "image/png", (".png",))
JPEG = FileType("JPEG", "image/jpeg", (".jpg", ".jpeg"))
MP4 = FileType("MP4", "video/mp4", (".mp4", ".m4v", ".mov"))
WEBM = FileType("WebM", "video/webm", (".webm",))
MP3 = FileType("MP3", "audio/mpeg", (".mp3",))
OFFICE = FileType(
    "Office (docx, pptx, xlsx)",
    "application/octet-stream",
    (".docx", ".pptx", ".xlsx"),
)
ACCEPTED = (PDF, PNG, JPEG, MP4, WEBM, MP3, OFFICE)


def sniff(content: bytes) -> FileType | None:
    """The accepted type these bytes are, ``None`` for anything else."""
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if head.startswith(b"PK\x03\x04") and b"[Content_Types].xml" in content[:2048]:
        return OFFICE
    return None


def accepted_names() -> str:
    return ", ".join(t.name for t in ACCEPTED)


def safe_filename(name: str) -> str:
    """A download name without path parts, quotes or control characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in base if ch.isprintable() and ch not in "\"';")
    return kept.strip()[:150] or "material"
