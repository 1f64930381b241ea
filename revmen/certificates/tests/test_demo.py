from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client

from revmen.certificates.models import Certificate, Kind, Status
from revmen.certificates.signing import verify_url
from revmen.front.demo import load_demo


@pytest.mark.django_db
def test_the_demo_has_certificates_to_verify() -> None:
    load_demo()
    certificates = Certificate.objects.all()
    statuses = {c.status for c in certificates}
    assert Status.VALID in statuses  # (revoked and superseded examples without grading)
    assert certificates.filter(kind=Kind.ATTENDANCE).exists()
    assert certificates.filter(kind=Kind.STTPP).exclude(predicate="").exists()
    valid = certificates.filter(status=Status.VALID).first()
    assert valid is not None and valid.signatory_name
    response = Client().get(urlsplit(verify_url(valid.token)).path)
    assert 'data-verdict="genuine"' in response.content.decode()
