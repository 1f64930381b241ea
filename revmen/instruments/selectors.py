"""Reads of the instrument engine: what a person has to answer, and response counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from revmen.accounts.models import Person

from .models import Administration, IdentityMode, Invitation, Response


@dataclass
class Pending:
    administration: Administration
    subject: Person | None
    answered: bool
    handed_out: bool = False  # anonymous: the key went to one browser (answered or not)


def pending_for(person: Person) -> list[Pending]:
    """Open administrations this person is invited to, with whether they have answered.

    Anonymous: the database holds no such fact, only whether the person's key was handed out
    (to the browser that first opened it); "answered" stays False.
    """
    moment = timezone.now()
    invitations = (
        Invitation.objects.filter(
            person=person,
            administration__opens_at__lte=moment,
            administration__closes_at__gt=moment,
        )
        .select_related("administration__version__instrument", "subject")
        .order_by("administration__closes_at", "subject__name")
    )
    items = list(invitations)
    answered_pairs = set(
        Response.objects.filter(
            respondent=person,
            administration__in={i.administration_id for i in items},
        ).values_list("administration_id", "subject_id")
    )
    result = []
    for invitation in items:
        if invitation.administration.identity == IdentityMode.ANONYMOUS:
            result.append(
                Pending(invitation.administration, invitation.subject, False, invitation.handed_out)
            )
            continue
        answered = (invitation.administration_id, invitation.subject_id) in answered_pairs
        result.append(Pending(invitation.administration, invitation.subject, answered))
    return result


def administrations_of_batch(batch_id: int) -> QuerySet[Administration]:
    return (
        Administration.objects.filter(batch_id=batch_id)
        .select_related("version__instrument")
        .annotate(
            n_responses=Count("responses", distinct=True),
            n_invited=Count("invitations", distinct=True),
        )
        .order_by("opens_at")
    )
