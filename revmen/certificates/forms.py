from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from revmen.core.forms import Form


class LookupForm(Form):
    number = forms.CharField(label=_("Certificate number"), max_length=200)


class UploadForm(Form):
    file = forms.FileField(label=_("Externally signed PDF"))


class ReasonForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea)
