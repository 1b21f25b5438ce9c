"""The access-log filters. Sent by GET, so a filtered view can be bookmarked or shared."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache

from haven.audit.models import AuditEvent
from haven.audit.presentation import action_label
from haven.lib.govuk_forms import GovukDateField

ACTIONS_CACHE_KEY = "audit:actions-in-log"
ACTION_NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


def actions_in_log() -> list[str]:
    """Every action the log holds, for the filter. Cached: DISTINCT over millions of events
    is not free, and a new kind of action appearing a few minutes late does no harm."""
    actions = cache.get(ACTIONS_CACHE_KEY)
    if actions is None:
        actions = list(
            AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
        )
        cache.set(ACTIONS_CACHE_KEY, actions, 300)
    return actions


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        suffix = "" if obj.is_active else ", account closed"
        return f"{obj.full_name} ({obj.email}{suffix})"


class AccessLogFilterForm(forms.Form):
    staff = StaffChoiceField(
        label="Staff member",
        queryset=get_user_model().objects.order_by("full_name", "email"),
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Choose a staff member from the list"},
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        error_messages={"invalid_choice": "Choose an action from the list"},
    )
    record = forms.CharField(
        label="Record",
        help_text="A case reference, for example DA-2026-00042, or a record number",
        required=False,
        max_length=60,
        error_messages={"max_length": "Record must be 60 characters or fewer"},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    date_from = GovukDateField(
        label="Date from", required=False, help_text="For example, 1 11 2026"
    )
    date_to = GovukDateField(label="Date to", required=False, help_text="For example, 30 11 2026")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = actions_in_log()
        chosen = self.data.get("action", "") if self.is_bound else ""
        if ACTION_NAME.fullmatch(chosen) and chosen not in actions:
            # Newer than the cached list (or from a bookmarked link): a fair question with,
            # perhaps, no answers, rather than an error.
            actions = [*actions, chosen]
        action_field = self.fields["action"]
        assert isinstance(action_field, forms.ChoiceField)
        action_field.choices = [("", "Any action")] + [
            (action, action_label(action)) for action in actions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: dt.date | None = data.get("date_from")
        end: dt.date | None = data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "Date to must be the same as or after date from")
        return data

    def filters_used(self) -> list[str]:
        """Which filters were set (their names, never what was typed), for the log itself."""
        return [name for name in self.fields if self.cleaned_data.get(name)]
