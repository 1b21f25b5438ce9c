"""Support's forms. Each gives a specific GOV.UK error and keeps what was typed."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from haven.cases.forms.common import NO_SPELLCHECK, textarea_field, yes_no_field
from haven.cases.forms.contact import TimeOfDayField, london_datetime
from haven.cases.rules.safe_contact import format_minute
from haven.lib.crypto import normalise_for_index
from haven.lib.govuk_forms import GovukDateField
from haven.support.models import (
    ActionOwner,
    ActionStatus,
    AlertKind,
    ChoiceReason,
    KeysRecovered,
    PerpetratorActionKind,
    PerpetratorActionStatus,
    RehousingOption,
    RehousingProgress,
    SecurityKind,
)

DATE_HINT = "For example, 27 3 2026"


def now_initial() -> dict[str, Any]:
    now = timezone.localtime()
    return {"date": now.date(), "time": format_minute(now.hour * 60 + now.minute)}


def _not_in_future(value: dt.date | None, what: str) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return value


def _not_in_past(value: dt.date | None, what: str) -> dt.date | None:
    if value is not None and value < timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the future")
    return value


class _WhenForm(forms.Form):
    """A date and a time of day, read as London time (as the case app's contact forms)."""

    def when(self) -> dt.datetime | None:
        day, minute = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        if not day or minute is None:
            return None
        return london_datetime(day, minute)


class SecurityRequestForm(_WhenForm):
    kind = forms.ChoiceField(
        label="What is needed?", choices=SecurityKind.choices, widget=forms.RadioSelect
    )
    date = GovukDateField(label="When was it asked for?", help_text=DATE_HINT)
    time = TimeOfDayField(label="At what time?")
    works_order_reference = forms.CharField(
        label="Works order reference (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**NO_SPELLCHECK, "classes": "govuk-input--width-20"}),
    )
    survivor_choice = textarea_field(
        "What did the survivor choose? (optional)",
        help_text="For example, a doorbell camera but not a safe room.",
        rows=3,
    )
    no_recharge = yes_no_field(
        "Is the repair needed because of the abuse?",
        help_text="If yes, it is marked no-recharge: the survivor is never charged for it.",
    )
    notes = textarea_field("Notes (optional)", rows=3)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        when = self.when()
        if when is not None and when > timezone.now() + dt.timedelta(minutes=5):
            self.add_error("date", "The time it was asked for cannot be in the future")
        return cleaned


class SecurityCompleteForm(_WhenForm):
    date = GovukDateField(label="When was the work done?", help_text=DATE_HINT)
    time = TimeOfDayField(label="At what time?")
    keys_recovered = forms.ChoiceField(
        label="Were keys held by the perpetrator recovered?",
        choices=KeysRecovered.choices,
        widget=forms.RadioSelect,
    )
    works_order_reference = forms.CharField(
        label="Works order reference (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**NO_SPELLCHECK, "classes": "govuk-input--width-20"}),
    )
    notes = textarea_field("Notes (optional)", rows=3)

    def __init__(self, *args: Any, requested_at: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requested_at = requested_at

    def clean(self) -> dict[str, Any]:
        from haven.support.rules import completion_problem

        cleaned = super().clean() or {}
        when = self.when()
        if when is not None:
            problem = completion_problem(self.requested_at, when, timezone.now())
            if problem:
                self.add_error("date", problem)
        return cleaned


class PlanForm(forms.Form):
    agreed_on = GovukDateField(
        label="When was the plan agreed with the survivor?", help_text=DATE_HINT
    )

    def clean_agreed_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("agreed_on"), "The date the plan was agreed")


class ActionForm(forms.Form):
    what = textarea_field("What is the action?", required=True, rows=3)
    owner_kind = forms.ChoiceField(
        label="Who will do it?", choices=ActionOwner.choices, widget=forms.RadioSelect
    )
    agency = forms.CharField(
        label="Which agency? (if another agency)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=NO_SPELLCHECK),
    )
    due_on = GovukDateField(label="When is it due?", help_text=DATE_HINT)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("owner_kind") == ActionOwner.AGENCY
            and not cleaned.get("agency", "").strip()
        ):
            self.add_error("agency", "Enter which agency will do it")
        return cleaned


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Where is it up to?", choices=ActionStatus.choices, widget=forms.RadioSelect
    )
    completed_on = GovukDateField(
        label="When was it done? (if done)", help_text=DATE_HINT, required=False
    )
    outcome = textarea_field("Outcome (optional)", rows=3)

    def clean_completed_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("completed_on"), "The date it was done")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("status") == ActionStatus.DONE
            and not cleaned.get("completed_on")
            and "completed_on" not in self.errors
        ):
            self.add_error("completed_on", "Enter the date it was done")
        return cleaned


class ReviewForm(forms.Form):
    reviewed_on = GovukDateField(label="When was the plan reviewed?", help_text=DATE_HINT)
    with_survivor = yes_no_field("Was it reviewed with the survivor?")
    notes = textarea_field("What changed? (optional)", rows=4)

    def __init__(self, *args: Any, agreed_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreed_on = agreed_on

    def clean_reviewed_on(self) -> dt.date | None:
        value = _not_in_future(self.cleaned_data.get("reviewed_on"), "The date of the review")
        if value is not None and value < self.agreed_on:
            raise forms.ValidationError(
                "The date of the review must be on or after the date the plan was agreed "
                f"({self.agreed_on:%-d %B %Y})"
            )
        return value


class AlertForm(forms.Form):
    reference = forms.CharField(
        label="Property reference",
        max_length=40,
        widget=forms.TextInput(attrs={**NO_SPELLCHECK, "classes": "govuk-input--width-10"}),
    )
    address = textarea_field(
        "Address of the property",
        help_text="Kept encrypted. Only needed the first time this property is given an alert.",
        rows=3,
    )
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={**NO_SPELLCHECK, "classes": "govuk-input--width-10"}),
    )
    kind = forms.ChoiceField(
        label="What must staff do?", choices=AlertKind.choices, widget=forms.RadioSelect
    )
    contact = forms.CharField(
        label="Who should staff contact?",
        max_length=200,
        help_text=(
            "A team and a phone number, for example Tenancy Services, 0345 000 0000. "
            "Everyone on the staff can read this: never say why, and never give a name, a number or an address from the case."
        ),
        widget=forms.TextInput(attrs=NO_SPELLCHECK),
    )
    review_on = GovukDateField(label="When should the alert be reviewed?", help_text=DATE_HINT)

    def clean_reference(self) -> str:
        typed = self.cleaned_data.get("reference", "")
        # Found by its letters and digits alone: a reference without any would be every such
        # property at once.
        if not normalise_for_index(typed):
            raise forms.ValidationError("Enter the property reference, like PR-4410")
        return typed

    def clean_review_on(self) -> dt.date | None:
        return _not_in_past(self.cleaned_data.get("review_on"), "The review date")


class LookUpForm(forms.Form):
    q = forms.CharField(
        label="Property reference or postcode",
        max_length=40,
        widget=forms.TextInput(attrs={**NO_SPELLCHECK, "classes": "govuk-input--width-20"}),
        error_messages={"required": "Enter a property reference or a postcode"},
    )

    def clean_q(self) -> str:
        typed = self.cleaned_data.get("q", "")
        # Only letters and digits count in a look-up: punctuation alone is nothing typed (and
        # would otherwise match every property recorded without a postcode).
        if not normalise_for_index(typed):
            raise forms.ValidationError("Enter a property reference or a postcode")
        return typed


class RehousingForm(forms.Form):
    options_considered = forms.MultipleChoiceField(
        label="Which options were considered?",
        choices=RehousingOption.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    chosen = forms.ChoiceField(
        label="What did the survivor choose?",
        choices=[("", "Not chosen yet"), *RehousingOption.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    reasons = forms.MultipleChoiceField(
        label="Why? (the survivor's reasons)",
        choices=ChoiceReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reasons_notes = textarea_field("More about the survivor's reasons (optional)", rows=3)
    areas_to_avoid = textarea_field(
        "Areas to avoid (optional)",
        help_text="For example, where the perpetrator lives or works.",
        rows=3,
    )
    progress = forms.ChoiceField(
        label="Where is it up to?", choices=RehousingProgress.choices, widget=forms.RadioSelect
    )
    outcome_notes = textarea_field("Progress and outcome (optional)", rows=3)
    new_address = textarea_field(
        "New address after the move (optional)",
        help_text=(
            "Do not disclose: shown only on this case, never on an alert, a property look-up "
            "or anything sent to the old tenancy."
        ),
        rows=3,
    )
    moved_on = GovukDateField(
        label="Date of the move (optional)", help_text=DATE_HINT, required=False
    )
    # The version the page was opened at: a save writes only what this person changed since.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_moved_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("moved_on"), "The date of the move")


class PerpetratorActionForm(forms.Form):
    survivor_wishes = textarea_field(
        "What does the survivor want?",
        required=True,
        help_text="Record them before anything starts: what the survivor wants done, and what they do not.",
        rows=4,
    )
    wishes_recorded_on = GovukDateField(
        label="When did the survivor tell you?", help_text=DATE_HINT
    )
    kind = forms.ChoiceField(
        label="What action?", choices=PerpetratorActionKind.choices, widget=forms.RadioSelect
    )
    ground = forms.CharField(
        label="Ground (for a Notice of Seeking Possession)",
        required=False,
        max_length=100,
        help_text="For example, Ground 2A",
    )
    started_on = GovukDateField(
        label="When did it start? (leave blank if only planned)",
        help_text=DATE_HINT,
        required=False,
    )
    court_date = GovukDateField(label="Court date (optional)", help_text=DATE_HINT, required=False)
    notes = textarea_field("Notes (optional)", rows=3)

    field_order = [
        "survivor_wishes",
        "wishes_recorded_on",
        "kind",
        "ground",
        "started_on",
        "court_date",
        "notes",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survivor_wishes"].error_messages["required"] = (
            "Record the survivor's wishes before starting an action against the perpetrator"
        )

    def clean_wishes_recorded_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("wishes_recorded_on"), "The date")

    def clean_started_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("started_on"), "The start date")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("kind") == PerpetratorActionKind.NSP
            and not cleaned.get("ground", "").strip()
        ):
            self.add_error("ground", "Enter the ground for the notice")
        started, wishes = cleaned.get("started_on"), cleaned.get("wishes_recorded_on")
        if started and wishes and started < wishes:
            self.add_error(
                "started_on", "The action cannot start before the survivor's wishes were recorded"
            )
        return cleaned


class PerpetratorActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Where is it up to?",
        choices=PerpetratorActionStatus.choices,
        widget=forms.RadioSelect,
    )
    court_date = GovukDateField(label="Court date (optional)", help_text=DATE_HINT, required=False)


class BreachForm(forms.Form):
    occurred_on = GovukDateField(label="When did the breach happen?", help_text=DATE_HINT)
    reported_to_police = yes_no_field("Was it reported to the police?")
    notes = textarea_field("What happened? (optional)", rows=3)

    def clean_occurred_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("occurred_on"), "The date of the breach")
