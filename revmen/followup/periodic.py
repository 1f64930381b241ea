"""The daily run of the follow-up scheduler under the worker (``core.periodic``)."""

from __future__ import annotations

from datetime import timedelta

from revmen.core.periodic import periodic


@periodic("followup.run", every=timedelta(days=1))
def followup_daily() -> int:
    from .scheduler import followup_run  # models are ready by the time the worker runs it

    return followup_run().sent
