"""The safeguarding decision form: a referral made (when, to whom, its reference) or not needed
(and why)."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from haven.cases.forms.common import text_field, textarea_field
from haven.cases.models import SafeguardingOutcome
from haven.lib.govuk_forms import GovukDateField

# A referral date further back than this is a typing mistake, not a referral.
OLDEST_REFERRAL_YEARS = 10


class SafeguardingDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Has a safeguarding referral been made?",
        choices=[
            (SafeguardingOutcome.REFERRAL_MADE.value, "Yes, a referral has been made"),
            (SafeguardingOutcome.NOT_NEEDED.value, "No, a referral is not needed"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a referral has been made"},
    )
    referred_on = GovukDateField(
        label="Date the referral was made",
        required=False,
        help_text="If a referral has been made. For example, 27 3 2026",
    )
    referred_to = text_field(
        "Who the referral was made to",
        help_text=(
            "If a referral has been made: the agency or local authority team, for example "
            "Derby City children's services (MASH)"
        ),
    )
    referral_reference = text_field("Their reference for the referral (optional)", max_length=100)
    reason = textarea_field(
        "Why a referral is not needed",
        help_text=(
            "If no referral is needed: what was considered, for example that children's "
            "services are already involved, or the survivor's own wishes and capacity"
        ),
        rows=4,
    )
    # The decision in force when the form was opened ("" when there was none).
    replaces = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_replaces(self) -> int | None:
        raw = (self.cleaned_data.get("replaces") or "").strip()
        if not raw:
            return None
        if not raw.isdecimal() or len(raw) > 18:
            raise forms.ValidationError("Open the safeguarding decision again and try once more")
        return int(raw)

    def clean_referred_on(self) -> dt.date | None:
        value = self.cleaned_data.get("referred_on")
        if value is None:
            return None
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError("Date the referral was made must be today or in the past")
        if value.year < today.year - OLDEST_REFERRAL_YEARS:
            raise forms.ValidationError(
                f"Date the referral was made must be within the last {OLDEST_REFERRAL_YEARS} years"
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if outcome == SafeguardingOutcome.REFERRAL_MADE:
            if data.get("referred_on") is None and "referred_on" not in self.errors:
                self.add_error("referred_on", "Enter the date the referral was made")
            if not (data.get("referred_to") or "").strip():
                self.add_error("referred_to", "Enter who the referral was made to")
        elif outcome == SafeguardingOutcome.NOT_NEEDED and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why a referral is not needed")
        return data
