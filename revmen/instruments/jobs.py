"""Import kinds of this app, registered with the background job runner."""

from __future__ import annotations

from revmen.core.jobs import register

from .spreadsheet import import_instrument_job

register("instrument")(import_instrument_job)
