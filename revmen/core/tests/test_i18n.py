from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from revmen.front.testing import BaseTestCase


class LanguageTests(BaseTestCase):
    def test_the_ui_is_indonesian_by_default_even_for_english_browsers(self) -> None:
        response = self.client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, '<html lang="id">')
        self.assertContains(response, "NIP atau e-mail")

    def test_english_can_be_chosen(self) -> None:
        response = self.client.post(
            "/i18n/setlang/", {"language": "en", "next": "/login/"}, follow=True
        )
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "NIP or e-mail")


class TimezoneTests(BaseTestCase):
    def test_times_are_shown_in_the_persons_zone(self) -> None:
        moment = datetime(2026, 11, 24, 2, 30, tzinfo=ZoneInfo("UTC"))
        template = Template("{% load revmen %}{{ moment|localtime_zone }}")
        with translation.override("id"), timezone.override(ZoneInfo("Asia/Makassar")):
            self.assertEqual(
                template.render(Context({"moment": moment})), "24 November 2026 10.30 WITA"
            )
        with translation.override("id"), timezone.override(ZoneInfo("Asia/Jayapura")):
            self.assertEqual(
                template.render(Context({"moment": moment})), "24 November 2026 11.30 WIT"
            )

    def test_a_person_follows_their_agency_zone_unless_they_chose_one(self) -> None:
        self.assertEqual(self.participant2.effective_timezone, "Asia/Makassar")  # KOTA-B, WITA
        self.assertEqual(self.participant.effective_timezone, "Asia/Jakarta")
        self.login(self.participant2)
        self.assertContains(self.client.get("/"), "WITA")
        self.client.post("/profile/", {"timezone": "Asia/Jayapura"})
        self.assertContains(self.client.get("/"), "WIT<")

    def test_a_request_leaves_neither_its_language_nor_its_zone_behind(self) -> None:
        # What the thread does after a request (the next request's start, a task run in
        # process, the next test) must not run in the last visitor's language or zone.
        self.login(self.participant2)  # WITA
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = self.client.get("/")
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, "WITA")
        self.assertEqual(translation.get_language(), settings.LANGUAGE_CODE)
        self.assertEqual(timezone.get_current_timezone_name(), settings.TIME_ZONE)

    def test_numbers_use_indonesian_separators(self) -> None:
        template = Template("{% load humanize %}{{ n|intcomma }} {{ x }}")
        with translation.override("id"), self.settings(USE_THOUSAND_SEPARATOR=True):
            self.assertEqual(template.render(Context({"n": 4300000, "x": 61.1})), "4.300.000 61,1")
        self.assertEqual(settings.LANGUAGE_CODE, "id")


def _po_entries(path):  # type: ignore[no-untyped-def]
    """(msgid, [msgstr…], flags) from a .po file; enough of the format for our own files."""
    import ast as _ast

    entries, flags, current, key = [], "", {}, None
    for line in [*path.read_text().splitlines(), ""]:
        if not line.strip():
            if current:
                entries.append(
                    (
                        current.get("msgid", ""),
                        [v for k, v in current.items() if k.startswith("msgstr")],
                        flags,
                    )
                )
            flags, current, key = "", {}, None
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += _ast.literal_eval(line)
        else:
            key, _sep, value = line.partition(" ")
            current[key] = _ast.literal_eval(value)
    return entries


def test_the_indonesian_translation_is_complete_and_compiled() -> None:
    from gettext import GNUTranslations
    from pathlib import Path

    folder = Path(settings.LOCALE_PATHS[0]) / "id" / "LC_MESSAGES"
    entries = [e for e in _po_entries(folder / "django.po") if e[0]]
    assert len(entries) > 100
    assert [e[0] for e in entries if "fuzzy" in e[2]] == []
    assert [e[0] for e in entries if not all(e[1])] == []
    with (folder / "django.mo").open("rb") as handle:
        compiled = GNUTranslations(handle)
    stale = [
        msgid
        for msgid, strs, _flags in entries
        if "\x00" not in msgid and compiled.gettext(msgid) != strs[0]
    ]
    assert stale == [], "run `make messages` to compile the .mo"
