from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Person
from revmen.core.forms import Form, SpreadsheetField, choice_field, label_options
from revmen.core.spreadsheets import TOO_LARGE
from revmen.training.models import Batch

from .access import instruments_usable_in
from .audiences import (
    AUDIENCES,
    ERR_OPEN_LINK_ANONYMOUS,
    NOBODY,
    offered_audience_choices,
    subject_choices,
)
from .limesurvey import LssError, parse_lss
from .models import IdentityMode, InstrumentKind, Purpose, Version


class AdministrationForm(Form):
    version = forms.ModelChoiceField(label=_("Instrument"), queryset=Version.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    # Callables: the registries are read when the form is drawn, after every app registered.
    audience = forms.ChoiceField(label=_("Who answers"), choices=offered_audience_choices)
    people = forms.ModelMultipleChoiceField(
        label=_("Chosen people"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Only when “Chosen people” answer: anyone enrolled in this batch."),
    )
    subject = forms.ChoiceField(label=_("About"), choices=subject_choices)
    identity = forms.ChoiceField(label=_("Identity"), choices=IdentityMode.choices)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def __init__(
        self, *args: Any, batch: Batch, viewer: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "people").queryset = (
            Person.objects.filter(enrolments__batch=batch, enrolments__is_active=True)
            .distinct()
            .order_by("name")
        )
        # Another institute's private instrument is neither offered nor accepted.
        versions = Version.objects.filter(instrument__in=instruments_usable_in(batch, viewer))
        latest = {}
        for version in versions.order_by("number"):
            latest[version.instrument_id] = version.pk
        field = choice_field(self, "version")
        field.queryset = (
            Version.objects.filter(pk__in=latest.values())
            .select_related("instrument")
            .order_by("instrument__name")
        )
        label_options(field, lambda v: f"{v.instrument.name} (v{v.number})")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("The closing time must come after the opening time."))
        audience = AUDIENCES.get(data.get("audience", ""))  # None: the field has its error
        chooses_people = audience is not None and audience.chooses_people
        if chooses_people and not data.get("people"):
            self.add_error("people", _("Choose at least one person."))
        if not chooses_people:
            data["people"] = None
        if audience is not None and audience.open_link:
            if data.get("identity") != IdentityMode.ANONYMOUS:
                self.add_error("identity", _(ERR_OPEN_LINK_ANONYMOUS))
            if data.get("subject") not in (None, NOBODY):
                self.add_error("subject", _("An open link cannot be about a person."))
        return data


class InstrumentFileField(SpreadsheetField):
    """A spreadsheet, or a LimeSurvey ``.lss`` checked here as one (size and structure)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        if not isinstance(data, UploadedFile) or not (data.name or "").lower().endswith(".lss"):
            return super().clean(data, initial)
        upload = forms.FileField.clean(self, data, initial)
        if (upload.size or 0) > settings.IMPORT_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(_(TOO_LARGE) % {"max": settings.IMPORT_MAX_MB})
        content = upload.read()
        upload.seek(0)
        try:
            parse_lss(content)
        except LssError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class InstrumentImportForm(Form):
    code = forms.CharField(
        label=_("Instrument code"),
        max_length=40,
        help_text=_("An existing code gets a new version."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=InstrumentKind.choices)
    file = InstrumentFileField(
        label=_("Spreadsheet (.xlsx or .csv) or LimeSurvey survey structure (.lss)")
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not re.match(r"^[A-Z0-9][A-Z0-9_-]{0,39}$", code):
            raise forms.ValidationError(_("Letters, digits, - and _ only."))
        return code


class ResponsesUploadForm(Form):
    """Answers collected in LimeSurvey or Google Forms, for one version of an instrument."""

    version = forms.TypedChoiceField(label=_("Version"), coerce=int)
    source = forms.ChoiceField(
        label=_("Collected with"),
        choices=[
            ("google-forms", _("Google Forms (response sheet)")),
            ("limesurvey", _("LimeSurvey (responses with question codes)")),
        ],
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = SpreadsheetField(label=_("Responses (.xlsx or .csv)"))

    def __init__(self, *args: Any, versions: list[Version], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(v.pk, f"v{v.number}") for v in reversed(versions)]


class ColumnMapForm(Form):
    """One choice per column of the uploaded sheet: the item it fills, or none (left out).
    The suggestion (from the heading's text) is the initial value."""

    def __init__(self, *args: Any, columns: list[Any], items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— leave out —"))] + [
            (item.code, f"{item.code} · {item.text[:60]}") for item in items
        ]
        self.headings: list[tuple[str, str]] = []
        for index, column in enumerate(columns):
            name = f"col_{index}"
            self.headings.append((name, column.heading))
            if column.fixed:
                continue  # dates and e-mail addresses: never mapped by hand
            self.fields[name] = forms.ChoiceField(
                label=column.heading,
                choices=choices,
                required=False,
                initial=column.item.code if column.item is not None else "",
            )

    def mapping(self, columns: list[Any]) -> dict[str, str]:
        """{heading: item code} for every column the form maps (the fixed ones keep theirs)."""
        found: dict[str, str] = {}
        for index, column in enumerate(columns):
            name = f"col_{index}"
            if name in self.fields:
                found[column.heading] = self.cleaned_data.get(name) or ""
        return found
