"""Issue 15: programme and batch codes are parts of URLs, so only URL-safe codes are taken
(a "/" used to create the programme and then fail with a server error on its redirect)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from revmen.front.testing import BaseTestCase
from revmen.training import services
from revmen.training.models import Batch, Programme
from revmen.training.services import ERR_CODE

BAD = ["A/B", "A?B", "A B", "A#1", "", "X" * 41, "Ñ1", "A\\B", "%2F"]


class CodeTests(BaseTestCase):
    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def test_it_takes_letters_digits_dots_underscores_and_dashes(self) -> None:
        programme = services.programme_create(
            institute=self.institute, code="prm_2027.a-1", name="P"
        )
        self.assertEqual(programme.code, "PRM_2027.A-1")
        batch = services.batch_create(
            programme=programme,
            code="b.1",
            name="B",
            start_date=date(2027, 1, 4),
            end_date=date(2027, 1, 8),
        )
        self.assertEqual(batch.code, "B.1")

    def test_it_refuses_a_code_that_would_break_its_url(self) -> None:
        for code in BAD:
            with pytest.raises(ValidationError) as caught:
                services.programme_create(institute=self.institute, code=code, name="P")
            assert caught.value.message_dict == {"code": [ERR_CODE]}, code
            with pytest.raises(ValidationError):
                services.batch_create(
                    programme=self.batch.programme,
                    code=code,
                    name="B",
                    start_date=date(2027, 1, 4),
                    end_date=date(2027, 1, 8),
                )
        self.assertFalse(Programme.objects.filter(name="P").exists())
        self.assertFalse(Batch.objects.filter(name="B").exists())

    def test_the_programme_page_shows_the_message_instead_of_a_server_error(self) -> None:
        self.login(self.organiser)
        response = self.client.post(
            "/programmes/new/", {"institute": self.institute.pk, "code": "A/B", "name": "P"}
        )
        with translation.override("id"):  # the page's language
            self.assertContains(response, escape(translation.gettext(ERR_CODE)))
        self.assertFalse(Programme.objects.filter(name="P").exists())
