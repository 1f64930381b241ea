"""Reading an entry in the background: its affect (fast) and its embedding (slow), stored on
the entry so that the batch view never calls the model.

The job is given the entry's id, never its text (``Job.params`` are visible to operators). An
entry is embedded once per text: the digest of the text embedded is kept, and a job for an
unchanged text skips the model.
"""

from __future__ import annotations

import hashlib

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job

from . import mood
from .models import Entry

KIND = "learning.analyse"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def analysis_start(entry: Entry) -> Job:
    """Queue the analysis of ``entry`` once the surrounding transaction commits."""
    return job_start(kind=KIND, target=f"learning.entry:{entry.pk}", params={"entry": entry.pk})


def analyse(entry_id: int) -> dict[str, object]:
    entry = Entry.objects.filter(pk=entry_id).first()
    if entry is None:  # deleted meanwhile
        return {"entry": entry_id, "embedded": False}
    text = entry.text
    found = mood.affect(text)
    changes: dict[str, object] = {
        "affect_score": found.score,
        "affect_label": found.label,
        "affect_values": list(found.values),
        "analysed_at": timezone.now(),
    }
    text_digest = digest(text)
    embedded = text_digest != entry.vector_digest or entry.vector is None
    if embedded:
        changes["vector"] = mood.embed_one(text)
        changes["vector_digest"] = text_digest
    # Only if the text is still the one read: a newer revision has its own job queued.
    Entry.objects.filter(pk=entry.pk, text=text).update(**changes)
    return {"entry": entry_id, "embedded": embedded}


@job_kind(KIND, steps={"read": _("Reading the entry")})
def run(job: Job, progress: Progress) -> Output:
    progress(0, 1, "read")
    result = analyse(int(job.params["entry"]))
    progress(1, 1, "read")
    return Output(result=result)
