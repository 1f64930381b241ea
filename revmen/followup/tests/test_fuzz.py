"""Bad input on the peer form: never a server error, nothing unstorable kept."""

from __future__ import annotations

from django.urls import reverse
from hypothesis import given
from hypothesis.extra.django import TestCase

from revmen.core.storable import is_storable
from revmen.core.tests.strategies import FUZZ_FORM, nasty_text

from ..models import Rater
from ..scheduler import followup_run
from .helpers import DUE_3, FollowupTestCase


class PeerFormFuzzTests(FollowupTestCase, TestCase):
    def setUp(self) -> None:
        followup_run(DUE_3)
        self.url = reverse("followup_peer_add", args=[self.round_of().pk])

    @FUZZ_FORM
    @given(name=nasty_text, email=nasty_text)
    def test_the_peer_form(self, name: str, email: str) -> None:
        self.login(self.participant)
        for data in ({"name": name, "email": email}, {"name": name, "email": "ok@contoh.id"}):
            response = self.client.post(self.url, data)
            assert response.status_code == 302
        for rater in Rater.objects.all():
            assert is_storable(rater.name) and is_storable(rater.email)
