"""Retention of the instrument engine's working rows (see core/retention.py, docs/privacy.md).

Once an administration has closed nobody can answer it any more, so what was only there to
let people answer goes after a while:

- saved drafts (unfinished answers), ``RETENTION_DRAFT_DAYS`` after the close;
- unused answer tokens (used ones are deleted when used) and the hashes of used keys (kept
  only to refuse a second answer with the same key), ``RETENTION_TOKEN_DAYS`` after;
- for anonymous administrations, the invitations too: after the close they only say who was
  asked. Identified and confidential administrations keep theirs (who was asked is part of
  their record, e.g. for response rates), and responses are never pruned.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from revmen.core.periodic import periodic
from revmen.core.retention import days_ago

from .models import Draft, IdentityMode, Invitation, Token, UsedToken


def prune_instruments(*, now: datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; the number of rows deleted per kind."""
    drafts_before = days_ago(settings.RETENTION_DRAFT_DAYS, now or timezone.now())
    tokens_before = days_ago(settings.RETENTION_TOKEN_DAYS, now or timezone.now())
    return {
        "drafts": Draft.objects.filter(administration__closes_at__lt=drafts_before).delete()[0],
        "tokens": Token.objects.filter(administration__closes_at__lt=tokens_before).delete()[0],
        "used_keys": UsedToken.objects.filter(administration__closes_at__lt=tokens_before).delete()[
            0
        ],
        "invitations": Invitation.objects.filter(
            administration__closes_at__lt=tokens_before,
            administration__identity=IdentityMode.ANONYMOUS,
        ).delete()[0],
    }


@periodic("instruments.retention", every=timedelta(days=1))
def retention_sweep() -> dict[str, int]:
    return prune_instruments()
