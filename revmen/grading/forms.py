"""Forms of grading: a rater's rubric, objections and answers, corrections, settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from revmen.core.forms import Form
from revmen.instruments.answers import AnswerSheet
from revmen.instruments.models import Item
from revmen.training.models import EvaluationComponent

from .models import CombineRule, Source

TEXT_LIMIT = 4000
EVIDENCE_SUFFIX = "_BUKTI"


class RatingForm(Form):
    """One rubric response: a score per criterion and an evidence note per score."""

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item.points:
                labels = list(item.options) or [str(v) for v in range(1, item.points + 1)]
                self.fields[item.code] = forms.TypedChoiceField(
                    label=item.text,
                    choices=[("", "—")]
                    + [(str(v), f"{v} · {labels[v - 1]}") for v in range(1, item.points + 1)],
                    coerce=int,
                    required=item.required,
                )
            else:
                self.fields[item.code] = forms.CharField(
                    label=item.text,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    max_length=TEXT_LIMIT,
                    required=item.required,
                )

    def sheet(self) -> AnswerSheet:
        sheet = AnswerSheet.empty(max((i.position for i in self.items), default=-1) + 1)
        for item in self.items:
            value = self.cleaned_data.get(item.code)
            if item.points:
                sheet.values[item.position] = int(value or 0)
            elif value:
                sheet.texts[item.code] = str(value).strip()
        return sheet

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Each score field with its evidence field, for the template."""
        codes = {i.code for i in self.items}
        result = []
        for item in self.items:
            if item.points:
                evidence = item.code + EVIDENCE_SUFFIX
                result.append((self[item.code], self[evidence] if evidence in codes else None))
            elif (
                not item.code.endswith(EVIDENCE_SUFFIX)
                or item.code[: -len(EVIDENCE_SUFFIX)] not in codes
            ):
                result.append((self[item.code], None))
        return result


class ObjectionForm(Form):
    text = forms.CharField(
        label=_("What do you object to, and why?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
    )


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )


class ScoreForm(Form):
    """A component's score set by the organiser: a correction (with a reason) after closing,
    or the missing score completing a deferral."""

    component = forms.ModelChoiceField(
        label=_("Component"), queryset=EvaluationComponent.objects.none()
    )
    score = forms.DecimalField(
        label=_("Score (0-100)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    def __init__(self, *args: Any, components: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["component"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = components


class SettingsForm(Form):
    combine_rule = forms.ChoiceField(label=_("Combining raters"), choices=CombineRule.choices)
    disagreement_gap = forms.DecimalField(
        label=_("Raters disagree when their scores differ by more than (points of 100)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
    )
    deferral_days = forms.IntegerField(
        label=_("Days after the batch ends to complete a deferred grade"),
        min_value=0,
        max_value=366,
    )
    objection_days = forms.IntegerField(
        label=_("Objection window (days)"), min_value=1, max_value=60
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum answers before reaction results show"), min_value=1, max_value=100
    )

    def __init__(self, *args: Any, components: list[EvaluationComponent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.components = components
        for component in components:
            self.fields[f"source_{component.pk}"] = forms.ChoiceField(
                label=_("Source of “%(name)s”") % {"name": component.name},
                choices=[("", "—"), *list(Source.choices)],
                required=False,
            )
