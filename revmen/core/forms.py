"""Small helpers shared by every app's forms and views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from .spreadsheets import TOO_LARGE, SpreadsheetError, check_upload
from .storable import StorableFormMixin


class Form(StorableFormMixin, forms.Form):
    """The base of every form of ours: no text field takes what the database cannot store
    (``core/storable.py``)."""


def add_validation_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one,
    otherwise above the form."""
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's model-choice field ``name``, typed as one (to set its queryset)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


def label_options(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """Label a model-choice field's options with ``label(obj)`` (Django's documented override)."""
    field.label_from_instance = label  # type: ignore[method-assign,assignment]


class SpreadsheetField(forms.FileField):
    """An upload for an import: refused here, before it is stored in a job, when it is larger
    than ``IMPORT_MAX_MB``, not an .xlsx or CSV, unreadable, has a column named twice, no data
    rows or more than ``IMPORT_MAX_ROWS`` (``core.spreadsheets.check_upload``)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not isinstance(upload, UploadedFile):
            return upload
        name = upload.name or ""
        if not name.lower().endswith((".xlsx", ".csv")):
            raise ValidationError(_("Upload an .xlsx or .csv file."))
        if (upload.size or 0) > settings.IMPORT_MAX_MB * 1024 * 1024:
            raise ValidationError(_(TOO_LARGE) % {"max": settings.IMPORT_MAX_MB})
        content = upload.read()
        upload.seek(0)
        try:
            check_upload(name, content)
        except SpreadsheetError as error:
            raise ValidationError(str(error)) from None
        return upload
