"""Writes for learning: validate, save in a transaction, return the object.

Journal text never goes into the audit trail, a job's parameters or a notice: those carry
ids, revision numbers and value codes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from revmen.accounts.models import Person
from revmen.core import values as coded
from revmen.core.audit import audit
from revmen.core.notices import notify
from revmen.training.models import Batch, BatchRole, Enrolment, Programme, Session
from revmen.training.services import programme_copy_hook

from . import uploads
from .models import Commitment, Entry, EntryRevision, Feedback, Material, Prompt

ERR_DEADLINE_PASSED = gettext_noop(
    "The deadline for this prompt has passed: it can no longer be changed."
)
ERR_DEADLINE_BEFORE = gettext_noop("The deadline must be after the start of the session.")
ERR_NOT_PARTICIPANT = gettext_noop("Only the participants of this batch write entries here.")
ERR_EMPTY = gettext_noop("Write something first.")
ERR_FILE_TYPE = gettext_noop("This file type is not accepted. Accepted: %(types)s.")
ERR_FILE_SIZE = gettext_noop("The file is larger than %(max)s MB.")
ERR_LINK_OR_FILE = gettext_noop("Give a link or upload a file.")
ERR_UNKNOWN_VALUE = gettext_noop("Unknown value: %(code)s.")
ERR_SESSION_PROGRAMME = gettext_noop("A material is attached only to sessions of its programme.")
ERR_COMMITMENT_VALUE = gettext_noop("Commitments are written per BerAKHLAK value.")


def _check_values(codes: Iterable[str]) -> list[str]:
    wanted = {c.strip().upper() for c in codes if c.strip()}
    for code in sorted(wanted):
        try:
            coded.value(code)
        except KeyError:
            raise ValidationError({"values": _(ERR_UNKNOWN_VALUE) % {"code": code}}) from None
    return [v.code for v in coded.VALUES if v.code in wanted]


# Materials -----------------------------------------------------------------------------------


def check_upload(name: str, content: bytes) -> uploads.FileType:
    """The file's type from its bytes; ValidationError if it is too large or not accepted."""
    limit = settings.LEARNING_MATERIAL_MAX_MB
    if len(content) > limit * 1024 * 1024:
        raise ValidationError({"file": _(ERR_FILE_SIZE) % {"max": limit}})
    kind = uploads.sniff(content)
    if kind is None:
        raise ValidationError({"file": _(ERR_FILE_TYPE) % {"types": uploads.accepted_names()}})
    return kind


@transaction.atomic
def material_save(
    *,
    programme: Programme,
    actor: Person | None,
    kind: str,
    title: str,
    description: str = "",
    url: str = "",
    values: Iterable[str] = (),
    upload: tuple[str, bytes] | None = None,
    sessions: Iterable[Session] = (),
    material: Material | None = None,
) -> Material:
    """Create (``material=None``) or change a material of ``programme``."""
    is_new = material is None
    material = material or Material(programme=programme, created_by=actor)
    material.kind, material.title = kind, title.strip()
    material.description, material.url = description.strip(), url.strip()
    material.values = _check_values(values)
    if upload is not None:
        name, content = upload
        file_type = check_upload(name, content)
        material.file_name = uploads.safe_filename(name)
        material.file_type = file_type.content_type
        material.file_size = len(content)
        material.file_content = content
    if not material.url and not material.has_file:
        raise ValidationError({"url": _(ERR_LINK_OR_FILE)})
    chosen = list(sessions)
    if any(s.batch.programme_id != programme.pk for s in chosen):
        raise ValidationError({"sessions": _(ERR_SESSION_PROGRAMME)})
    material.full_clean(exclude=["file_content"])
    material.save()
    material.sessions.set(chosen)
    audit(
        actor,
        "learning.material.create" if is_new else "learning.material.update",
        material,
        after={"title": material.title, "values": material.values, "file": material.file_name},
    )
    return material


@programme_copy_hook
def materials_copy(source: Programme, copy: Programme) -> None:
    """Copying a programme copies its library (not the session attachments: a copy has no
    batches yet)."""
    for material in source.materials.all():
        Material.objects.create(
            programme=copy,
            kind=material.kind,
            title=material.title,
            description=material.description,
            url=material.url,
            values=list(material.values),
            file_name=material.file_name,
            file_type=material.file_type,
            file_size=material.file_size,
            file_content=material.file_content,
            created_by=material.created_by,
        )


# Prompts and entries -------------------------------------------------------------------------


@transaction.atomic
def prompt_create(*, session: Session, actor: Person, text: str, deadline: datetime) -> Prompt:
    if not text.strip():
        raise ValidationError({"text": _(ERR_EMPTY)})
    if deadline <= session.starts_at:
        raise ValidationError({"deadline": _(ERR_DEADLINE_BEFORE)})
    prompt = Prompt(session=session, text=text.strip(), deadline=deadline, created_by=actor)
    prompt.full_clean()
    prompt.save()
    audit(actor, "learning.prompt.create", prompt, after={"session": session.pk})
    return prompt


def _is_participant(person: Person, batch: Batch) -> bool:
    return Enrolment.objects.filter(
        batch=batch, person=person, role=BatchRole.PARTICIPANT, is_active=True
    ).exists()


def entry_save(*, prompt: Prompt, person: Person, text: str, now: datetime | None = None) -> Entry:
    """Write or revise ``person``'s entry for ``prompt`` until its deadline.

    One entry per prompt and person (a double submit stores one, and the same text again adds
    no revision); every change keeps the earlier text as a revision. The analysis runs in the
    background, given the entry's id.
    """
    text = text.strip()
    if not text:
        raise ValidationError({"text": _(ERR_EMPTY)})
    if not _is_participant(person, prompt.session.batch):
        raise ValidationError({NON_FIELD_ERRORS: _(ERR_NOT_PARTICIPANT)})
    moment = now or timezone.now()
    try:
        return _entry_write(prompt, person, text, moment)
    except IntegrityError:
        # Two submits raced to create it: the other one won, this one becomes a revision.
        return _entry_write(prompt, person, text, moment)


@transaction.atomic
def _entry_write(prompt: Prompt, person: Person, text: str, moment: datetime) -> Entry:
    if not prompt.is_open(moment):
        raise ValidationError({NON_FIELD_ERRORS: _(ERR_DEADLINE_PASSED)})
    entry = Entry.objects.select_for_update().filter(prompt=prompt, person=person).first()
    if entry is not None and entry.text == text:
        return entry
    if entry is None:
        entry = Entry.objects.create(
            prompt=prompt, person=person, text=text, created_at=moment, updated_at=moment
        )
        action = "learning.entry.create"
    else:
        entry.text, entry.updated_at = text, moment
        entry.revisions_count += 1
        entry.save(update_fields=["text", "updated_at", "revisions_count"])
        action = "learning.entry.revise"
    EntryRevision.objects.create(
        entry=entry, number=entry.revisions_count, text=text, saved_at=moment
    )
    audit(person, action, entry, after={"revision": entry.revisions_count})
    from .analysis import analysis_start

    analysis_start(entry)
    return entry


ERR_FEEDBACK_FACILITATOR = gettext_noop("Only the batch's facilitators answer entries.")


@transaction.atomic
def feedback_create(*, entry: Entry, author: Person, text: str) -> Feedback:
    """A facilitator's answer; the writer gets a notice (and an e-mail where configured) that
    says who answered, never what."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _(ERR_EMPTY)})
    batch = entry.prompt.session.batch
    if not Enrolment.objects.filter(
        batch=batch, person=author, role=BatchRole.FACILITATOR, is_active=True
    ).exists():
        raise ValidationError({NON_FIELD_ERRORS: _(ERR_FEEDBACK_FACILITATOR)})
    Entry.objects.select_for_update().filter(pk=entry.pk).first()
    same = entry.feedback.filter(author=author, text=text).first()
    if same is not None:  # a double submit
        return same
    feedback = Feedback.objects.create(entry=entry, author=author, text=text)
    audit(author, "learning.feedback.create", feedback, after={"entry": entry.pk})
    notify(
        entry.person,
        _("%(name)s answered your journal entry") % {"name": author.name},
        _("Your facilitator answered your reflection in %(batch)s.") % {"batch": batch.name},
        link=reverse("entry_detail", args=[entry.pk]),
    )
    return feedback


# Commitments ---------------------------------------------------------------------------------


@transaction.atomic
def commitments_save(*, batch: Batch, person: Person, texts: Mapping[str, str]) -> list[Commitment]:
    """Set ``person``'s commitments in ``batch``, one per BerAKHLAK code; an empty text
    removes that value's commitment."""
    if not _is_participant(person, batch):
        raise ValidationError({NON_FIELD_ERRORS: _(ERR_NOT_PARTICIPANT)})
    allowed = {v.code for v in coded.values_of(coded.BERAKHLAK)}
    unknown = set(texts) - allowed
    if unknown:
        raise ValidationError({NON_FIELD_ERRORS: _(ERR_COMMITMENT_VALUE)})
    changed = []
    for code, raw in texts.items():
        text = raw.strip()
        current = Commitment.objects.filter(batch=batch, person=person, value=code).first()
        if not text:
            if current is not None:
                current.delete()
                changed.append(code)
            continue
        if current is not None and current.text == text:
            continue
        Commitment.objects.update_or_create(
            batch=batch,
            person=person,
            value=code,
            defaults={"text": text, "updated_at": timezone.now()},
        )
        changed.append(code)
    if changed:
        audit(
            person,
            "learning.commitments.update",
            ("training.batch", batch.pk),
            after={"person": person.pk, "values": sorted(changed)},
        )
    return list(Commitment.objects.filter(batch=batch, person=person))
