"""What other apps built in parallel add to the alumni pages, when they are installed.

Read through their selectors: ``learning`` (commitments, the journal), ``projects`` (the
change project and its milestones) and ``certificates`` (the valid certificate's public
verification page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone

from revmen.certificates.models import Certificate
from revmen.certificates.models import Status as CertificateStatus
from revmen.core import values as coded
from revmen.learning import selectors as learning_selectors
from revmen.projects import selectors as projects_selectors
from revmen.projects.models import Milestone, MilestoneState, Plan
from revmen.training.models import Enrolment


@dataclass(frozen=True)
class CommitmentPart:
    code: str  # the BerAKHLAK (or training) value code
    label: str
    text: str


def commitments_for(enrolment: Enrolment) -> list[CommitmentPart]:
    """The alumnus's commitments in this batch (``learning.selectors.commitments_of``), in the
    values' official order."""
    result = []
    for commitment in learning_selectors.commitments_of(enrolment.person, enrolment.batch):
        try:
            label = str(coded.value(commitment.value).label)
        except KeyError:
            label = commitment.value
        result.append(CommitmentPart(commitment.value, label, commitment.text))
    return result


def journal_url(enrolment: Enrolment) -> str:
    """The journal page (``revmen.learning``), where alumni keep writing after the batch."""
    return reverse("journal")


def certificate_url(enrolment: Enrolment) -> str:
    """The public verification page of the alumnus's valid certificate of this batch (what the
    certificate says, with its signature checked), or ``""``."""
    certificate = (
        Certificate.objects.filter(enrolment=enrolment, status=CertificateStatus.VALID)
        .order_by("-pk")
        .first()
    )
    return reverse("certificate_verify", args=[certificate.token]) if certificate else ""


@dataclass
class ProjectPart:
    plan: Plan
    status: str
    label: str
    milestones: list[tuple[Milestone, str]]  # not yet confirmed, by target date, with status


def project_of(enrolment: Enrolment, today: date | None = None) -> ProjectPart | None:
    """The alumnus's change project of this batch (``revmen.projects``) and the milestones
    still to report or confirm, each with its status; ``None`` without a project."""
    today = today or timezone.localdate()
    plan = projects_selectors.with_related(
        Plan.objects.filter(enrolment=enrolment, owner=enrolment.person)
    ).first()
    if plan is None:
        return None
    status = projects_selectors.plan_status(plan, today)
    pending = sorted(
        (m for m in plan.milestones.all() if m.state != MilestoneState.CONFIRMED),
        key=lambda m: (m.target_date, m.pk),
    )
    return ProjectPart(
        plan=plan,
        status=status,
        label=projects_selectors.status_label(status),
        milestones=[(m, projects_selectors.milestone_status(m, today)) for m in pending[:5]],
    )
