"""Deferrals (*Ditunda*) whose deadline has passed become *Tidak Lulus*.

A *Ditunda* waits for its missing components until its deadline (the deadline day itself still
counts); completing it in time is ``services.grade_complete_deferred`` or a rater's late score
(``services.grade_refresh_deferred``). When the deadline has passed with components still
missing, the periodic ``grading.deferrals`` re-evaluates the grade with
``revmen.stats.grades.final_grade`` (which gives *Tidak Lulus*, reason ``deadline``), writes the
change to the audit trail (actor: the system), tells the participant, and, in a closed batch,
issues the attendance certificate that *Tidak Lulus* calls for.

Idempotent: only grades still *Ditunda* with a deadline before today are touched, each under a
row lock, so a second run (or a second worker) finds nothing left to do.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from revmen.core.audit import audit, snapshot
from revmen.core.notices import notify
from revmen.core.periodic import periodic
from revmen.training.models import Outcome

from . import services
from .models import Grade

ACTION = "grading.grade.deferral_expire"


def expired(today: date) -> list[int]:
    """Ids of the grades still *Ditunda* whose deadline is before ``today``."""
    return list(
        Grade.objects.filter(outcome=Outcome.DEFERRED, deadline__lt=today)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def deferral_expire(*, grade_id: int, today: date) -> Grade | None:
    """Turn one expired *Ditunda* into the outcome the scheme gives now (*Tidak Lulus*);
    ``None`` when it is no longer an expired deferral (completed or expired meanwhile)."""
    grade = (
        Grade.objects.select_for_update()
        .select_related("enrolment__batch__programme", "enrolment__person")
        .filter(pk=grade_id, outcome=Outcome.DEFERRED, deadline__lt=today)
        .first()
    )
    if grade is None:
        return None
    batch = grade.enrolment.batch
    before = snapshot(grade, services.GRADE_FIELDS)
    services._reevaluate(grade, batch, today)
    grade.save()
    audit(
        None,
        ACTION,
        grade,
        before=before,
        after=snapshot(grade, services.GRADE_FIELDS),
        note=f"deadline {before['deadline']} passed",
    )
    notify(
        grade.enrolment.person,
        _("Your deferred grade for %(batch)s has expired") % {"batch": batch.name},
        _("The deadline passed before every component was scored; the outcome is now %(o)s.")
        % {"o": grade.get_outcome_display()},
        link=f"/grading/{batch.code}/me/",
    )
    if batch.is_closed:
        services._certify(grade, None)
    return grade


@periodic("grading.deferrals", every=timedelta(hours=1))
def deferrals_expire(today: date | None = None) -> int:
    """Expire every *Ditunda* past its deadline; returns how many changed."""
    today = today or timezone.localdate()
    changed = 0
    for grade_id in expired(today):
        if deferral_expire(grade_id=grade_id, today=today) is not None:
            changed += 1
    return changed
