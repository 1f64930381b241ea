"""Where apps hang their parts of the shared pages: home sections, navigation links, demo data,
the sections of a person's page.

``core`` owns the registries, each app registers its parts from its own ``home.py`` and
``demo.py``, and the top layer (``revmen.front``) asks for them; ``accounts`` asks for the
person-page sections, which an app above it registers when it starts (its ``apps.py``). A new
app adds its home section, its menu link, its demo data and its part of the person page without
editing ``front`` or ``accounts``, and ``core`` imports no app.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass
class Section:
    """One block of the home page: ``role`` names it (tests and CSS), ``template`` draws it."""

    role: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


HomePart = Callable[[Any], Iterable[Section]]
# (viewer, person) -> sections: each part shows only what this viewer may see of that person.
PersonPart = Callable[[Any, Any], Iterable[Section]]


@dataclass(frozen=True)
class NavItem:
    """A menu link shown to those for whom ``visible(user)`` is true."""

    order: int
    label: str | Promise
    url_name: str
    visible: Callable[[Any], bool]


@dataclass
class DemoContext:
    """Shared by the demo parts, in order: the day, one seeded random stream, and what earlier
    parts made (``made["batches"]`` …) for later parts to build on."""

    today: date
    rng: random.Random
    made: dict[str, Any] = field(default_factory=dict)


DemoPart = Callable[[DemoContext], None]

_home: list[tuple[int, HomePart]] = []
_nav: list[NavItem] = []
_demo: list[tuple[int, str, DemoPart]] = []
_person: list[tuple[int, PersonPart]] = []


def home_section(order: int) -> Callable[[HomePart], HomePart]:
    """Register ``func(person) -> sections``; the home page shows parts by ascending ``order``."""

    def register(func: HomePart) -> HomePart:
        if func not in (f for _, f in _home):
            _home.append((order, func))
            _home.sort(key=lambda entry: entry[0])
        return func

    return register


def home_parts() -> list[HomePart]:
    return [func for _, func in _home]


def person_section(order: int) -> Callable[[PersonPart], PersonPart]:
    """Register ``func(viewer, person) -> sections`` for the person page, by ascending ``order``.

    The page itself shows the person's own record; what other apps hold about them (enrolments
    …) comes from here, each part filtered by its own app's access rules for this viewer.
    """

    def register(func: PersonPart) -> PersonPart:
        if func not in (f for _, f in _person):
            _person.append((order, func))
            _person.sort(key=lambda entry: entry[0])
        return func

    return register


def person_parts() -> list[PersonPart]:
    return [func for _, func in _person]


def nav_item(
    order: int, label: str | Promise, url_name: str
) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Register a menu link; the decorated function decides who sees it."""

    def register(visible: Callable[[Any], bool]) -> Callable[[Any], bool]:
        if all(item.url_name != url_name for item in _nav):
            _nav.append(NavItem(order, label, url_name, visible))
            _nav.sort(key=lambda item: item.order)
        return visible

    return register


def nav_items() -> list[NavItem]:
    return list(_nav)


def demo_part(order: int, name: str) -> Callable[[DemoPart], DemoPart]:
    """Register ``func(context)``; the demo runs parts by ascending ``order`` in one transaction."""

    def register(func: DemoPart) -> DemoPart:
        if all(existing != name for _, existing, _ in _demo):
            _demo.append((order, name, func))
            _demo.sort(key=lambda entry: entry[0])
        return func

    return register


def demo_parts() -> list[tuple[str, DemoPart]]:
    return [(name, func) for _, name, func in _demo]
