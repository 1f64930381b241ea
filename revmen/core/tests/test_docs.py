"""Keep the docs honest: every setting and every command of ours is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
SETTINGS_VARS = sorted(
    set(
        re.findall(
            r'(?:os\.environ\.get|envbool|envint|envlist|envrate)\("([A-Z_]+)"',
            (ROOT / "revmen" / "settings.py").read_text(),
        )
    )
)
OUR_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("revmen"))


def test_there_are_settings_and_commands_to_check() -> None:
    assert "DATABASE_URL" in SETTINGS_VARS
    assert {"agencies", "demo", "serve"} <= set(OUR_COMMANDS)


@pytest.mark.parametrize("name", SETTINGS_VARS)
def test_every_setting_is_in_env_example_and_docs(name: str) -> None:
    assert re.search(rf"^{name}=", (ROOT / ".env.example").read_text(), re.M), name
    assert f"`{name}`" in (ROOT / "docs" / "settings.md").read_text(), name


@pytest.mark.parametrize("name", OUR_COMMANDS)
def test_every_command_is_in_the_cli_docs(name: str) -> None:
    assert f"`revmen {name}" in (ROOT / "docs" / "cli.md").read_text(), name


def test_the_readme_lists_every_demo_login() -> None:
    from revmen.front.demo import LOGINS

    readme = (ROOT / "README.md").read_text()
    for email, _label in LOGINS.values():
        assert email in readme, email
