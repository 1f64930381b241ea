"""``revmen text affect | themes``: real files written and read back, JSON shape, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from revmen.text.affect import score
from revmen.text.tests.planted import planted_texts

ROOT = Path(__file__).resolve().parents[3]


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    call_command("text", *args, "--json")
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_affect_gives_one_result_per_line_with_bom_crlf_and_blank_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["Saya sangat senang dengan pelayanannya", "", "Petugasnya tidak ramah", "   "]
    path = tmp_path / "entries.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    result = run_json(capsys, "affect", str(path))
    assert result["warnings"] == []
    assert [r["line"] for r in result["results"]] == [1, 2, 3, 4]
    first, blank, third, spaces = result["results"]
    assert first["label"] == "positif" and first["affect"] == score(lines[0]).score
    assert first["values"] == ["BP", "ML"]
    assert blank == {"line": 2, "affect": 0.0, "label": "netral", "values": []}
    assert spaces == {"line": 4, "affect": 0.0, "label": "netral", "values": []}
    assert third["label"] == "negatif" and -1 <= third["affect"] < 0


def test_affect_final_newline_and_no_final_newline_give_the_same_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_end = tmp_path / "a.txt"
    with_end.write_text("senang\n\nkecewa\n", encoding="utf-8")
    without = tmp_path / "b.txt"
    without.write_text("senang\n\nkecewa", encoding="utf-8")
    a = run_json(capsys, "affect", str(with_end))
    b = run_json(capsys, "affect", str(without))
    assert a == b and len(a["results"]) == 3
    trailing_blank = tmp_path / "c.txt"
    trailing_blank.write_text("senang\n\n", encoding="utf-8")
    assert len(run_json(capsys, "affect", str(trailing_blank))["results"]) == 2
    empty = tmp_path / "d.txt"
    empty.write_bytes(b"")
    assert run_json(capsys, "affect", str(empty)) == {
        "results": [],
        "warnings": ["the file has no lines"],
    }


def test_affect_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Pelayanannya lambat sekali\n", encoding="utf-8")
    call_command("text", "affect", str(path))
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["line", "affect", "label", "values", "text"]
    assert out[1].split()[:3] == [
        "1",
        f"{score('Pelayanannya lambat sekali').score:+.3f}",
        "negatif",
    ]


@pytest.mark.parametrize("kind", ["missing", "directory", "not-utf8"])
def test_unreadable_files_exit_2(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "not-utf8":
        path.write_bytes(b"baik\n\xff\xfe rusak\n")
    for action in ("affect", "themes"):
        with pytest.raises(CommandError) as caught:
            call_command("text", action, str(path))
        assert caught.value.returncode == 2
        assert str(path) in str(caught.value)
    if kind == "not-utf8":
        assert "line 2" in str(caught.value)


def test_the_console_command_exits_2_on_a_missing_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", "text", "affect", str(tmp_path / "none.txt"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "no such file" in done.stderr and done.stdout == ""


def test_themes_json_counts_lines_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, _truth = planted_texts(8)
    # blank lines are ignored but the examples keep the file's line numbers
    lines = []
    for text in texts:
        lines.extend([text, ""])
    path = tmp_path / "themes.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_json(capsys, "themes", str(path))
    assert set(result) == {"themes", "unassigned"}
    sizes = [t["size"] for t in result["themes"]]
    assert sizes == sorted(sizes, reverse=True)
    assert sum(sizes) + result["unassigned"] == len(texts)
    for theme in result["themes"]:
        assert 1 <= len(theme["examples"]) <= 3
        assert all(n % 2 == 1 and lines[n - 1] for n in theme["examples"])
        assert 1 <= len(theme["label"].split(", ")) <= 3
    call_command("text", "themes", str(path))
    assert f"{len(texts)} texts" in capsys.readouterr().out
