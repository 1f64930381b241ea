"""Forms of the service app (all on core.forms.Form: no text the database cannot store)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Unit
from revmen.core.forms import Form

from .models import ComplaintKind
from .standard import COMPONENTS


class ServiceUnitForm(Form):
    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Work unit"), queryset=Unit.objects.none()
    )
    slug = forms.SlugField(
        label=_("Public address"),
        max_length=60,
        help_text=_("Letters, digits and hyphens: the page is /layanan/<address>/."),
    )
    name = forms.CharField(label=_("Public name"), max_length=200)
    population = forms.IntegerField(
        label=_("Service users per period"), min_value=1, max_value=10**9, required=False
    )


class ServiceUnitEditForm(Form):
    name = forms.CharField(label=_("Public name"), max_length=200)
    population = forms.IntegerField(
        label=_("Service users per period"), min_value=1, max_value=10**9, required=False
    )


class PeriodForm(Form):
    name = forms.CharField(label=_("Period"), max_length=80, help_text=_("e.g. 2026 semester 2"))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    population = forms.IntegerField(
        label=_("Service users in the period"), min_value=1, max_value=10**9, required=False
    )


class FollowUpForm(Form):
    population = forms.IntegerField(
        label=_("Service users in the period"), min_value=1, max_value=10**9, required=False
    )
    follow_up = forms.CharField(
        label=_("Follow-up plan"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10_000,
    )
    publish = forms.BooleanField(label=_("Publish on the service page"), required=False)


class StandardForm(Form):
    service_name = forms.CharField(label=_("Service"), max_length=200)
    is_free = forms.BooleanField(label=_("The service is free of charge"), required=False)
    pledge = forms.CharField(
        label=_("Service pledge (maklumat pelayanan)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False)
    submit_for_approval = forms.BooleanField(
        label=_("Send to the head of office for approval"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for component in COMPONENTS:
            self.fields[f"c_{component.code}"] = forms.CharField(
                label=str(component.label),
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=10_000,
            )

    def components(self) -> dict[str, str]:
        return {c.code: self.cleaned_data.get(f"c_{c.code}", "") for c in COMPONENTS}


class ComplaintForm(Form):
    kind = forms.ChoiceField(label=_("This is a"), choices=ComplaintKind.choices)
    text = forms.CharField(
        label=_("Your complaint or suggestion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    name = forms.CharField(label=_("Name (optional)"), max_length=120, required=False)
    contact = forms.CharField(
        label=_("E-mail or telephone (optional)"), max_length=120, required=False
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ReplyForm(Form):
    text = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=5000
    )
    close = forms.BooleanField(label=_("Settled: close it"), required=False)


class KioskForm(Form):
    name = forms.CharField(label=_("Name of the device"), max_length=80)


class PairForm(Form):
    code = forms.CharField(label=_("Pairing code"), max_length=20)


class TrackForm(Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)
