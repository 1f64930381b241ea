"""Load a past culture wave (e.g. from an earlier survey tool) from a CSV into a closed wave."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.accounts.models import Agency, Unit
from revmen.accounts.services import agency_create, unit_ensure_path
from revmen.asn.unitpath import InvalidPath, join_path, split_path
from revmen.core.imports import ImportResult
from revmen.core.spreadsheets import RowError, read_sheet
from revmen.instruments.library import load_library
from revmen.instruments.models import Response, Version

from .aggregates import fold_all, shuffle_rows
from .models import Wave
from .report import summarise
from .services import default_culture_version, wave_create


@dataclass
class CultureImport(ImportResult):
    wave: Wave | None = None
    units_created: int = 0

    def counts(self) -> dict[str, int]:
        return {"units_created": self.units_created}

    def line(self) -> str:
        name = self.wave.name if self.wave else ""
        return (
            f"imported {self.rows} responses into wave {name} (units created {self.units_created})"
        )


def import_wave(
    *,
    filename: str,
    content: bytes,
    agency_code: str,
    wave_name: str,
    on: date | None = None,
    create_org: str = "",
    create_units: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> CultureImport:
    """All-or-nothing: check every row, then write the wave, its responses and aggregates."""
    result = CultureImport()
    if default_culture_version() is None:
        load_library()
    version = default_culture_version()
    assert version is not None
    agency = Agency.objects.filter(code=agency_code.strip().upper()).first()
    if agency is None and not create_org:
        reason = _("unknown agency %(c)s (give --create-org NAME to create it)")
        result.errors.append(RowError(0, "--org", reason % {"c": agency_code}))
        return result
    if agency is not None and Wave.objects.filter(agency=agency, name=wave_name).exists():
        reason = _("a wave named %(n)s exists already")
        result.errors.append(RowError(0, "--wave", reason % {"n": wave_name}))
        return result
    items = list(version.items.order_by("position"))
    sheet = read_sheet(
        filename, content, required=["unit"], optional=[item.code.lower() for item in items]
    )
    if sheet.extra_columns:
        result.notes.append(_("Ignored column(s): %(c)s") % {"c": ", ".join(sheet.extra_columns)})
    units = {u.path: u for u in Unit.objects.filter(agency=agency)} if agency else {}
    parsed: list[tuple[str, bytes, dict[str, str]]] = []
    for row in sheet.rows:
        values = bytearray(len(items))
        texts: dict[str, str] = {}
        before = len(result.errors)
        try:
            path = join_path(split_path(row.text("unit")))
        except InvalidPath as error:
            result.errors.append(RowError(row.number, "unit", str(error)))
            path = ""
        if path not in units and not create_units and not result.errors[before:]:
            result.errors.append(
                RowError(row.number, "unit", _("unknown unit %(p)s") % {"p": path})
            )
        for item in items:
            raw = row.text(item.code.lower())
            if item.is_text:
                if raw:
                    texts[item.code] = raw
                continue
            if raw == "":
                continue
            try:
                value = int(float(raw))
                ok = float(raw) == value and 1 <= value <= item.max_value
            except ValueError:
                ok = False
            if not ok:
                reason = _("must be a whole number from 1 to %(m)s") % {"m": item.max_value}
                result.errors.append(RowError(row.number, item.code, reason))
                continue
            values[item.position] = value
        if len(result.errors) == before:
            parsed.append((path, bytes(values), texts))
    result.rows = len(sheet.rows)
    if result.errors:
        return result
    with transaction.atomic():
        result.wave = _write(
            parsed,
            agency,
            create_org,
            agency_code,
            wave_name,
            version,
            on or timezone.localdate(),
            result,
            progress,
        )
    result.written = True
    return result


def _write(
    parsed: list[tuple[str, bytes, dict[str, str]]],
    agency: Agency | None,
    create_org: str,
    code: str,
    name: str,
    version: Version,
    on: date,
    result: CultureImport,
    progress: Callable[[int, int], None] | None,
) -> Wave:
    if agency is None:
        agency = agency_create(code=code, name=create_org)
    units = {u.path: u for u in Unit.objects.filter(agency=agency)}
    for path in sorted({p for p, _v, _t in parsed} - set(units)):
        _unit, created = unit_ensure_path(agency=agency, path=path)
        result.units_created += created
    units = {u.path: u for u in Unit.objects.filter(agency=agency)}
    opens = timezone.make_aware(datetime.combine(on, time(0, 0)))
    wave = wave_create(
        agency=agency,
        name=name,
        version=version,
        opens_at=opens,
        closes_at=opens + timedelta(days=1),
    )
    batch = []
    for index, (path, answers, texts) in enumerate(parsed, start=1):
        batch.append(
            Response(
                administration=wave.administration,
                unit=units[path],
                answers=answers,
                texts=texts,
                submitted_on=on,
            )
        )
        if len(batch) == 5000 or index == len(parsed):
            Response.objects.bulk_create(batch)
            batch = []
            if progress:
                progress(index, len(parsed))
    fold_all(wave, embed_comments=False)  # a past wave: sentiment of its comments, no themes
    shuffle_rows(wave)
    wave.closed_at = timezone.now()
    wave.summary = summarise(wave)
    wave.save(update_fields=["closed_at", "summary"])
    return wave
