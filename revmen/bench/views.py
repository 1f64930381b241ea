"""Baseline for the intake benchmark: the plainest Django view that stores one answer row.

Mounted only by ``revmen.bench.settings`` (never in production): no token, no validation,
one ORM insert per request in autocommit. ``make bench`` compares the real intake with it.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from revmen.instruments.models import Response


@csrf_exempt
def naive_insert(request: HttpRequest, administration_id: int, unit_id: int) -> HttpResponse:
    Response.objects.create(
        id=uuid.uuid4(),
        administration_id=administration_id,
        unit_id=unit_id,
        answers=request.body[:64],
        texts={},
        submitted_on=timezone.localdate(),
    )
    return HttpResponse("ok", status=201)
