from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from revmen.accounts.models import Agency, Person, RoleKind, Unit
from revmen.front.demo import LOGINS, PASSWORD
from revmen.training.models import BatchRole, Enrolment

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_a_second_run_changes_nothing(
    settings: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("demo")
    out = capsys.readouterr().out
    assert "demo loaded" in out
    for email, _label in LOGINS.values():
        assert email in out
    snapshot = (
        Agency.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Enrolment.objects.count(),
        sorted(Person.objects.values_list("nip", flat=True).exclude(nip=None)),
    )
    call_command("demo")
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot == (
        Agency.objects.count(),
        Unit.objects.count(),
        Person.objects.count(),
        Enrolment.objects.count(),
        sorted(Person.objects.values_list("nip", flat=True).exclude(nip=None)),
    )


def test_the_demo_is_realistic(settings: pytest.FixtureRequest) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("demo")
    assert Agency.objects.filter(kind="institute").count() == 1
    assert Agency.objects.exclude(kind="institute").count() == 4
    assert Unit.objects.filter(depth=3).values("agency").distinct().count() >= 4
    assert 140 <= Person.objects.count() <= 170
    for role in RoleKind.values:
        assert Person.objects.filter(roles__kind=role).exists(), role
    for role in BatchRole.values:
        assert Enrolment.objects.filter(role=role).exists(), role
    assert Person.objects.filter(nip=None).exists()  # the police mentor
    participants = Enrolment.objects.filter(role="peserta", batch__code__endswith="-II")
    assert participants.values("person__agency").distinct().count() >= 3  # mixed agencies
    for email, _label in LOGINS.values():
        assert Person.objects.get(email=email).check_password(PASSWORD)


def test_it_refuses_to_run_with_debug_off(settings: pytest.FixtureRequest) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo")
    assert not Agency.objects.exists()
