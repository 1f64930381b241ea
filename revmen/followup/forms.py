from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from revmen.core.forms import Form

from .models import validate_offsets


class PeerForm(Form):
    name = forms.CharField(label=_("Peer's name"), max_length=200)
    email = forms.EmailField(label=_("Peer's e-mail"), max_length=254)


class PlanForm(Form):
    offsets = forms.CharField(
        label=_("Months after the batch closes"),
        max_length=40,
        validators=[validate_offsets],
        help_text=_("Whole numbers separated by commas, for example 3,6."),
    )
    window_days = forms.IntegerField(label=_("Days to answer"), min_value=3, max_value=90)
    reminder_every_days = forms.IntegerField(
        label=_("Remind every (days)"), min_value=1, max_value=60
    )
