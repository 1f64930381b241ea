"""The coded values revmen measures and reports on, as data.

Three families of values, each value with a short code (the scale codes of the built-in
instruments, which win over any other spelling), its official Indonesian term and a label for the
UI:

- ``berakhlak``: the ASN core values since 2021, ``BP AK KO HA LO AD KL``;
- ``training``: what the Mental Revolution training aims at, ``BS`` bersih, ``ML`` melayani,
  ``RS`` responsif;
- ``gnrm``: the three essential values of the national movement, ``IN`` integritas, ``EK`` etos
  kerja, ``GR`` gotong royong.

``SIKAP_SCALES`` maps the SIKAP-RM attitude instrument's scales (``BSH MLY RSP``) to the training
values; ``scale_value(code)`` reads either spelling. The five GNRM movements (Gerakan Indonesia
Melayani, Bersih, Tertib, Mandiri, Bersatu) are a list of their own, ``MOVEMENTS``: they are
programmes of the movement, not values a questionnaire scores.

``core/tests/test_values.py`` checks the codes and terms against
``revmen/instruments/library/*.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

BERAKHLAK = "berakhlak"
TRAINING = "training"
GNRM = "gnrm"
FAMILIES = (BERAKHLAK, TRAINING, GNRM)


@dataclass(frozen=True)
class Value:
    code: str
    family: str
    # The official Indonesian term, as the instruments and regulations spell it.
    term: str
    label: str | Promise

    def __str__(self) -> str:
        return str(self.label)


VALUES: tuple[Value, ...] = (
    Value("BP", BERAKHLAK, "Berorientasi Pelayanan", _("Service oriented")),
    Value("AK", BERAKHLAK, "Akuntabel", _("Accountable")),
    Value("KO", BERAKHLAK, "Kompeten", _("Competent")),
    Value("HA", BERAKHLAK, "Harmonis", _("Harmonious")),
    Value("LO", BERAKHLAK, "Loyal", _("Loyal")),
    Value("AD", BERAKHLAK, "Adaptif", _("Adaptive")),
    Value("KL", BERAKHLAK, "Kolaboratif", _("Collaborative")),
    Value("BS", TRAINING, "Bersih", _("Clean")),
    Value("ML", TRAINING, "Melayani", _("Serving")),
    Value("RS", TRAINING, "Responsif", _("Responsive")),
    Value("IN", GNRM, "Integritas", _("Integrity")),
    Value("EK", GNRM, "Etos Kerja", _("Work ethic")),
    Value("GR", GNRM, "Gotong Royong", _("Mutual cooperation")),
)

# SIKAP-RM's three-letter scale codes for the training values.
SIKAP_SCALES: dict[str, str] = {"BSH": "BS", "MLY": "ML", "RSP": "RS"}


@dataclass(frozen=True)
class Movement:
    code: str
    term: str
    label: str | Promise

    def __str__(self) -> str:
        return str(self.label)


MOVEMENTS: tuple[Movement, ...] = (
    Movement("MELAYANI", "Gerakan Indonesia Melayani", _("Serving Indonesia Movement")),
    Movement("BERSIH", "Gerakan Indonesia Bersih", _("Clean Indonesia Movement")),
    Movement("TERTIB", "Gerakan Indonesia Tertib", _("Orderly Indonesia Movement")),
    Movement("MANDIRI", "Gerakan Indonesia Mandiri", _("Self-reliant Indonesia Movement")),
    Movement("BERSATU", "Gerakan Indonesia Bersatu", _("United Indonesia Movement")),
)

_BY_CODE = {value.code: value for value in VALUES}
_MOVEMENTS_BY_CODE = {movement.code: movement for movement in MOVEMENTS}


def value(code: str) -> Value:
    """The value with this code (``"BP"``); ``KeyError`` for an unknown one."""
    return _BY_CODE[code.strip().upper()]


def values_of(family: str) -> tuple[Value, ...]:
    """The values of one family, in their official order; ``KeyError`` for an unknown family."""
    if family not in FAMILIES:
        raise KeyError(family)
    return tuple(v for v in VALUES if v.family == family)


def scale_value(scale_code: str) -> Value | None:
    """The value an instrument scale measures (``"BP"``, ``"BSH"``), ``None`` for other scales."""
    code = scale_code.strip().upper()
    return _BY_CODE.get(SIKAP_SCALES.get(code, code))


def movement(code: str) -> Movement:
    return _MOVEMENTS_BY_CODE[code.strip().upper()]


def choices(family: str | None = None) -> list[tuple[str, str | Promise]]:
    """``(code, label)`` pairs for a form or model field: one family, or all values."""
    chosen = values_of(family) if family is not None else VALUES
    return [(v.code, v.label) for v in chosen]
