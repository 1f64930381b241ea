from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from revmen.core.forms import Form, SpreadsheetField, choice_field, label_options
from revmen.core.storable import StorableFormMixin
from revmen.core.timezones import IndonesianZone

from .models import GOLONGAN, Agency, AgencyKind, CorrectionRequest, CorrectionStatus, Sex, Unit


class LoginForm(StorableFormMixin, AuthenticationForm):
    username = forms.CharField(
        label=_("NIP or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "NIP/e-mail or password is wrong. Note that the password is case-sensitive."
        ),
    }


class SetPasswordForm(StorableFormMixin, auth_forms.SetPasswordForm):
    """The invitation's "choose your password" form."""


class PasswordChangeForm(StorableFormMixin, auth_forms.PasswordChangeForm):
    pass


class AgencyForm(Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, help_text=_("Short and unique, e.g. BPSDM-KALTENG.")
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgencyKind.choices)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=IndonesianZone.choices)


class UnitForm(Form):
    name = forms.CharField(label=_("Unit name"), max_length=200)
    parent = forms.ModelChoiceField(label=_("Below"), queryset=Unit.objects.none())

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "parent").queryset = Unit.objects.filter(agency=agency)
        label_options(choice_field(self, "parent"), lambda unit: unit.path or unit.agency.name)


class UnitRenameForm(Form):
    name = forms.CharField(label=_("New name"), max_length=200)


class PersonForm(Form):
    nip = forms.CharField(
        label="NIP",
        max_length=30,
        required=False,
        help_text=_("18 digits. Empty for people outside the civil service."),
    )
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Taken from the NIP when there is one."),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    pangkat_golongan = forms.CharField(
        label=_("Rank / grade"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "golongan"}),
    )
    jabatan = forms.CharField(label=_("Position"), max_length=200, required=False)
    unit = forms.ModelChoiceField(
        label=_("Work unit"), queryset=Unit.objects.none(), required=False
    )

    golongan = GOLONGAN

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").queryset = Unit.objects.filter(agency=agency)
        label_options(choice_field(self, "unit"), lambda unit: unit.path or unit.agency.name)


class ProfileForm(Form):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        choices=[("", _("As my agency")), *IndonesianZone.choices],
    )


class ImportForm(Form):
    file = SpreadsheetField(label=_("Spreadsheet (.xlsx or .csv)"))
    only_valid = forms.BooleanField(
        label=_("Import only the valid rows, skip the bad ones"),
        required=False,
    )


class OtpCodeForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits your authenticator app shows, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class PasswordConfirmForm(Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, person: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password


class CorrectionRequestForm(Form):
    field = forms.ChoiceField(label=_("What is wrong"), choices=CorrectionRequest.FIELDS)
    correct_value = forms.CharField(label=_("The correct value"), max_length=200)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CorrectionReplyForm(Form):
    status = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (CorrectionStatus.DONE, _("Corrected")),
            (CorrectionStatus.REJECTED, _("Rejected")),
        ],
    )
    reply = forms.CharField(
        label=_("Reply to the person"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
