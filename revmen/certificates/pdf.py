"""Certificates as PDF (WeasyPrint), A4 landscape, with the QR code of the verification URL.

Many certificates render as one HTML document, one page each, laid out once; each page is then
written as its own PDF (``Document.copy``). Layout and font loading are most of WeasyPrint's
time, so a batch of 40 costs little more than a single 40-page file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from functools import cache
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import translation

from . import signing
from .models import Certificate, Kind


@cache
def _fonts() -> Any:
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


# The QR code's data mask. Any of the eight is valid and every decoder reads all of them;
# choosing the one with the lowest ISO/IEC 18004 penalty (segno's default) costs ~40 ms per
# code of this size (version 16, all eight masks laid out and scored), more than the page's
# layout. The penalty guards against long runs and finder-like patterns that structured data
# can produce; our data is base64url of a signed payload, close to random already, so a fixed
# mask loses nothing in practice (tests decode the rasterised page with zxing-cpp).
QR_MASK = 0


def qr_data_uri(url: str) -> str:
    """The QR code as a PNG (one pixel per module; drawn without smoothing): WeasyPrint draws
    an SVG's many path segments far slower than it embeds a small image."""
    code = segno.make(url, error="m", micro=False, mask=QR_MASK)
    return str(code.png_data_uri(scale=1, border=2))


def page_context(cert: Certificate) -> dict[str, Any]:
    url = signing.verify_url(cert.token)
    return {"c": cert, "qr": qr_data_uri(url), "url": url, "sttpp": cert.kind == Kind.STTPP}


def render_html(certs: Sequence[Certificate]) -> str:
    with translation.override("id"):
        return render_to_string(
            "certificates/certificate_pdf.html", {"pages": [page_context(c) for c in certs]}
        )


def render_certificates(certs: Sequence[Certificate]) -> list[bytes]:
    """One PDF per certificate, in order."""
    import weasyprint

    if not certs:
        return []
    document = weasyprint.HTML(string=render_html(certs)).render(font_config=_fonts())
    if len(document.pages) != len(certs):  # a page overflowed: render them one by one
        return [
            weasyprint.HTML(string=render_html([c])).render(font_config=_fonts()).write_pdf()
            for c in certs
        ]
    return [document.copy([page]).write_pdf() for page in document.pages]


def file_name(cert: Certificate) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in cert.number)
    return f"{safe}.pdf"


def zip_files(files: Sequence[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
