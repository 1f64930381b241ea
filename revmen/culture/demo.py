"""Demo culture waves: two closed waves a year apart (trend, benchmark) and one open wave."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from revmen.accounts.models import Agency, Unit
from revmen.core.parts import DemoContext, demo_part
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.models import Instrument, Item, ItemKind
from revmen.instruments.services import response_submit

from .headcounts import headcounts_set
from .imports import import_wave
from .services import tokens_issue, wave_create

COMMENTS = [
    "Pelayanan perlu lebih cepat dan jelas prosedurnya.",
    "Pimpinan perlu lebih sering mendengar masukan staf.",
    "Kerja sama antarbidang sudah baik, pertahankan.",
    "Masih ada pungutan di luar ketentuan di loket tertentu.",
    "Perlu pelatihan layanan digital untuk pegawai.",
    "Jam layanan sudah tepat waktu dan ramah.",
]


@demo_part(40, "culture")
def load_culture_part(context: DemoContext) -> None:
    load_culture_demo(context.rng, context.today)


def load_culture_demo(rng: random.Random, today: date) -> None:
    for offset, agency in enumerate(Agency.objects.exclude(kind="institute").order_by("code")):
        units = list(Unit.objects.filter(agency=agency))
        base = 0.55 + 0.06 * offset
        _closed_wave(agency, units, rng, "Gelombang 2025", today - timedelta(days=330), base)
        _closed_wave(agency, units, rng, "Gelombang 2026", today - timedelta(days=20), base + 0.07)
    kota = Agency.objects.get(code="KOTA-PALANGKARAYA")
    _open_wave(kota, rng, today)


def _closed_wave(
    agency: Agency, units: list[Unit], rng: random.Random, name: str, on: date, favourable: float
) -> None:
    version = Instrument.objects.get(code="BUDAYA-BERAKHLAK").latest_version()
    items = [i for i in version.items.order_by("position") if not i.is_text]  # type: ignore[union-attr]
    lines = [",".join(["unit", *(i.code for i in items), "T1"])]
    for unit in units:
        size = rng.choice([0, 2, 3, 4, 6, 8, 9, 12, 15]) if unit.depth else rng.choice([2, 4])
        unit_effect = rng.gauss(0, 0.08)
        for _ in range(size):
            row = [_answer(rng, item, favourable + unit_effect) for item in items]
            comment = rng.choice(COMMENTS) if rng.random() < 0.3 else ""
            lines.append(",".join([f'"{unit.path}"', *row, comment]))
    content = ("\n".join(lines) + "\n").encode()
    result = import_wave(
        filename="demo.csv", content=content, agency_code=agency.code, wave_name=name, on=on
    )
    assert not result.errors, result.errors[:3]


def _answer(rng: random.Random, item: Item, favourable: float) -> str:
    """A Likert answer, or for a profile question one of its options (or, now and then, none)."""
    if item.kind == ItemKind.CHOICE:
        return "" if rng.random() < 0.1 else str(rng.randint(1, len(item.options)))
    return _value(rng, favourable)


def _value(rng: random.Random, favourable: float) -> str:
    if rng.random() < min(max(favourable, 0.05), 0.95):
        return str(rng.choice([4, 4, 5]))
    return str(rng.choice([1, 2, 3, 3]))


def _open_wave(agency: Agency, rng: random.Random, today: date) -> None:
    now = timezone.now()
    wave = wave_create(
        agency=agency,
        name="Gelombang Khusus Layanan",
        opens_at=now - timedelta(days=2),
        closes_at=now + timedelta(days=12),
    )
    items = list(wave.administration.version.items.order_by("position"))
    # The culture admin has entered the real staff numbers of the deepest units, so rates are
    # honest; their parents add them up. Drawn after the answers, so earlier data stays as is.
    answered = list(Unit.objects.filter(agency=agency, depth__gte=2)[:4])
    for unit in answered:
        for token in tokens_issue(wave=wave, unit=unit, count=rng.randint(2, 7)):
            values = [0 if item.is_text else int(_answer(rng, item, 0.7) or 0) for item in items]
            response_submit(
                administration=wave.administration, sheet=AnswerSheet(values=values), token=token
            )
    leaves = Unit.objects.filter(agency=agency, children__isnull=True).order_by("path")
    headcounts_set(wave=wave, values={u.pk: rng.randint(8, 40) for u in leaves})
