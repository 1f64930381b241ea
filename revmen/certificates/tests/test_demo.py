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


@pytest.mark.django_db
def test_the_demo_closed_batch_has_a_ditunda_without_and_a_tidak_lulus_with_a_certificate() -> None:
    from revmen.grading.models import Grade
    from revmen.training.models import Outcome

    load_demo()
    grades = Grade.objects.filter(enrolment__batch__closed_at__isnull=False)
    deferred = grades.filter(outcome=Outcome.DEFERRED)
    failed = grades.filter(outcome=Outcome.FAILED)
    assert deferred.exists() and failed.exists()
    for grade in deferred:
        assert not Certificate.objects.filter(enrolment=grade.enrolment).exists()
    for grade in failed:
        cert = Certificate.objects.get(enrolment=grade.enrolment, status=Status.VALID)
        assert cert.kind == Kind.ATTENDANCE and cert.signatory_name
    for grade in grades.filter(outcome=Outcome.PASSED):
        cert = Certificate.objects.get(enrolment=grade.enrolment, status=Status.VALID)
        assert (cert.kind, cert.predicate) == (Kind.STTPP, grade.predicate)
