"""The coded values agree with the built-in instruments, whose codes win."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.functional import Promise

from revmen.core import values
from revmen.core.values import (
    BERAKHLAK,
    GNRM,
    MOVEMENTS,
    SIKAP_SCALES,
    TRAINING,
    choices,
    movement,
    scale_value,
    value,
    values_of,
)

LIBRARY = Path(__file__).resolve().parents[2] / "instruments" / "library"
# Culture-instrument scales that are no value: the overall result.
NOT_VALUES = {"OV"}


def _instruments() -> dict[str, dict]:  # type: ignore[type-arg]
    found = {}
    for path in sorted(LIBRARY.glob("*.json")):
        data = json.loads(path.read_text())
        found[data["code"]] = data
    return found


def _scales(code: str) -> dict[str, str]:
    return {scale["code"]: scale["name"] for scale in _instruments()[code].get("scales", [])}


def test_the_families_hold_the_codes_of_the_issue_in_order() -> None:
    assert [v.code for v in values_of(BERAKHLAK)] == ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]
    assert [v.code for v in values_of(TRAINING)] == ["BS", "ML", "RS"]
    assert [v.code for v in values_of(GNRM)] == ["IN", "EK", "GR"]
    assert [m.term for m in MOVEMENTS] == [
        "Gerakan Indonesia Melayani",
        "Gerakan Indonesia Bersih",
        "Gerakan Indonesia Tertib",
        "Gerakan Indonesia Mandiri",
        "Gerakan Indonesia Bersatu",
    ]
    assert len({v.code for v in values.VALUES}) == len(values.VALUES)


def test_the_culture_instrument_scores_exactly_the_berakhlak_and_training_values() -> None:
    [culture] = [code for code, data in _instruments().items() if data["kind"] == "culture"]
    scales = {code: name for code, name in _scales(culture).items() if code not in NOT_VALUES}
    expected = [*values_of(BERAKHLAK), *values_of(TRAINING)]
    assert list(scales) == [v.code for v in expected]
    assert list(scales.values()) == [v.term for v in expected]


def test_the_sikap_scales_map_to_the_training_values() -> None:
    scales = _scales("SIKAP-RM")
    assert set(SIKAP_SCALES) <= set(scales)
    for sikap, code in SIKAP_SCALES.items():
        assert value(code).family == TRAINING
        assert scales[sikap] == value(code).term
    for code in set(scales) - set(SIKAP_SCALES):
        assert scales[code] == value(code).term


def test_every_library_scale_named_like_a_value_carries_that_values_code() -> None:
    by_term = {v.term.lower(): v for v in values.VALUES}
    seen = 0
    for data in _instruments().values():
        for scale in data.get("scales", []):
            known = by_term.get(scale["name"].lower())
            if known is not None:
                assert scale_value(scale["code"]) == known, (data["code"], scale["code"])
                seen += 1
    assert seen >= 20


def test_lookups_by_code_scale_and_family() -> None:
    assert value(" bp ").term == "Berorientasi Pelayanan"
    assert scale_value("MLY") == value("ML") and scale_value("OV") is None
    assert movement("tertib").term == "Gerakan Indonesia Tertib"
    assert choices(GNRM)[0][0] == "IN" and len(choices()) == 13
    with pytest.raises(KeyError):
        value("XX")
    with pytest.raises(KeyError):
        values_of("nilai")


def test_labels_are_translatable_english_msgids() -> None:
    assert all(isinstance(v.label, Promise) for v in values.VALUES)
    assert all(isinstance(m.label, Promise) for m in MOVEMENTS)
    with translation.override("en"):
        assert str(value("BP")) == "Service oriented"
        assert str(movement("BERSIH")) == "Clean Indonesia Movement"
