"""The instruments part of a person's own data export (``accounts.owndata``): their own
identified and confidential answers. Anonymous answers name nobody (no respondent is stored),
so they cannot be, and are not, part of anyone's export."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from revmen.accounts.models import Person
from revmen.accounts.owndata import Table, own_data_sheet

from .models import IdentityMode, Response


@own_data_sheet(50, gettext_lazy("Answers"))
def _answers(person: Person) -> Table:
    responses = (
        Response.objects.filter(respondent=person)
        .exclude(administration__identity=IdentityMode.ANONYMOUS)
        .select_related("administration__version", "subject")
        .prefetch_related("administration__version__items")
        .order_by("submitted_on")
    )
    rows = []
    for response in responses:
        values = bytes(response.answers)
        for item in response.administration.version.items.all():
            text = response.texts.get(item.code) or response.texts.get(str(item.position))
            value = values[item.position] if item.position < len(values) else 0
            rows.append(
                [
                    response.administration.title,
                    response.submitted_on,
                    response.subject.name if response.subject else "",
                    item.code,
                    item.text,
                    text if text else (value or ""),
                ]
            )
    header = [_("Questionnaire"), _("Submitted"), _("About"), _("Code"), _("Question"), _("Answer")]
    return header, rows
