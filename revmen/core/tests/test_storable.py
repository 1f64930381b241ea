"""Issue 15, finding 5: text PostgreSQL cannot store (NUL, lone surrogates) is refused cleanly
wherever it comes in, never a server error (these tests raised on PostgreSQL before)."""

from __future__ import annotations

import importlib
import json
import pkgutil
from datetime import timedelta

from django import forms
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, override

import revmen
from revmen.core.storable import ERR_UNSTORABLE, StorableFormMixin, is_storable
from revmen.culture.services import tokens_issue, wave_create
from revmen.front.testing import BaseTestCase
from revmen.instruments.library import load_library
from revmen.instruments.models import Draft, Response, Token
from revmen.instruments.tests.helpers import administer, attitude_version


def message() -> str:
    """The message as pages show it (Indonesian by default; the msgid until translated)."""
    with override("id"):
        return gettext(ERR_UNSTORABLE)


def our_form_classes() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(revmen.__path__, "revmen."):
        if ".tests" in module.name or module.name.endswith(("migrations", "bench.__main__")):
            continue
        if module.name.rsplit(".", 1)[-1] in {"forms", "views", "programme_views"}:
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    todo: list[type] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("revmen.") and ".tests" not in sub.__module__:
                found.append(sub)
    return found


class StorableTextTests(BaseTestCase):
    def test_it_tells_storable_text_from_what_postgresql_refuses(self) -> None:
        for text in ["", "Budi", "Ñandú ☕ 🙂", "\u202eRTL", "=1+1", "tab\there"]:
            self.assertTrue(is_storable(text), text)
        for text in ["a\x00b", "\x00", "\ud800", "x\udfff", "🙂\ud83d"]:
            self.assertFalse(is_storable(text), repr(text))

    def test_it_puts_every_form_of_ours_under_the_check(self) -> None:
        classes = our_form_classes()
        self.assertGreater(len(classes), 25)
        unchecked = [c.__qualname__ for c in classes if not issubclass(c, StorableFormMixin)]
        self.assertEqual(unchecked, [])

    def test_it_refuses_a_nul_in_a_form_field_with_one_clear_message(self) -> None:
        from revmen.accounts.forms import AgencyForm

        form = AgencyForm(
            {"code": "X\x00Y", "name": "N", "kind": "other", "timezone": "Asia/Jakarta"}
        )
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["code"], [gettext(ERR_UNSTORABLE)])

    def test_it_refuses_a_nul_on_a_page_form_and_writes_nothing(self) -> None:
        self.login(self.admin)
        response = self.client.post(
            "/agencies/new/",
            {"code": "NUL-1", "name": "Dinas\x00", "kind": "other", "timezone": "Asia/Jakarta"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message())
        from revmen.accounts.models import Agency

        self.assertFalse(Agency.objects.filter(code="NUL-1").exists())

    def test_it_answers_400_to_a_nul_in_the_path_the_query_or_a_cookie(self) -> None:
        for url in ["/s/ab%00cd/", "/t/x%00/", "/agencies/A%00/", "/?s=%00"]:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertContains(response, message(), status_code=400)
        self.client.cookies["sessionid"] = "abcdefgh\x00ijkl"
        self.assertEqual(self.client.get("/").status_code, 400)

    def test_it_leaves_ordinary_text_in_the_query_alone(self) -> None:
        self.assertEqual(self.client.get("/login/?next=/%C3%B1/").status_code, 200)


class AnswerTextTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        load_library()
        now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="W",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=1),
        )
        items = self.wave.administration.version.items.order_by("position")
        self.full = {i.code: "4" if i.kind == "likert" else "1" for i in items if not i.is_text}

    def test_the_intake_refuses_a_nul_in_a_text_answer_and_keeps_the_token(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        response = self.client.post(f"/api/answers/{token}/", {**self.full, "T1": "baik\x00"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"], {"T1": message()})
        self.assertFalse(Response.objects.exists())
        self.assertTrue(Token.objects.exists())

    def test_the_intake_refuses_a_lone_surrogate_in_json(self) -> None:
        (token,) = tokens_issue(wave=self.wave, unit=self.seksi, count=1)
        body = json.dumps({**self.full, "T2": "rusak \ud800"})  # JSON escapes it as \\ud800
        response = self.client.post(f"/api/answers/{token}/", body, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"T2"})
        self.assertFalse(Response.objects.exists())

    def test_the_draft_save_refuses_a_nul_and_keeps_what_was_saved(self) -> None:
        version = attitude_version()
        administration = administer(version, batch=self.batch, title="Pre")
        url = f"/q/{administration.pk}/"
        self.login(self.participant)
        self.client.post(url + "?s=1", {"M1": "4", "M2": "Lebih sigap."})
        page = self.client.post(url + "?s=1", {"M1": "3", "M2": "Lebih\x00 sigap."})
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, message())
        draft = Draft.objects.get()
        self.assertEqual(draft.texts, {"M2": "Lebih sigap."})
