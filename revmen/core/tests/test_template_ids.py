"""Ids in templates are never localised: with USE_THOUSAND_SEPARATOR, ``{{ unit.pk }}`` prints
"1.035" (or "1,035"), which breaks every link, form value and data attribute past id 999."""

from __future__ import annotations

import re
from pathlib import Path

import revmen

RAW_ID = re.compile(r"\{\{ [a-z_.]+\.(?:pk|id|[a-z]+_id) \}\}")


def test_no_template_prints_an_id_through_number_formatting() -> None:
    root = Path(revmen.__file__).parent
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted(root.rglob("*.html"))
        for match in RAW_ID.finditer(path.read_text())
    ]
    assert found == [], "write {{ x.pk|unlocalize }} ({% load l10n %}):\n" + "\n".join(found)


def test_an_id_past_999_renders_plainly() -> None:
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("id"):
        html = Template("{% load l10n %}{{ n }}|{{ n|unlocalize }}").render(Context({"n": 1035}))
    assert html == "1.035|1035"
