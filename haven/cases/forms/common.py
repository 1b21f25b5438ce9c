"""What the case app's forms share: yes/no answers, text inputs that are not spell-checked,
dates of birth, and the version a record was opened at (optimistic locking).
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

YES_NO = [("yes", "Yes"), ("no", "No")]


OLDEST_PLAUSIBLE_AGE = 120


# Applied to free-text inputs: names and numbers are not spell-checked (the browser's spell
# checker may send what is typed to a cloud service).
NO_SPELLCHECK = {"spellcheck": "false", "autocomplete": "off"}


def text_field(
    label: str, *, required: bool = False, max_length: int = 200, help_text: str = "", **attrs: Any
) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={**NO_SPELLCHECK, **attrs}),
    )


def textarea_field(
    label: str, *, required: bool = False, help_text: str = "", rows: int = 5
) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=10_000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def yes_no_field(label: str, *, required: bool = True, help_text: str = "") -> Any:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )


def check_date_of_birth(value: dt.date | None) -> dt.date | None:
    if value is None:
        return None
    today = timezone.localdate()
    if value > today:
        raise forms.ValidationError("Date of birth must be in the past")
    if value.year < today.year - OLDEST_PLAUSIBLE_AGE:
        raise forms.ValidationError(
            f"Date of birth must be within the last {OLDEST_PLAUSIBLE_AGE} years"
        )
    return value


class VersionedForm(forms.Form):
    """Carries the version of the record the form was opened on (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}  # type: ignore[attr-defined]


def textarea_widget(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})
