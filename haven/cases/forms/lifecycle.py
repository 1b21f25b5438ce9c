"""Forms for allocation, status, closing, reopening, restriction and coordinator reviews."""

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.forms.common import text_field, textarea_field, yes_no_field
from haven.cases.models import (
    ClosureReason,
)
from haven.lib.govuk_forms import GovukDateField


class AllocateForm(forms.Form):
    officer = forms.ModelChoiceField(
        label="Allocate to",
        queryset=User.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    reason = textarea_field(
        "Reason for the reassignment",
        help_text="Needed when the case already has an officer.",
        rows=3,
    )

    def __init__(self, *args: Any, officers: Any, needs_reason: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        officer_field = cast(forms.ModelChoiceField, self.fields["officer"])
        officer_field.queryset = officers
        officer_field.label_from_instance = self.officer_label  # type: ignore[method-assign,assignment]
        self.needs_reason = needs_reason
        if not needs_reason:
            del self.fields["reason"]

    @staticmethod
    def officer_label(user: User) -> str:
        extras = [part for part in (user.team and user.team.name, user.gender) if part]
        if user.languages:
            extras.append(f"speaks {user.languages}")
        return f"{user.full_name} ({', '.join(extras)})" if extras else user.full_name

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason", "").strip()
        if self.needs_reason and not reason:
            raise forms.ValidationError("Enter the reason for the reassignment")
        return reason


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=(), widget=forms.RadioSelect)
    reason = textarea_field("Why (optional)", rows=3)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = choices


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case being closed?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is being closed"},
    )
    handed_over = forms.BooleanField(
        label="Open actions have been handed over (say to whom in the notes)", required=False
    )
    notes = textarea_field("Closure notes", rows=4)


class ReopenForm(forms.Form):
    occurred_on = GovukDateField(label="Date of the new incident")
    summary = textarea_field("What happened", required=True)
    immediate_danger = yes_no_field("Is anyone in immediate danger?")
    reported_to_police = forms.ChoiceField(
        label="Has it been reported to the police?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not known")],
        required=False,
        widget=forms.Select,
    )
    crime_reference = text_field("Crime reference (optional)", max_length=40)

    def clean_occurred_on(self) -> dt.date:
        value = self.cleaned_data["occurred_on"]
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError("Date of the new incident must be today or in the past")
        return value


class RestrictForm(forms.Form):
    named_users = forms.ModelMultipleChoiceField(
        label="Who may see the case",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The coordinator can always see it.",
    )
    reason = textarea_field("Why is the case restricted?", required=True, rows=3)

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["named_users"]).queryset = users


class ReviewOutcomeForm(forms.Form):
    outcome = textarea_field("What did you decide?", required=True, rows=4)
