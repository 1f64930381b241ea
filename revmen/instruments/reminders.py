"""Reminding a batch questionnaire's invitees, in the background (a ``core`` job).

Identified and confidential questionnaires know who answered (the response names its
respondent, the reports do not), so the reminder goes to those who have not. Anonymous ones
cannot know, by design (``docs/privacy.md``): the reminder goes to everyone invited and says so.
At most one reminder per questionnaire every ``REMINDER_GAP``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override

from revmen.accounts.models import Person
from revmen.core.jobs import Output, Progress, job_kind, job_start, next_allowed
from revmen.core.models import Job
from revmen.core.notices import notify

from .models import Administration, IdentityMode, Invitation, Response

KIND = "instruments.remind"
REMINDER_GAP = timedelta(hours=20)
ERR_TOO_SOON = gettext_noop("A reminder was sent less than a day ago: wait until %(when)s.")
ERR_NOT_OPEN = gettext_noop("Reminders are for open questionnaires only.")
ERR_NOBODY = gettext_noop("Everyone invited has answered: there is nobody to remind.")


def target(administration: Administration) -> str:
    return f"instruments.administration:{administration.pk}"


def to_remind(administration: Administration) -> list[Invitation]:
    """The invitations to remind: all of an anonymous questionnaire, else those unanswered."""
    invitations = Invitation.objects.filter(administration=administration, person__is_active=True)
    if administration.identity != IdentityMode.ANONYMOUS:
        mine = Response.objects.filter(administration=administration, respondent=OuterRef("person"))
        about_them = Exists(mine.filter(subject=OuterRef("subject")))
        about_nobody = Exists(mine.filter(subject__isnull=True))
        invitations = invitations.exclude(
            Q(about_them, subject__isnull=False) | Q(about_nobody, subject__isnull=True)
        )
    return list(invitations.select_related("person", "subject").order_by("pk"))


def reminder_start(*, administration: Administration, by: Person) -> Job:
    if not administration.is_open():
        raise ValidationError(_(ERR_NOT_OPEN))
    allowed = next_allowed(target(administration), KIND, REMINDER_GAP)
    if allowed is not None:
        when = timezone.localtime(allowed).strftime("%d-%m-%Y %H.%M")
        raise ValidationError(_(ERR_TOO_SOON) % {"when": when})
    if not to_remind(administration):
        raise ValidationError(_(ERR_NOBODY))
    return job_start(
        kind=KIND, owner=by, target=target(administration), params={"pk": administration.pk}
    )


def latest_reminders(administrations: list[Administration]) -> dict[int, Job]:
    jobs = Job.objects.filter(kind=KIND, target__in=[target(a) for a in administrations])
    found: dict[int, Job] = {}
    for job in jobs.order_by("created_at"):
        found[job.params["pk"]] = job
    return found


@job_kind(KIND, steps={"sending": gettext_lazy("sending the reminder")})
def run_reminder(job: Job, progress: Progress) -> Output:
    administration = Administration.objects.get(pk=job.params["pk"])
    invitations = to_remind(administration)
    end = timezone.localtime(administration.closes_at).strftime("%d-%m-%Y %H.%M")
    with override(settings.LANGUAGE_CODE):  # people have no language of their own yet
        subject, text = _texts(administration)
    text = text % {"title": administration.title, "end": end}
    base = reverse("answer", args=[administration.pk])
    for done, invitation in enumerate(invitations, start=1):
        link = f"{base}?about={invitation.subject_id}" if invitation.subject_id else base
        notify(invitation.person, subject, text, link=link)
        if done % 100 == 0 or done == len(invitations):
            progress(done, len(invitations), "sending")
    return Output(result={"sent": len(invitations)})


def _texts(administration: Administration) -> tuple[str, str]:
    subject = _("Reminder: %(title)s") % {"title": administration.title}
    if administration.identity == IdentityMode.ANONYMOUS:
        text = _(
            "The questionnaire “%(title)s” is open until %(end)s. It is anonymous: nobody can "
            "see who has answered, so this reminder goes to everyone invited. If you already "
            "answered, thank you: there is nothing more to do."
        )
    else:
        text = _(
            "You have not answered the questionnaire “%(title)s” yet. It is open until %(end)s."
        )
    return subject, text
