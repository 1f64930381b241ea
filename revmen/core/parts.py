"""Where apps hang their parts of the shared pages: home sections, navigation links, demo data.

``core`` owns the registries, each app registers its parts from its own ``home.py`` and
``demo.py``, and the top layer (``revmen.front``) asks for them. A new app adds its home section,
its menu link and its demo data without editing ``front``, and ``core`` imports no app.
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
