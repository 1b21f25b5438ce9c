"""Forms for the safe-contact plan, contacts, the chronology and documents.

Parsing only: the service layer decides what is allowed. Messages follow the GOV.UK patterns
(say what to do, not what went wrong).
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from haven.cases.forms.common import textarea_widget
from haven.cases.models.contact import (
    PLAN_CHANNELS,
    ContactChannel,
    ContactDirection,
    ContactOutcome,
)
from haven.cases.rules.safe_contact import (
    DAY_NAMES,
    EVERY_DAY,
    LONDON,
    WEEKDAYS,
    WEEKEND,
    Channel,
    TimeWindow,
    format_minute,
    normalise_phone,
    parse_time_of_day,
)
from haven.lib.govuk_forms import GovukDateField

SAFE_WINDOW_ROWS = 3


UNSAFE_WINDOW_ROWS = 2


DAY_CHOICES = [
    ("", "Choose days"),
    ("weekdays", "Weekdays (Monday to Friday)"),
    ("weekends", "Weekends"),
    ("every_day", "Every day"),
    *[(str(i), f"{name}s") for i, name in enumerate(DAY_NAMES)],
]


DAY_SETS = {"weekdays": WEEKDAYS, "weekends": WEEKEND, "every_day": EVERY_DAY} | {
    str(i): frozenset({i}) for i in range(7)
}


OVERRIDE_HINT = (
    "Only if this contact breaks the safe-contact plan and you must go ahead, for example "
    "because of a risk to life. Your reason is recorded and shown to the coordinator. "
    "Do not include the survivor's contact details."
)


ALREADY_HAPPENED = "already_happened"
OVERRIDE = "override"

# Shown only after a contact was found to break the plan. Two different things, worded so: a
# contact that had already happened is recorded as it was (nobody is blamed, the coordinator
# helps follow it up); an override is a decision to go ahead, with a reason.
BREACH_RESPONSES = [
    (ALREADY_HAPPENED, "This has already happened"),
    (OVERRIDE, "I decided to go ahead despite the plan"),
]


def breach_response_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="This contact does not keep to the safe-contact plan. Which is true?",
        choices=BREACH_RESPONSES,
        required=False,
        widget=forms.RadioSelect,
    )


def _days_key(days: frozenset[int]) -> str:
    for key, value in DAY_SETS.items():
        if value == days:
            return key
    return ""


def _time_field(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=20,
        help_text="For example, 10am, 2:30pm or 14:30",
        widget=forms.TextInput(attrs={"classes": "govuk-input--width-5", "spellcheck": False}),
    )


class TimeOfDayField(forms.CharField):
    """A time as people write it (10am, 2:30pm, 14:30); cleans to minutes after midnight."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", "For example, 10am, 2:30pm or 14:30")
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"classes": "govuk-input--width-5", "spellcheck": False}),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_time_of_day(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def london_datetime(day: dt.date, minute: int) -> dt.datetime:
    hour, rest = divmod(minute, 60)
    return dt.datetime.combine(day, dt.time(hour, rest), tzinfo=LONDON)


class SafeContactPlanForm(forms.Form):
    allowed_channels = forms.MultipleChoiceField(
        label="How may we contact the survivor safely?",
        choices=PLAN_CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the survivor agreed. Leave all unticked if the survivor "
        "asked us not to contact them and will contact us.",
    )
    phone_numbers = forms.CharField(
        label="Numbers we may call or text",
        required=False,
        max_length=300,
        widget=textarea_widget(2),
        help_text="One number on each line",
    )
    email_address = forms.EmailField(
        label="E-mail address we may use",
        required=False,
        max_length=200,
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com"
        },
    )
    postal_address = forms.CharField(
        label="Address we may write to",
        required=False,
        max_length=500,
        widget=textarea_widget(3),
        help_text="This may be a safe address rather than the home, such as a relative's or a "
        "support service's",
    )
    visit_address = forms.CharField(
        label="Where we may visit", required=False, max_length=500, widget=textarea_widget(3)
    )
    third_party = forms.CharField(
        label="Who may pass on messages, and how to reach them",
        required=False,
        max_length=500,
        widget=textarea_widget(2),
    )
    voicemail_allowed = forms.ChoiceField(
        label="May we leave a voicemail?",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )
    code_word = forms.CharField(
        label="Code word (optional)",
        required=False,
        max_length=100,
        help_text="A word the survivor uses to tell us it is not safe to talk, or to prove who "
        "we are",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": False}),
    )
    notes = forms.CharField(
        label="Anything else about contacting the survivor safely (optional)",
        required=False,
        max_length=4000,
        widget=textarea_widget(4),
    )
    agreed_on = GovukDateField(
        label="Date the survivor agreed this plan (optional)",
        required=False,
        help_text="For example, 27 3 2026",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.window_rows: dict[str, list[tuple[str, str, str]]] = {"safe": [], "unsafe": []}
        for kind, rows in (("safe", SAFE_WINDOW_ROWS), ("unsafe", UNSAFE_WINDOW_ROWS)):
            for index in range(1, rows + 1):
                prefix = f"{kind}_{index}"
                word = "Safe" if kind == "safe" else "Unsafe"
                self.fields[f"{prefix}_days"] = forms.ChoiceField(
                    label=f"{word} time {index}: days", choices=DAY_CHOICES, required=False
                )
                self.fields[f"{prefix}_start"] = _time_field("From", required=False)
                self.fields[f"{prefix}_end"] = _time_field("Until", required=False)
                self.window_rows[kind].append(
                    (f"{prefix}_days", f"{prefix}_start", f"{prefix}_end")
                )

    @classmethod
    def initial_from_plan(cls, plan: Any) -> dict[str, Any]:
        if plan is None:
            return {"voicemail_allowed": "no", "version": 0}
        initial = {
            "allowed_channels": list(plan.allowed_channels or []),
            "phone_numbers": plan.phone_numbers,
            "email_address": plan.email_address,
            "postal_address": plan.postal_address,
            "visit_address": plan.visit_address,
            "third_party": plan.third_party,
            "voicemail_allowed": "yes" if plan.voicemail_allowed else "no",
            "code_word": plan.code_word,
            "notes": plan.notes,
            "agreed_on": plan.agreed_on,
            "version": plan.version,
        }
        for kind, windows in (("safe", plan.safe_windows()), ("unsafe", plan.unsafe_windows())):
            for index, window in enumerate(windows, start=1):
                initial[f"{kind}_{index}_days"] = _days_key(window.days)
                initial[f"{kind}_{index}_start"] = format_minute(window.start)
                initial[f"{kind}_{index}_end"] = (
                    "midnight" if window.end == 24 * 60 else format_minute(window.end)
                )
        return initial

    def clean_phone_numbers(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["phone_numbers"].splitlines()]
        lines = [line for line in lines if line]
        for line in lines:
            digits = normalise_phone(line)
            if not 10 <= len(digits) <= 13 or any(c.isalpha() for c in line):
                raise forms.ValidationError(
                    "Enter each number on its own line, like 07700 900 982 or +44 7700 900 982"
                )
        return "\n".join(lines)

    def clean_agreed_on(self) -> dt.date | None:
        value = self.cleaned_data.get("agreed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date the plan was agreed must be today or in the past")
        return value

    def _windows(self, kind: str) -> list[dict]:
        windows = []
        for days_name, start_name, end_name in self.window_rows[kind]:
            days = self.cleaned_data.get(days_name) or ""
            start = (self.cleaned_data.get(start_name) or "").strip()
            end = (self.cleaned_data.get(end_name) or "").strip()
            if not (days or start or end):
                continue
            label = str(self.fields[days_name].label).split(":")[0]
            if not days:
                self.add_error(days_name, f"{label}: select the days")
            try:
                start_minute = parse_time_of_day(start) if start else None
            except ValueError as exc:
                self.add_error(start_name, f"{label}: {exc}")
                start_minute = None
            else:
                if start_minute is None:
                    self.add_error(start_name, f"{label}: enter the time it starts")
            try:
                end_minute = parse_time_of_day(end, is_end=True) if end else None
            except ValueError as exc:
                self.add_error(end_name, f"{label}: {exc}")
                end_minute = None
            else:
                if end_minute is None:
                    self.add_error(end_name, f"{label}: enter the time it ends")
            if not days or start_minute is None or end_minute is None:
                continue
            if start_minute == end_minute % (24 * 60) and end_minute != 24 * 60:
                self.add_error(end_name, f"{label}: the end must be different from the start")
                continue
            window = TimeWindow(DAY_SETS[days], start_minute, end_minute)
            windows.append(window.as_dict())
        return windows

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["safe_times"] = self._windows("safe")
        cleaned["unsafe_times"] = self._windows("unsafe")
        channels = set(cleaned.get("allowed_channels") or [])
        needs = [
            (
                {Channel.PHONE, Channel.TEXT},
                "phone_numbers",
                "Enter the number the survivor agreed we may use, or untick phone calls and texts",
            ),
            (
                {Channel.EMAIL},
                "email_address",
                "Enter the e-mail address the survivor agreed we may use, or untick e-mail",
            ),
            (
                {Channel.LETTER},
                "postal_address",
                "Enter the address the survivor agreed we may write to, or untick letters",
            ),
            (
                {Channel.VISIT},
                "visit_address",
                "Enter where the survivor agreed we may visit, or untick visits",
            ),
            (
                {Channel.THIRD_PARTY},
                "third_party",
                "Enter who may pass on messages and how to reach them, or untick third party",
            ),
        ]
        for wanted, field_name, message in needs:
            if (
                channels & {c.value for c in wanted}
                and not cleaned.get(field_name)
                and (field_name not in self.errors)
            ):
                self.add_error(field_name, message)
        return cleaned

    def plan_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "allowed_channels": [c for c, _ in PLAN_CHANNELS if c in data["allowed_channels"]],
            "phone_numbers": data["phone_numbers"],
            "email_address": data["email_address"].strip(),
            "postal_address": data["postal_address"].strip(),
            "visit_address": data["visit_address"].strip(),
            "third_party": data["third_party"].strip(),
            "safe_times": data["safe_times"],
            "unsafe_times": data["unsafe_times"],
            "voicemail_allowed": data["voicemail_allowed"] == "yes",
            "code_word": data["code_word"].strip(),
            "notes": data["notes"].strip(),
            "agreed_on": data.get("agreed_on"),
        }


class _WhenMixin(forms.Form):
    """A date and a time typed as people say them, read as London time."""

    def _cleaned_when(self) -> dt.datetime | None:
        day = self.cleaned_data.get("date")
        minute = self.cleaned_data.get("time")
        if not day or minute is None:
            return None
        return london_datetime(day, minute)


def _now_initial() -> dict[str, Any]:
    now = timezone.localtime()
    return {"date": now.date(), "time": format_minute(now.hour * 60 + now.minute)}


class _BreachChoice(forms.Form):
    """What an officer says about a contact found to break the safe-contact plan."""

    # Notes already on the record (a planned contact's), which count as saying what happened.
    existing_notes = ""

    @property
    def already_happened(self) -> bool:
        return self.cleaned_data.get("breach_response") == ALREADY_HAPPENED

    @property
    def asks_about_breach(self) -> bool:
        """Whether to show the question: once a contact was found to break the plan, and on
        every later submission of it (so a choice made is never lost)."""
        return bool(
            self.data.get("breach_response")
            or (self.data.get("override_reason") or "").strip()
            or {"breach_response", "override_reason"} & set(self.errors)
        )

    def override_reason_for_service(self) -> str:
        # A reason typed and then "already happened" chosen is not an override.
        return "" if self.already_happened else self.cleaned_data.get("override_reason", "")

    def _clean_breach_response(self) -> None:
        cleaned = self.cleaned_data
        said = (cleaned.get("notes") or "").strip() or self.existing_notes.strip()
        if cleaned.get("breach_response") == ALREADY_HAPPENED and not said:
            self.add_error(
                "notes",
                "Say what happened and what was said, so the coordinator can help follow it up",
            )


class RecordContactForm(_WhenMixin, _BreachChoice):
    direction = forms.ChoiceField(
        label="Who made contact?",
        choices=ContactDirection.choices,
        widget=forms.RadioSelect,
    )
    channel = forms.ChoiceField(
        label="How?", choices=ContactChannel.choices, widget=forms.RadioSelect
    )
    date = GovukDateField(label="Date of the contact", help_text="For example, 27 3 2026")
    time = TimeOfDayField(label="Time of the contact")
    destination = forms.CharField(
        label="Number, e-mail address, address or person used",
        required=False,
        max_length=300,
        help_text="For contact we made, this is checked against the safe-contact plan",
        widget=forms.TextInput(attrs={"spellcheck": False, "autocomplete": "off"}),
    )
    outcome = forms.ChoiceField(
        label="What happened?", choices=ContactOutcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, max_length=10000, widget=textarea_widget(5)
    )
    override_reason = forms.CharField(
        label="Reason for going ahead although the contact breaks the plan (optional)",
        required=False,
        max_length=2000,
        help_text=OVERRIDE_HINT,
        widget=textarea_widget(3),
    )
    breach_response = breach_response_field()

    @classmethod
    def initial_now(cls) -> dict[str, Any]:
        return {"direction": ContactDirection.OUTBOUND, **_now_initial()}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["when"] = self._cleaned_when()
        self._clean_breach_response()
        if (
            cleaned.get("direction") == ContactDirection.OUTBOUND
            and cleaned.get("channel") == ContactChannel.IN_PERSON
        ):
            self.add_error(
                "channel", "To see the survivor in person, choose visit (for contact we made)"
            )
        if (
            cleaned.get("direction") == ContactDirection.OUTBOUND
            and not (cleaned.get("destination") or "").strip()
            and cleaned.get("channel") not in (None, "")
        ):
            self.add_error(
                "destination", "Enter the number, e-mail address, address or person you used"
            )
        return cleaned


class ScheduleContactForm(_WhenMixin):
    channel = forms.ChoiceField(label="How?", choices=PLAN_CHANNELS, widget=forms.RadioSelect)
    date = GovukDateField(label="Date of the planned contact", help_text="For example, 27 3 2026")
    time = TimeOfDayField(label="Time of the planned contact")
    destination = forms.CharField(
        label="Number, e-mail address, address or person to use",
        max_length=300,
        widget=forms.TextInput(attrs={"spellcheck": False, "autocomplete": "off"}),
    )
    leaves_voicemail = forms.BooleanField(
        label="Leave a voicemail if there is no answer", required=False
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, max_length=10000, widget=textarea_widget(3)
    )
    override_reason = RecordContactForm.base_fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["when"] = self._cleaned_when()
        return cleaned


class CompletePlannedContactForm(_WhenMixin, _BreachChoice):
    date = GovukDateField(label="Date of the contact", help_text="For example, 27 3 2026")
    time = TimeOfDayField(label="Time of the contact")
    outcome = RecordContactForm.base_fields["outcome"]
    notes = RecordContactForm.base_fields["notes"]
    override_reason = RecordContactForm.base_fields["override_reason"]
    breach_response = breach_response_field()

    def __init__(self, *args: Any, existing_notes: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.existing_notes = existing_notes

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        cleaned["when"] = self._cleaned_when()
        self._clean_breach_response()
        return cleaned


class CancelPlannedContactForm(forms.Form):
    reason = forms.CharField(
        label="Why is the contact cancelled?",
        max_length=2000,
        widget=textarea_widget(3),
        help_text="For example, the survivor asked us not to call this week",
        error_messages={"required": "Enter why the planned contact is cancelled"},
    )
