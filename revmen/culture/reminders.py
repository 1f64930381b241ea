"""Reminders for a wave: to everyone in a unit (and its sub-units), never only to those who
have not answered. Wave answers name no person, and reminding "the rest" would need to know
who answered; so a reminder goes to all, and says so.

Sending is a background ``core`` job (a province's Dinas can have thousands of people): one
in-app notice per person, and the same by e-mail where e-mail works, each with the open link
set to the person's own unit. A unit gets at most one reminder per wave every
``REMINDER_GAP`` so that nobody is flooded.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override

from revmen.accounts.models import Person, Unit
from revmen.core.jobs import Output, Progress, job_kind, job_start, next_allowed
from revmen.core.models import Job
from revmen.core.notices import notify

from .models import Wave

KIND = "culture.remind"
REMINDER_GAP = timedelta(hours=20)
BATCH = 200
ERR_TOO_SOON = gettext_noop(
    "A reminder for this unit was sent less than a day ago: wait until %(when)s."
)
ERR_NOT_OPEN = gettext_noop("Reminders are for open waves only.")
ERR_NOBODY = gettext_noop("Nobody is registered in this unit yet.")


def target(wave: Wave, unit: Unit) -> str:
    return f"culture.wave:{wave.pk}:unit:{unit.pk}"


def recipients(unit: Unit) -> list[Person]:
    return list(
        Person.objects.filter(unit__in=Unit.objects.subtree(unit), is_active=True)
        .select_related("unit")
        .order_by("pk")
    )


def reminder_start(*, wave: Wave, unit: Unit, by: Person) -> Job:
    if wave.is_closed or wave.is_closing or not wave.administration.is_open():
        raise ValidationError(_(ERR_NOT_OPEN))
    allowed = next_allowed(target(wave, unit), KIND, REMINDER_GAP)
    if allowed is not None:
        when = timezone.localtime(allowed).strftime("%d-%m-%Y %H.%M")
        raise ValidationError(_(ERR_TOO_SOON) % {"when": when})
    if not Person.objects.filter(unit__in=Unit.objects.subtree(unit), is_active=True).exists():
        raise ValidationError(_(ERR_NOBODY))
    return job_start(
        kind=KIND, owner=by, target=target(wave, unit), params={"wave": wave.pk, "unit": unit.pk}
    )


def latest_reminder(wave: Wave) -> Job | None:
    return Job.objects.filter(kind=KIND, params__wave=wave.pk).order_by("-created_at").first()


@job_kind(KIND, steps={"sending": gettext_lazy("sending the reminder")})
def run_reminder(job: Job, progress: Progress) -> Output:
    wave = Wave.objects.select_related("agency", "administration").get(pk=job.params["wave"])
    unit = Unit.objects.get(pk=job.params["unit"])
    people = recipients(unit)
    link = reverse("wave_link", args=[wave.administration.public_key])
    end = timezone.localtime(wave.administration.closes_at).strftime("%d-%m-%Y")
    with override(settings.LANGUAGE_CODE):  # people have no language of their own yet
        subject = _("Reminder: the work culture survey of %(agency)s") % {
            "agency": wave.agency.name
        }
        text = _(
            "Have you answered the work culture survey “%(wave)s”? It is open until %(end)s "
            "and takes about 10 minutes. Your answers are anonymous. This reminder goes to "
            "everyone in your unit, because nobody, not even the culture admin, can see who "
            "has answered: if you already did, thank you, there is nothing more to do."
        ) % {"wave": wave.name, "end": end}
    sent = 0
    for start in range(0, len(people), BATCH):
        for person in people[start : start + BATCH]:
            notify(person, subject, text, link=f"{link}?unit={person.unit_id}")
            sent += 1
        progress(sent, len(people), "sending")
    return Output(result={"sent": sent})
