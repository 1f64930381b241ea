from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.utils import timezone

from revmen.instruments.library import load_library
from revmen.service.models import ServiceUnit, SkmPeriod
from revmen.service.services import (
    period_open,
    service_unit_create,
    standard_approve,
    standard_save,
)
from revmen.service.standard import COMPONENTS


def make_service_unit(unit: Any, slug: str = "dinkes", by: Any = None) -> ServiceUnit:
    load_library()
    return service_unit_create(
        unit=unit, slug=slug, name="Pelayanan Dinas Kesehatan", population=120, by=by
    )


def publish_standard(service_unit: ServiceUnit, by: Any, note: str = "") -> None:
    standard_save(
        service_unit=service_unit,
        service_name="Izin praktik tenaga kesehatan",
        components={c.code: f"Isi {c.code}" for c in COMPONENTS},
        is_free=True,
        pledge="Kami siap melayani dengan cepat, ramah dan tanpa pungutan.",
        change_note=note,
        submit=True,
        by=by,
    )
    standard_approve(service_unit=service_unit, by=by)


def open_period(service_unit: ServiceUnit, name: str = "2026-I", days: int = 30) -> SkmPeriod:
    return period_open(
        service_unit=service_unit, name=name, closes_at=timezone.now() + timedelta(days=days)
    )


def sheet(rng: random.Random, *, profile: bool = True) -> dict[str, str]:
    data = {f"U{i}": str(rng.choice([2, 3, 3, 3, 4, 4])) for i in range(1, 10)}
    if profile:
        data.update(
            R1=str(rng.randint(1, 2)), R2=str(rng.randint(2, 4)), R3="3", R4=str(rng.randint(1, 5))
        )
    return data
