"""The audit trail: who changed which record, when, and how it looked before and after.

Apps call it from their services, inside the transaction of the change (so a change that rolls
back leaves no entry)::

    before = snapshot(person)
    ... change and save person ...
    audit_changes(actor, "accounts.person.update", person, before)

or ``audit(actor, action, obj, before=…, after=…, note=…)`` for events that are not field
changes (a role granted, a wave closed). ``actor`` is the person acting, ``None`` for the system.
``action`` is a code ``<app>.<thing>.<verb>``; ``obj`` a model instance or an
``("app.model", id)`` pair. Entries are read-only in the admin.

What goes in: field values as JSON (dates as ISO text, foreign keys as their id), never a
password hash (``SECRET_FIELDS``), never anything from an anonymous answer: do not audit
responses, and keep answer content out of ``note``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditEntry

# Fields no snapshot ever holds, whatever the model.
SECRET_FIELDS = frozenset({"password"})

ObjectRef: TypeAlias = models.Model | tuple[str, object]


def object_ref(obj: ObjectRef) -> tuple[str, str]:
    """``("accounts.person", "12")`` for a model instance or an ``(type, id)`` pair."""
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    object_type, object_id = obj
    return str(object_type), str(object_id)


def _jsonable(value: Any) -> Any:
    """The value as it will read back from the JSON column (so before/after compare alike)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values, JSON-ready; ``fields`` limits it to those names."""
    wanted = set(fields) if fields is not None else None
    values = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or (wanted is not None and field.name not in wanted):
            continue
        values[field.name] = _jsonable(getattr(instance, field.attname))
    return values


def diff(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what changed: ``({field: old}, {field: new})``; a key missing on one side is None."""
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def audit(
    actor: Any,
    action: str,
    obj: ObjectRef,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Record one event; call it inside the transaction of the change it records."""
    object_type, object_id = object_ref(obj)
    known = actor is not None and actor.pk is not None
    return AuditEntry.objects.create(
        actor=actor if known else None,
        actor_name=str(actor)[:200] if known else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=_jsonable(dict(before or {})),
        after=_jsonable(dict(after or {})),
        note=note,
    )


def audit_changes(
    actor: Any,
    action: str,
    instance: models.Model,
    before: Mapping[str, Any],
    note: str = "",
) -> AuditEntry | None:
    """Record the fields of ``instance`` that differ from the ``before`` snapshot, if any."""
    old, new = diff(before, snapshot(instance, before.keys()))
    if not new:
        return None
    return audit(actor, action, instance, before=old, after=new, note=note)
