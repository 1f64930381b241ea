"""The built-in instrument library: JSON files authored in Indonesian, loaded by a command.

Each file carries a ``revision``; loading creates version ``revision`` of the instrument when it
does not exist yet, so loading twice changes nothing and a new revision becomes a new version
(old versions, and their responses, stay as they were).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .models import Instrument, Item, Scale, Section, Version
from .qtypes import QTYPES

LIBRARY = Path(__file__).resolve().parent / "library"


@dataclass
class LoadResult:
    code: str
    version: int
    created: bool


def library_files() -> list[Path]:
    return sorted(LIBRARY.glob("*.json"))


def load_library() -> list[LoadResult]:
    return [load_definition(json.loads(path.read_text())) for path in library_files()]


@transaction.atomic
def load_definition(data: dict[str, Any], *, builtin: bool = True) -> LoadResult:
    instrument, _created = Instrument.objects.get_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "kind": data["kind"],
            "description": data.get("description", ""),
            "is_builtin": builtin,
        },
    )
    revision = int(data.get("revision", 1))
    if instrument.versions.filter(number=revision).exists():
        return LoadResult(instrument.code, revision, False)
    instrument.name = data["name"]
    instrument.description = data.get("description", "")
    instrument.save(update_fields=["name", "description"])
    version = version_build(instrument=instrument, number=revision, definition=data)
    return LoadResult(instrument.code, version.number, True)


def version_build(
    *, instrument: Instrument, number: int, definition: dict[str, Any], note: str = ""
) -> Version:
    """Create a version with its scales, sections and items from a plain definition."""
    version = Version.objects.create(instrument=instrument, number=number, note=note)
    scales = {
        s["code"]: Scale.objects.create(version=version, code=s["code"], name=s["name"], order=i)
        for i, s in enumerate(definition.get("scales", []))
    }
    position = 0
    for order, section_data in enumerate(definition["sections"]):
        section = Section.objects.create(
            version=version,
            order=order,
            title=section_data["title"],
            intro=section_data.get("intro", ""),
        )
        for item_data in section_data["items"]:
            kind = item_data["type"]
            qtype = QTYPES.get(kind)  # an unknown kind is refused by full_clean below
            item = Item(
                version=version,
                section=section,
                position=position,
                code=item_data["code"],
                text=item_data["text"],
                kind=kind,
                points=item_data.get("points") if qtype and qtype.has_points else None,
                reverse=bool(item_data.get("reverse", False)),
                scale=scales.get(item_data.get("scale") or ""),
                options=list(item_data.get("options") or []),
                option_codes=list(item_data.get("option_codes") or []),
                key=item_data.get("key"),
                required=bool(item_data.get("required", True)),
            )
            item.full_clean(exclude=["version", "section", "scale"])
            item.save()
            position += 1
    return version


def version_definition(version: Version) -> dict[str, Any]:
    """The plain definition of a version (the inverse of ``version_build``)."""
    instrument = version.instrument
    return {
        "code": instrument.code,
        "name": instrument.name,
        "kind": instrument.kind,
        "revision": version.number,
        "description": instrument.description,
        "scales": [{"code": s.code, "name": s.name} for s in version.scales.all()],
        "sections": [
            {
                "title": section.title,
                "intro": section.intro,
                "items": [
                    {
                        "code": i.code,
                        "text": i.text,
                        "type": i.kind,
                        "points": i.points,
                        "reverse": i.reverse,
                        "scale": i.scale.code if i.scale else None,
                        "options": i.options,
                        "option_codes": i.option_codes,
                        "key": i.key,
                        "required": i.required,
                    }
                    for i in section.items.select_related("scale").order_by("position")
                ],
            }
            for section in version.sections.all()
        ],
    }
