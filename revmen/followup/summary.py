"""What other apps built in parallel add to the alumni pages, when they are installed.

``learning`` (commitments, journal), ``certificates`` and ``projects`` (milestones) publish
selectors; this module asks for them by name so that the follow-up works with or without
them (a missing module or function gives an empty part, never an error).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from revmen.training.models import Enrolment


def _selector(module: str, name: str) -> Callable[..., Any] | None:
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    func = getattr(found, name, None)
    return func if callable(func) else None


def commitments_for(enrolment: Enrolment) -> list[Any]:
    """The alumnus's commitments in this batch (``learning.selectors.commitments_of``)."""
    func = _selector("revmen.learning.selectors", "commitments_of")
    return list(func(enrolment.person, enrolment.batch)) if func else []


def journal_url(enrolment: Enrolment) -> str:
    func = _selector("revmen.learning.selectors", "journal_url")
    return str(func(enrolment.person, enrolment.batch) or "") if func else ""


def certificate_url(enrolment: Enrolment) -> str:
    func = _selector("revmen.certificates.selectors", "certificate_url")
    return str(func(enrolment.person, enrolment.batch) or "") if func else ""


def milestones_due(enrolment: Enrolment) -> list[Any]:
    func = _selector("revmen.projects.selectors", "milestones_due")
    return list(func(enrolment.person, enrolment.batch)) if func else []
