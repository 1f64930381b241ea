"""Audiences (who is asked) and subjects (about whom): one registered type per code.

An :class:`~revmen.instruments.models.Administration` stores the two codes; its fields take
their allowed values and labels from these registries, and ``services.administration_create``
asks them whom to invite: one invitation per (respondent, subject), never about oneself.

The engine registers today's audiences (a batch's participants, its mentors, chosen people,
anyone with an open link) and subjects (nobody, each facilitator, each participant). Apps above
``instruments`` register theirs the same way, from a module imported at start-up (their
``apps.py`` ``ready()``); ``instruments`` never imports them. How to add one (say examiners):

1. ``class Examiners(AudienceType)`` with ``code`` (at most ``CODE_LENGTH`` characters),
   ``label`` (``gettext_lazy``) and ``people(batch, people)``, decorated with
   ``@register_audience``; set ``needs_batch = False`` when it can do without a batch,
   ``chooses_people`` when it asks the people chosen on the form, ``open_link`` when anyone
   with the link may answer (always anonymous, about nobody);
2. or ``class Mentees(SubjectType)`` with ``code``, ``label`` and ``subjects(batch)``,
   decorated with ``@register_subject``.

No migration is needed: the model fields' choices are read from here each time they are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, TypeVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from revmen.accounts.models import Person
from revmen.training.models import Batch, BatchRole

CODE_LENGTH = 32  # max_length of Administration.audience and .subject
NOBODY = "none"  # the subject of an administration about nobody in particular

ERR_NEEDS_BATCH = gettext_noop("This audience needs a batch.")
ERR_SUBJECT_NEEDS_BATCH = gettext_noop("Rating facilitators or participants needs a batch.")
ERR_OPEN_LINK_ANONYMOUS = gettext_noop("An open link is always anonymous.")


class NotRegistered(LookupError):
    """An audience or subject code nobody registered: a bug or a bad row, never ignored."""

    def __init__(self, what: str, code: str) -> None:
        super().__init__(f"no {what} is registered for code {code!r}")
        self.code = code


class AudienceType:
    """Whom an administration asks; see the module docstring."""

    code: ClassVar[str]
    label: ClassVar[str | Promise]
    needs_batch: ClassVar[bool] = True  # refused (``batch_error``) without a batch
    offered: ClassVar[bool] = True  # listed on the form that opens a questionnaire
    batch_error: ClassVar[str] = ERR_NEEDS_BATCH  # a ``gettext_noop`` text
    chooses_people: ClassVar[bool] = False  # asks the people chosen on the form
    # Anyone with the link answers: always anonymous, about nobody, the administration gets a
    # public key and its tokens are made per visitor instead of per invitation.
    open_link: ClassVar[bool] = False

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        """Whom to invite; ``batch`` is never None when ``needs_batch``."""
        raise NotImplementedError


class SubjectType:
    """About whom an administration asks; see the module docstring."""

    code: ClassVar[str]
    label: ClassVar[str | Promise]
    needs_batch: ClassVar[bool] = True
    batch_error: ClassVar[str] = ERR_SUBJECT_NEEDS_BATCH

    def subjects(self, batch: Batch | None) -> list[Person | None]:
        """Whom the answers are about; ``[None]`` for nobody in particular."""
        raise NotImplementedError


AUDIENCES: dict[str, AudienceType] = {}
SUBJECTS: dict[str, SubjectType] = {}
A = TypeVar("A", bound=type[AudienceType])
S = TypeVar("S", bound=type[SubjectType])


def _check_code(registry: Mapping[str, object], what: str, code: str) -> None:
    if not 0 < len(code) <= CODE_LENGTH:
        raise ValueError(f"{what} code {code!r} must have 1 to {CODE_LENGTH} characters")
    if code in registry:
        raise ValueError(f"{what} code {code!r} is registered twice")


def register_audience(cls: A) -> A:
    """Class decorator: make ``cls`` the audience of ``cls.code`` (listed in this order)."""
    _check_code(AUDIENCES, "audience", cls.code)
    AUDIENCES[cls.code] = cls()
    return cls


def register_subject(cls: S) -> S:
    """Class decorator: make ``cls`` the subject of ``cls.code`` (listed in this order)."""
    _check_code(SUBJECTS, "subject", cls.code)
    SUBJECTS[cls.code] = cls()
    return cls


def audience_for(code: str) -> AudienceType:
    try:
        return AUDIENCES[code]
    except KeyError:
        raise NotRegistered("audience", code) from None


def subject_for(code: str) -> SubjectType:
    try:
        return SUBJECTS[code]
    except KeyError:
        raise NotRegistered("subject", code) from None


# Callables, so that the model fields and forms see what later apps register.
def audience_choices() -> list[tuple[str, str | Promise]]:
    return [(code, kind.label) for code, kind in AUDIENCES.items()]


def offered_audience_choices() -> list[tuple[str, str | Promise]]:
    """The audiences a person may choose when opening a questionnaire."""
    return [(code, kind.label) for code, kind in AUDIENCES.items() if kind.offered]


def subject_choices() -> list[tuple[str, str | Promise]]:
    return [(code, kind.label) for code, kind in SUBJECTS.items()]


def respondents_for(code: str, batch: Batch | None, people: list[Person] | None) -> list[Person]:
    """Whom the audience ``code`` asks; ``ValidationError`` on ``batch`` if it needs one."""
    kind = audience_for(code)
    if kind.needs_batch and batch is None:
        raise ValidationError({"batch": _(kind.batch_error)})
    return kind.people(batch, list(people or []))


def subjects_for(code: str, batch: Batch | None) -> list[Person | None]:
    """About whom the subject ``code`` asks; ``ValidationError`` on ``subject`` without batch."""
    kind = subject_for(code)
    if kind.needs_batch and batch is None:
        raise ValidationError({"subject": _(kind.batch_error)})
    return kind.subjects(batch)


def enrolled(batch: Batch | None, role: str) -> list[Person]:
    """The batch's active people in ``role``, by name."""
    if batch is None:  # needs_batch refused this before the type was asked
        return []
    return [
        e.person
        for e in batch.enrolments.filter(role=role, is_active=True)
        .select_related("person")
        .order_by("person__name")
    ]


# Today's audiences, in the order the form lists them.
@register_audience
class Participants(AudienceType):
    code = "participants"
    label = gettext_lazy("The batch's participants")

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return enrolled(batch, BatchRole.PARTICIPANT)


@register_audience
class Mentors(AudienceType):
    code = "mentors"
    label = gettext_lazy("The batch's mentors")

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return enrolled(batch, BatchRole.MENTOR)


@register_audience
class ChosenPeople(AudienceType):
    code = "people"
    label = gettext_lazy("Chosen people")
    needs_batch = False
    chooses_people = True

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return people


@register_audience
class OpenLink(AudienceType):
    code = "open_link"  # also named by the constraint administration_open_link_is_anonymous
    label = gettext_lazy("Anyone with the link (anonymous)")
    needs_batch = False
    open_link = True

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return []  # nobody is invited: each visitor of the link gets a fresh token


@register_audience
class Imported(AudienceType):
    """Answers brought in from another survey tool (LimeSurvey, Google Forms): a closed
    administration nobody is invited to."""

    code = "imported"
    label = gettext_lazy("Imported from another survey tool")
    needs_batch = False
    offered = False

    def people(self, batch: Batch | None, people: list[Person]) -> list[Person]:
        return []


# Today's subjects.
@register_subject
class Nobody(SubjectType):
    code = NOBODY
    label = gettext_lazy("Nobody in particular")
    needs_batch = False

    def subjects(self, batch: Batch | None) -> list[Person | None]:
        return [None]


@register_subject
class Facilitators(SubjectType):
    code = "facilitators"
    label = gettext_lazy("Each facilitator of the batch")

    def subjects(self, batch: Batch | None) -> list[Person | None]:
        return list(enrolled(batch, BatchRole.FACILITATOR))


@register_subject
class ParticipantSubjects(SubjectType):
    code = "participants"
    label = gettext_lazy("Each participant of the batch")

    def subjects(self, batch: Batch | None) -> list[Person | None]:
        return list(enrolled(batch, BatchRole.PARTICIPANT))
