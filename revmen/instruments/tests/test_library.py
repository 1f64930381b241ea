"""The built-in library: authored in Indonesian, loaded by a command, versioned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from revmen.instruments.library import library_files
from revmen.instruments.models import Instrument, Item, Version

pytestmark = pytest.mark.django_db


def test_the_library_loads_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("instruments", "load-library")
    assert capsys.readouterr().out.count("loaded") == len(library_files())
    call_command("instruments", "load-library")
    assert "loaded" not in capsys.readouterr().out.replace("unchanged", "")
    assert Version.objects.count() == len(library_files())


def test_the_library_has_the_four_instruments_the_training_needs() -> None:
    call_command("instruments", "load-library")
    codes = set(Instrument.objects.values_list("code", flat=True))
    assert {"SIKAP-RM", "EVAL-FASILITATOR", "EVAL-PENYELENGGARA", "SKM"} <= codes
    sikap = Instrument.objects.get(code="SIKAP-RM").latest_version()
    scale_codes = set(sikap.scales.values_list("code", flat=True))
    assert scale_codes == {"BSH", "MLY", "RSP", "BP", "AK", "KO", "HA", "LO", "AD", "KL"}
    assert sikap.items.filter(reverse=True).exists()
    skm = Instrument.objects.get(code="SKM").latest_version()
    elements = skm.items.filter(code__regex=r"^U[1-9]$")
    assert sorted(elements.values_list("code", flat=True)) == [f"U{i}" for i in range(1, 10)]
    assert set(elements.values_list("points", flat=True)) == {4}
    assert all(len(item.options) == 4 for item in elements)


@pytest.mark.parametrize("path", library_files(), ids=lambda p: p.name)
def test_every_library_file_is_well_formed(path: Path) -> None:
    data = json.loads(path.read_text())
    codes = [item["code"] for s in data["sections"] for item in s["items"]]
    assert len(codes) == len(set(codes))
    scales = {s["code"] for s in data["scales"]}
    for section in data["sections"]:
        for item in section["items"]:
            assert item["type"] in {"likert", "choice", "short_text", "long_text"}
            if item.get("scale"):
                assert item["scale"] in scales
            if item["type"] == "likert" and item.get("options"):
                assert len(item["options"]) == item["points"]


def test_export_and_import_through_the_command(tmp_path: Path) -> None:
    call_command("instruments", "load-library")
    path = tmp_path / "sikap.xlsx"
    call_command("instruments", "export", "sikap-rm", str(path))
    call_command("instruments", "import", str(path), "--code", "SIKAP-LOKAL")
    copy = Instrument.objects.get(code="SIKAP-LOKAL").latest_version()
    assert copy.items.count() == Item.objects.filter(version__instrument__code="SIKAP-RM").count()
    with pytest.raises(CommandError):
        call_command("instruments", "export", "TIDAK-ADA", str(path))
