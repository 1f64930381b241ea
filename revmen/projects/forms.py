"""Forms of the change-project pages; all inherit ``core.forms.Form``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from revmen.accounts.models import Person, Unit
from revmen.core.forms import Form, choice_field
from revmen.core.values import VALUES

from . import services
from .files import check_size, check_upload
from .models import SERVICE_COMPONENTS, FileKind, StopReason, Term


class UploadField(forms.FileField):
    """A file checked by its bytes and size (``files.check_upload``) before anything is kept."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            check_size(upload.size or 0)
            content = upload.read()
            upload.seek(0)
            check_upload(content)
        return upload


def read_upload(upload: Any) -> tuple[str, bytes] | None:
    if not isinstance(upload, UploadedFile):
        return None
    upload.seek(0)
    return upload.name or "file", upload.read()


class PlanForm(Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    problem = forms.CharField(
        label=_("Problem in your office"), widget=forms.Textarea, max_length=5000
    )
    baseline = forms.CharField(
        label=_("Baseline (the situation now)"), widget=forms.Textarea, max_length=5000
    )
    baseline_figure = forms.DecimalField(
        label=_("Baseline figure"), required=False, max_digits=14, decimal_places=2
    )
    goal = forms.CharField(label=_("Goal"), widget=forms.Textarea, max_length=5000)
    values = forms.MultipleChoiceField(
        label=_("Values it serves"),
        choices=[(v.code, f"{v.code} · {v.term}") for v in VALUES],
        widget=forms.CheckboxSelectMultiple,
    )
    stakeholders = forms.CharField(
        label=_("Stakeholders"), widget=forms.Textarea, max_length=3000, required=False
    )
    service_unit = forms.ModelChoiceField(
        label=_("Service unit (if it changes a public service)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    service_components = forms.MultipleChoiceField(
        label=_("Service-standard components it touches"),
        choices=SERVICE_COMPONENTS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    document = UploadField(label=_("Plan document (optional)"), required=False)
    baseline_file = UploadField(
        label=_("Baseline evidence: a file or photo (optional)"), required=False
    )

    def __init__(self, *args: Any, agency_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(agency_id=agency_id) if agency_id else Unit.objects.none()
        choice_field(self, "service_unit").queryset = units

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("service_components") and not data.get("service_unit"):
            self.add_error("service_unit", _("Name the service unit whose standard changes."))
        return data

    def plan_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in services.PLAN_FIELDS}


class MilestoneForm(Form):
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)
    title = forms.CharField(label=_("Milestone"), max_length=300)
    indicator = forms.CharField(label=_("Indicator"), max_length=300)
    target_value = forms.DecimalField(
        label=_("Target figure"), required=False, max_digits=14, decimal_places=2
    )
    target_date = forms.DateField(
        label=_("Target date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TeamForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(label=_("Role in the team"), max_length=200, required=False)
    nip = forms.CharField(
        label=_("NIP (if they have an account here: they may then add evidence)"),
        max_length=18,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nip = (data.get("nip") or "").strip()
        data["person"] = None
        if nip:
            data["person"] = Person.objects.filter(nip=nip, is_active=True).first()
            if data["person"] is None:
                self.add_error("nip", _("Nobody with this NIP is registered."))
        elif not (data.get("name") or "").strip():
            self.add_error("name", _("Give a name or a NIP."))
        return data


class FileForm(Form):
    kind = forms.ChoiceField(
        label=_("What it is"),
        choices=[
            (FileKind.BASELINE, FileKind.BASELINE.label),
            (FileKind.DOCUMENT, FileKind.DOCUMENT.label),
        ],
    )
    file = UploadField(label=_("File"))


class ReportForm(Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea, max_length=5000)
    figure = forms.DecimalField(
        label=_("Figure against the indicator"), required=False, max_digits=14, decimal_places=2
    )
    evidence = UploadField(label=_("Evidence: a file or photo"), required=False)
    evidence2 = UploadField(label=_("More evidence"), required=False)

    def files_read(self) -> list[tuple[str, bytes]]:
        found = [read_upload(self.cleaned_data.get(n)) for n in ("evidence", "evidence2")]
        return [f for f in found if f is not None]


class ReviewForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(services.APPROVE, _("Approve")), (services.RETURN, _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"), widget=forms.Textarea, max_length=5000, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == services.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what should change when returning it."))
        return data


class CommentForm(Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea, max_length=5000)


class TransferForm(Form):
    owner_nip = forms.CharField(
        label=_("New owner's NIP (a colleague)"), max_length=18, required=False
    )
    mentor_email = forms.EmailField(label=_("New mentor's e-mail"), required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, max_length=2000, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["owner"] = data["mentor"] = None
        nip = (data.get("owner_nip") or "").strip()
        email = (data.get("mentor_email") or "").strip()
        if nip:
            data["owner"] = Person.objects.filter(nip=nip, is_active=True).first()
            if data["owner"] is None:
                self.add_error("owner_nip", _("Nobody with this NIP is registered."))
        if email:
            data["mentor"] = Person.objects.filter(email__iexact=email, is_active=True).first()
            if data["mentor"] is None:
                self.add_error("mentor_email", _("Nobody with this e-mail is registered."))
        if not nip and not email:
            raise ValidationError(_("Choose a new owner or a new mentor."))
        return data


class StopForm(Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=StopReason.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, max_length=2000, required=False)
