"""Import kinds of this app, registered with the background job runner."""

from __future__ import annotations

from revmen.core.jobs import register

from .response_imports import import_responses_job
from .spreadsheet import import_instrument_job

RESPONSES_IMPORT = "instrument.responses"

register("instrument")(import_instrument_job)
register(RESPONSES_IMPORT)(import_responses_job)
