from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Agency
from revmen.core.forms import Form


class TokenForm(Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("Agency or institute"))
    label = forms.CharField(label=_("Label"), max_length=100, required=False)
    write = forms.BooleanField(label=_("May write (enrol participants)"), required=False)
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies if agencies is not None else Agency.objects.none()
