"""Reads for people, agencies and unit trees."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from .models import Agency, Person, Unit


@dataclass
class TreeNode:
    unit: Unit
    people: int
    children: list[TreeNode] = field(default_factory=list)


def agency_list(agencies: QuerySet[Agency], *, query: str = "") -> QuerySet[Agency]:
    if query:
        agencies = agencies.filter(Q(code__icontains=query) | Q(name__icontains=query))
    return agencies.annotate(
        n_units=Count("units", filter=Q(units__parent__isnull=False), distinct=True),
        n_people=Count("people", distinct=True),
    ).order_by("code")


def unit_tree(units: QuerySet[Unit]) -> list[TreeNode]:
    """Nest the given units (one query); a unit whose parent is not given becomes a top node."""
    rows = list(units.annotate(n_people=Count("people")).order_by("depth", "name"))
    nodes = {unit.pk: TreeNode(unit=unit, people=unit.n_people) for unit in rows}
    top: list[TreeNode] = []
    for unit in rows:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else top).append(nodes[unit.pk])
    return top


def people_of_agency(
    agency: Agency, *, visible: QuerySet[Person], query: str = ""
) -> QuerySet[Person]:
    people = visible.filter(agency=agency).select_related("unit")
    if query:
        people = people.filter(Q(name__icontains=query) | Q(nip__startswith=query))
    return people.order_by("name")
