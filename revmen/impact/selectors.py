"""Reads: the chain of one batch (cached a few minutes), of a programme's batches, and an
institute's batches by year."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from revmen.accounts.models import Agency
from revmen.training.models import Batch, Programme

from .chain import batch_chain

CACHE_SECONDS = 300


def chain_of(batch: Batch, today: date | None = None) -> dict[str, Any]:
    """``chain.batch_chain``, cached for a few minutes per batch and day: the dashboard reads
    every level's answers, and its figures change only as rounds close."""
    today = today or timezone.localdate()
    closed = batch.closed_at.timestamp() if batch.closed_at else 0
    key = f"impact.chain:{batch.pk}:{today.isoformat()}:{closed}"
    found: dict[str, Any] | None = cache.get(key)
    if found is None:
        found = batch_chain(batch, today)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _batches(queryset: Any) -> list[Batch]:
    return list(queryset.select_related("programme__institute").order_by("start_date", "code"))


def programme_chain(programme: Programme, today: date | None = None) -> dict[str, Any]:
    """``{"programme": code, "batches": [chain, ...]}``, oldest batch first."""
    batches = _batches(Batch.objects.filter(programme=programme))
    return {"programme": programme.code, "batches": [chain_of(b, today) for b in batches]}


def headline(chain: dict[str, Any]) -> dict[str, Any]:
    """One row per batch: each level's main figure (or ``None``) and its n."""
    behaviour = chain["behaviour"]
    rounds = behaviour["multirater"]["rounds"]
    alive = behaviour["projects"]["alive"]
    skm_change = chain["results"]["skm"]["change"]
    return {
        "batch": chain["batch"],
        "name": chain["name"],
        "enrolled": chain["enrolled"],
        "reaction": (chain["reaction"]["index"] or {}).get("mean"),
        "reaction_n": chain["reaction"]["n"],
        "learning": chain["learning"]["dz"],
        "learning_n": chain["learning"]["n"],
        "gap": ((rounds[-1]["gap"] or {}).get("mean")) if rounds else None,
        "alive": alive["share"] if alive else None,
        "behaviour_n": behaviour["n"],
        "skm_change": skm_change["mean"] if skm_change else None,
        "results_n": chain["results"]["n"],
    }


def institute_years(institute: Agency, today: date | None = None) -> dict[str, Any]:
    """The institute's batches by the year they ended, newest year first, as headline rows."""
    years: dict[int, list[dict[str, Any]]] = {}
    for batch in _batches(Batch.objects.filter(programme__institute=institute)):
        years.setdefault(batch.end_date.year, []).append(
            {"programme": batch.programme.code} | headline(chain_of(batch, today))
        )
    return {
        "institute": institute.code,
        "years": [{"year": y, "batches": rows} for y, rows in sorted(years.items(), reverse=True)],
    }
