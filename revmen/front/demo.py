"""A realistic Indonesian demo, generated with a fixed seed. It grows with every feature.

Each app brings its part from its own ``demo.py`` (registered with ``revmen.core.parts.demo_part``):
accounts (an institute, four agencies with unit trees, people in every role), training (a
programme with a closed, a running and a planned batch, its curriculum, sessions and attendance),
instruments (pre/post tests and evaluations, answered) and culture (waves with answers). The parts
run in order in one transaction and share one seeded random stream, so the demo is the same on
every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from revmen.accounts.demo import INSTITUTE, LOGINS, PASSWORD, SEED
from revmen.accounts.models import Agency, Person, Unit
from revmen.core.parts import DemoContext, demo_parts
from revmen.instruments.models import Response
from revmen.training.models import Batch, Enrolment

__all__ = ["LOGINS", "PASSWORD", "DemoResult", "demo_loaded", "load_demo"]


@dataclass
class DemoResult:
    created: bool
    counts: dict[str, int] = field(default_factory=dict)


def demo_loaded() -> bool:
    return Agency.objects.filter(code=INSTITUTE[0]).exists()


def load_demo(*, today: date | None = None) -> DemoResult:
    """Load the demo once; a second call changes nothing."""
    if demo_loaded():
        return DemoResult(created=False, counts=_counts())
    autodiscover_modules("demo")
    context = DemoContext(today=today or date.today(), rng=random.Random(SEED))
    with transaction.atomic():
        for _name, part in demo_parts():
            part(context)
    return DemoResult(created=True, counts=_counts())


def _counts() -> dict[str, int]:
    return {
        "agencies": Agency.objects.count(),
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "batches": Batch.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "responses": Response.objects.count(),
    }
