from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency, Unit
from revmen.core.forms import Form, SpreadsheetField, label_options


class WaveForm(Form):
    name = forms.CharField(
        label=_("Name of the wave"), max_length=100, help_text=_("e.g. Gelombang I 2026")
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group for scores"), min_value=3, initial=5, max_value=100
    )
    min_comment_group = forms.IntegerField(
        label=_("Minimum group for comments"), min_value=3, initial=10, max_value=100
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must come after the opening time."))
        k, comments = data.get("min_group_size"), data.get("min_comment_group")
        if k and comments and comments < k:
            self.add_error(
                "min_comment_group", _("Comments need groups at least as large as scores do.")
            )
        return data


def unit_field(agency: Agency, *, label: Any = None) -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(
        label=label or _("Work unit"), queryset=Unit.objects.filter(agency=agency).order_by("path")
    )
    label_options(field, lambda obj: obj.path or obj.agency.name)
    return field


class TokensForm(Form):
    count = forms.IntegerField(
        label=_("Number of single-use links"), min_value=1, max_value=5000, initial=10
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(agency)


class ChooseUnitForm(Form):
    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(agency, label=_("Your work unit"))


class HeadcountsForm(Form):
    """One number per unit (empty: the sum of its sub-units), in the tree's order."""

    def __init__(self, *args: Any, units: list[Unit], current: dict[int, int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            self.fields[f"u{unit.pk}"] = forms.IntegerField(
                label=unit.path or unit.agency.name,
                min_value=0,
                max_value=1_000_000,
                required=False,
                initial=current.get(unit.pk),
            )

    def values(self) -> dict[int, int | None]:
        return {unit.pk: self.cleaned_data[f"u{unit.pk}"] for unit in self.units}

    def rows(self) -> list[tuple[Unit, forms.BoundField]]:
        return [(unit, self[f"u{unit.pk}"]) for unit in self.units]


class HeadcountUploadForm(Form):
    file = SpreadsheetField(
        label=_("Sheet with the columns unit and jumlah_pegawai (.xlsx or .csv)")
    )


class ExtendForm(Form):
    closes_at = forms.DateTimeField(
        label=_("New end"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class ReminderForm(Form):
    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(agency, label=_("Remind everyone in"))
