"""The components of a service standard (PermenPAN-RB 15/2014, Lampiran I).

Two groups: the components of delivering the service (what the public sees first) and those of
running it. Those marked ``required`` must be filled before the head of office may approve;
cost is required unless the service is marked free of charge, and then the page says so plainly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Component:
    code: str
    label: str | Promise
    delivery: bool  # service delivery (True) or running the service (False)
    required: bool


COMPONENTS: tuple[Component, ...] = (
    Component("requirements", _("Requirements"), True, True),
    Component("procedure", _("System, mechanism and procedure"), True, True),
    Component("time", _("Time to completion"), True, True),
    Component("cost", _("Cost or fee"), True, True),
    Component("product", _("Service product"), True, True),
    Component("complaints", _("Handling of complaints, suggestions and input"), True, True),
    Component("legal_basis", _("Legal basis"), False, False),
    Component("facilities", _("Facilities and infrastructure"), False, False),
    Component("competence", _("Staff competence"), False, False),
    Component("internal_control", _("Internal supervision"), False, False),
    Component("staff_count", _("Number of staff"), False, False),
    Component("guarantee", _("Service guarantee"), False, False),
    Component("safety", _("Security and safety guarantee"), False, False),
    Component("evaluation", _("Evaluation of staff performance"), False, False),
)
CODES = tuple(c.code for c in COMPONENTS)
