"""Extending a wave, the poster page and who may use them (the browser test reads the QR)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from revmen.culture.services import wave_close, wave_create, wave_extend
from revmen.front.testing import BaseTestCase
from revmen.instruments.library import load_library


class HandoutTests(BaseTestCase):
    def setUp(self) -> None:
        load_library()
        self.now = timezone.now()
        self.wave = wave_create(
            agency=self.agency_a,
            name="Gelombang E",
            opens_at=self.now - timedelta(hours=1),
            closes_at=self.now + timedelta(days=3),
            created_by=self.culture_admin,
        )

    def test_a_wave_gets_more_time_never_less(self) -> None:
        later = self.now + timedelta(days=9)
        wave_extend(wave=self.wave, closes_at=later)
        self.wave.administration.refresh_from_db()
        assert self.wave.administration.closes_at == later
        for earlier in (self.now + timedelta(days=2), self.now - timedelta(days=1)):
            with pytest.raises(ValidationError):
                wave_extend(wave=self.wave, closes_at=earlier)
        wave_close(wave=self.wave, wait=True)
        with pytest.raises(ValidationError):
            wave_extend(wave=self.wave, closes_at=later + timedelta(days=1))

    def test_the_poster_holds_the_link_as_an_svg_and_is_for_managers_only(self) -> None:
        url = f"/culture/waves/{self.wave.pk}/poster/?unit={self.seksi.pk}"
        self.login(self.culture_admin)
        page = self.client.get(url)
        self.assertContains(page, '<svg viewBox="0 0')
        self.assertContains(page, f"/c/{self.wave.administration.public_key}/?unit={self.seksi.pk}")
        self.assertNotContains(page, "style=")
        for person in (self.head, self.participant, self.outsider):
            self.login(person)
            assert self.client.get(url).status_code == 404, person
            response = self.client.post(
                f"/culture/waves/{self.wave.pk}/extend/", {"closes_at": "2030-01-01T10:00"}
            )
            assert response.status_code == 404, person
