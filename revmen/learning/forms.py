"""Forms of the learning app; every one inherits ``core.forms.Form``."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from revmen.core import values as coded
from revmen.core.forms import Form, label_options
from revmen.training.models import Session
from revmen.training.sessions import local_moment

from .models import MaterialKind

ENTRY_MAX = 10_000


class MaterialForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("PDF, image, MP4/WebM video, MP3 or an Office document."),
    )
    values = forms.MultipleChoiceField(
        label=_("Values it works on"),
        choices=coded.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = forms.ModelMultipleChoiceField(
        label=_("Attached to sessions"),
        queryset=Session.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, sessions: QuerySet[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["sessions"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = sessions.select_related("batch")
        label_options(
            field,
            lambda s: f"{s.batch.code} · {timezone.localtime(s.starts_at):%d-%m-%Y} · {s.title}",
        )


class PromptForm(Form):
    text = forms.CharField(
        label=_("Reflection prompt"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. “What did you feel when …? What will you do differently on Monday?”"),
    )
    # Fixed formats: an <input type="date|time"> takes nothing else.
    day = forms.DateField(
        label=_("Deadline (date)"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    at = forms.TimeField(
        label=_("Deadline (time)"),
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        initial=time(23, 59),
    )

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        self.session = session
        local = timezone.localtime(session.ends_at, timezone=_zone(session))
        kwargs.setdefault("initial", {"day": local.date() + timedelta(days=2), "at": time(23, 59)})
        super().__init__(*args, **kwargs)

    def deadline(self) -> datetime:
        return local_moment(
            self.cleaned_data["day"], self.cleaned_data["at"], self.session.timezone
        )


def _zone(session: Session) -> ZoneInfo:
    return ZoneInfo(session.timezone)


class EntryForm(Form):
    text = forms.CharField(
        label=_("Your reflection"),
        max_length=ENTRY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class FeedbackForm(Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=ENTRY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class CommitmentForm(Form):
    """One text per BerAKHLAK value; empty ones are left out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value in coded.values_of(coded.BERAKHLAK):
            self.fields[value.code] = forms.CharField(
                label=f"{value.term} ({value.label})",
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code) or "" for code in self.fields}
