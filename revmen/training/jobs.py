"""Import kinds of this app, registered with the background job runner."""

from __future__ import annotations

from revmen.core.jobs import register

from .imports import import_enrolments_job

register("enrolment")(import_enrolments_job)
