"""Small instrument definitions and an administration factory for engine tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from revmen.instruments.library import load_definition
from revmen.instruments.models import Administration, Version
from revmen.instruments.services import administration_create

ATTITUDE: dict[str, Any] = {
    "code": "SIKAP-UJI",
    "name": "Sikap uji",
    "kind": "attitude",
    "revision": 1,
    "scales": [{"code": "BSH", "name": "Bersih"}, {"code": "MLY", "name": "Melayani"}],
    "sections": [
        {
            "title": "Bersih",
            "items": [
                {
                    "code": "B1",
                    "text": "Saya menolak gratifikasi.",
                    "type": "likert",
                    "points": 5,
                    "scale": "BSH",
                },
                {
                    "code": "B2",
                    "text": "Saya menganggap hadiah kecil wajar.",
                    "type": "likert",
                    "points": 5,
                    "reverse": True,
                    "scale": "BSH",
                },
                {
                    "code": "B3",
                    "text": "Saya melaporkan penyimpangan.",
                    "type": "likert",
                    "points": 5,
                    "scale": "BSH",
                },
            ],
        },
        {
            "title": "Melayani",
            "items": [
                {
                    "code": "M1",
                    "text": "Saya melayani dengan ramah.",
                    "type": "likert",
                    "points": 5,
                    "scale": "MLY",
                },
                {
                    "code": "M2",
                    "text": "Apa yang ingin Anda ubah?",
                    "type": "long_text",
                    "required": False,
                },
            ],
        },
    ],
}


def attitude_version() -> Version:
    load_definition(ATTITUDE)
    return Version.objects.get(instrument__code="SIKAP-UJI", number=1)


def administer(version: Version, **kwargs: Any) -> Administration:
    now = timezone.now()
    defaults: dict[str, Any] = {
        "title": "Uji",
        "audience": "participants",
        "identity": "identified",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=7),
    }
    defaults.update(kwargs)
    return administration_create(version=version, **defaults)
