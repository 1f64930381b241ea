"""Background work of grading: the batch report PDF (``exports.PDF_KIND``)."""

from __future__ import annotations

from . import exports  # noqa: F401  registers the job kind
