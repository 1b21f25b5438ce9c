"""The forms of risk work. They check what was typed; the rules and services decide."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from haven.cases.forms.common import text_field, textarea_field, yes_no_field
from haven.lib.govuk_forms import GovukDateField
from haven.risk import rules
from haven.risk.models import (
    ANSWER_CHOICES,
    LEVEL_CHOICES,
    DvdsOutcome,
    DvdsRoute,
    DvdsStatus,
    SafeguardingReferralKind,
    SafeguardingReferralOutcome,
    YesNoNotKnown,
)

DATE_HINT = "For example, 27 3 2026"
USE_SCORE = "score"


def _not_in_future(value: dt.date | None, what: str) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return value


def date_field(label: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, help_text=DATE_HINT, required=required)


def radios(
    label: str, choices: Any, *, required: bool = True, help_text: str = "", inline: bool = False
) -> forms.ChoiceField:
    attrs = {"classes": "govuk-radios--inline"} if inline else {}
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect(attrs=attrs),
    )


# --- DASH ---------------------------------------------------------------------------------------


class DashForm(forms.Form):
    """The 24 questions, each with a note and "source if not the survivor", then the
    professional-judgement section. A draft may leave anything blank; a submission may not
    leave a question unanswered."""

    JUDGEMENT_FIELDS = (
        "other_information",
        "abuser_occupation",
        "survivor_priorities",
        "marac_grounds",
        "risks_to_children",
        "safeguarding_referral_made",
        "judgement_level",
        "judgement_reasons",
    )

    def __init__(self, *args: Any, submitting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for number, question in rules.QUESTIONS:
            self.fields[f"q{number}"] = radios(
                f"{number}. {question}", ANSWER_CHOICES, required=False, inline=True
            )
            self.fields[f"q{number}_note"] = text_field(
                f"Note on question {number} (optional)", max_length=1000
            )
            self.fields[f"q{number}_source"] = text_field(
                f"Source of the answer to question {number}, if not the survivor (optional)",
                max_length=200,
            )
        self.fields["other_information"] = textarea_field(
            "Other relevant information that may increase risk (optional)",
            help_text="For example disability, substance misuse, mental health, language or "
            "cultural barriers, 'honour'-based systems, minimisation.",
            rows=3,
        )
        self.fields["abuser_occupation"] = textarea_field(
            "The abuser's occupation or interests, and any access to weapons (optional)", rows=2
        )
        self.fields["survivor_priorities"] = textarea_field(
            "The survivor's greatest priorities for their safety (optional)", rows=3
        )
        self.fields["marac_grounds"] = textarea_field(
            "Are there reasonable grounds for a MARAC referral? Say why (optional)", rows=2
        )
        self.fields["risks_to_children"] = textarea_field("Risks to children (optional)", rows=2)
        self.fields["safeguarding_referral_made"] = radios(
            "Has a safeguarding referral been made for the children?",
            YesNoNotKnown.choices,
            required=False,
            inline=True,
        )
        self.fields["judgement_level"] = radios(
            "Your professional judgement of the risk level",
            [(USE_SCORE, "Use the level the score gives"), *reversed(LEVEL_CHOICES)],
            required=False,
            help_text="Your judgement may raise the level (for example non-fatal strangulation, "
            "threats to kill, stalking, separation with coercive control, 'honour'-based abuse). "
            "It can never lower it.",
        )
        self.fields["judgement_reasons"] = textarea_field(
            "Why does your judgement raise the level? (needed if it does)", rows=3
        )
        self.fields["assessed_on"] = date_field("Date of the assessment", required=False)

    @classmethod
    def initial_from(
        cls, answers: dict[int, dict[str, str]], judgement: dict[str, str]
    ) -> dict[str, Any]:
        initial: dict[str, Any] = {"assessed_on": timezone.localdate()}
        for number, item in answers.items():
            initial[f"q{number}"] = item.get("answer", "")
            initial[f"q{number}_note"] = item.get("note", "")
            initial[f"q{number}_source"] = item.get("source", "")
        initial.update({k: v for k, v in judgement.items() if v})
        if not initial.get("judgement_level"):
            initial["judgement_level"] = USE_SCORE
        return initial

    def question_rows(self) -> list[tuple[int, Any, Any, Any]]:
        return [
            (n, self[f"q{n}"], self[f"q{n}_note"], self[f"q{n}_source"])
            for n in rules.QUESTION_NUMBERS
        ]

    def clean_assessed_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("assessed_on"), "The date of the assessment")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.submitting:
            return cleaned
        for number in rules.QUESTION_NUMBERS:
            if not cleaned.get(f"q{number}"):
                self.add_error(
                    f"q{number}", f"Answer question {number} before submitting, or save a draft"
                )
        if not cleaned.get("assessed_on") and "assessed_on" not in self.errors:
            self.add_error("assessed_on", "Enter the date of the assessment")
        return cleaned

    def answers(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            n: {
                "answer": data.get(f"q{n}", "") or "",
                "note": data.get(f"q{n}_note", "") or "",
                "source": data.get(f"q{n}_source", "") or "",
            }
            for n in rules.QUESTION_NUMBERS
        }

    def judgement(self) -> dict[str, str]:
        values = {name: self.cleaned_data.get(name, "") or "" for name in self.JUDGEMENT_FIELDS}
        if values["judgement_level"] == USE_SCORE:
            values["judgement_level"] = ""
        return values


class OtherAgencyDashForm(forms.Form):
    agency = text_field("Agency that completed the DASH", required=True, max_length=200)
    assessed_on = date_field("Date they completed it")
    score = forms.IntegerField(
        label="Score (number of Yes answers)",
        min_value=0,
        max_value=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "classes": "govuk-input--width-2"}),
        error_messages={
            "invalid": "Enter the score as a number from 0 to 24",
            "min_value": "Enter a score from 0 to 24",
            "max_value": "Enter a score from 0 to 24",
        },
    )
    level = radios("Risk level they recorded", list(reversed(LEVEL_CHOICES)))

    def clean_assessed_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("assessed_on"), "The date they completed it")


# --- MARAC --------------------------------------------------------------------------------------


class MaracReferralForm(forms.Form):
    referred_on = date_field("Date of the referral")
    area = forms.ChoiceField(label="MARAC area")
    criteria = forms.MultipleChoiceField(
        label="Which criteria does the case meet?",
        choices=[(c.value, label) for c, label in rules.CRITERION_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text="Checked from the case: change them if you know more.",
    )
    survivor_aware = yes_no_field("Does the survivor know about the referral?")
    not_aware_reason = textarea_field("Why does the survivor not know?", rows=2)
    consent = yes_no_field("Did the survivor agree to the referral?")
    no_consent_reason = textarea_field(
        "Why is the referral made without the survivor's agreement?",
        help_text="High-risk cases may be referred without consent to protect someone from serious harm.",
        rows=2,
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", "Choose an area")] + [(name, name) for name in areas]

    def clean_referred_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("referred_on"), "The date of the referral")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("survivor_aware") == "no"
            and not cleaned.get("not_aware_reason", "").strip()
        ):
            self.add_error(
                "not_aware_reason", "Enter why the survivor does not know about the referral"
            )
        if cleaned.get("consent") == "no" and not cleaned.get("no_consent_reason", "").strip():
            self.add_error(
                "no_consent_reason",
                "Enter why the referral is made without the survivor's agreement",
            )
        return cleaned


class ReferralFormContent(forms.Form):
    """The MARAC referral form, prefilled from the case, for the officer to check and change
    before the PDF is made. Nothing typed here changes the case record."""

    SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Referring agency", ("referring_agency", "referrer", "referrer_contact")),
        (
            "The survivor",
            (
                "victim_name",
                "victim_dob",
                "victim_address",
                "victim_phone",
                "safe_to_call",
                "best_times",
                "diversity",
            ),
        ),
        ("The perpetrator", ("perpetrator",)),
        ("Children", ("children",)),
        (
            "The referral",
            ("criteria", "aware_and_consent", "fears_and_safe_people", "previous_referrals"),
        ),
    )

    referring_agency = text_field("Referring agency", required=True)
    referrer = text_field("Name of the person referring", required=True)
    referrer_contact = text_field("Their contact details", required=True, max_length=300)
    victim_name = text_field("Survivor's name", required=True)
    victim_dob = text_field("Survivor's date of birth")
    victim_address = textarea_field("Survivor's address", rows=3)
    victim_phone = text_field("Survivor's phone number")
    safe_to_call = text_field("Is it safe to call that number?")
    best_times = text_field("Best times to call", max_length=300)
    diversity = textarea_field("Diversity (ethnicity, disability, sexuality, gender)", rows=3)
    perpetrator = textarea_field(
        "Perpetrator (name, date of birth, relationship to the survivor, address)", rows=4
    )
    children = textarea_field(
        "Children (name, date of birth, relationship to each party, school)", rows=4
    )
    criteria = textarea_field("Criteria for referral", rows=3, required=True)
    aware_and_consent = textarea_field(
        "Is the survivor aware of the referral, and do they consent? If not, why not", rows=2
    )
    fears_and_safe_people = textarea_field(
        "Who the survivor fears, and who is safe to talk to", rows=3
    )
    previous_referrals = textarea_field("Previous MARAC referrals", rows=2)

    def sections(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


OWNER_NOT_ALLOWED = "Choose who owns the action from the list: only people who work on this case"


class MaracActionForm(forms.Form):
    description = textarea_field("What the MARAC asked us to do", required=True, rows=3)
    owner = forms.ChoiceField(
        label="Who owns the action",
        help_text="Anyone who works on this case: its officer, their team or the coordinator.",
    )
    due_on = date_field("Due date")
    meeting = forms.ChoiceField(label="MARAC meeting (optional)", required=False)

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[str, str]],
        meetings: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        meeting = self.fields["meeting"]
        assert isinstance(owner, forms.ChoiceField) and isinstance(meeting, forms.ChoiceField)
        owner.choices = [("", "Choose who owns it"), *owners]
        owner.error_messages["required"] = "Choose who owns the action"
        owner.error_messages["invalid_choice"] = OWNER_NOT_ALLOWED
        meeting.choices = [("", "Not from a recorded meeting"), *meetings]


class ActionStartForm(forms.Form):
    """Nothing to type: the button says the action is under way."""


class ActionDoneForm(forms.Form):
    completed_on = date_field("Date it was done")
    evidence = textarea_field(
        "What was done (the evidence the MARAC will ask for)", required=True, rows=4
    )

    def clean_completed_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("completed_on"), "The date it was done")


class MeetingForm(forms.Form):
    area = forms.ChoiceField(label="MARAC area")
    held_on = date_field("Date of the meeting")
    references = textarea_field("Cases heard (case references, one a line)", rows=4)

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", "Choose an area")] + [(name, name) for name in areas]

    def reference_list(self) -> list[str]:
        text = self.cleaned_data.get("references", "") or ""
        return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


# --- MAPPA and Clare's Law -----------------------------------------------------------------------

MAPPA_CATEGORIES = [
    ("", "Not known"),
    ("1", "Category 1: registered sexual offender"),
    ("2", "Category 2: violent offender"),
    ("3", "Category 3: other dangerous offender"),
]
MAPPA_LEVELS = [("", "Not known"), ("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")]


class MappaForm(forms.Form):
    contacted_on = date_field("Date of the liaison")
    mappa_category = forms.ChoiceField(
        label="MAPPA category", choices=MAPPA_CATEGORIES, required=False
    )
    mappa_level = forms.ChoiceField(label="MAPPA level", choices=MAPPA_LEVELS, required=False)
    contact = text_field("Who we liaised with (name, role, agency)", required=True)
    summary = textarea_field("What was shared or agreed", required=True, rows=4)

    def clean_contacted_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("contacted_on"), "The date of the liaison")


class DvdsForm(forms.Form):
    route = radios(
        "Which route?",
        DvdsRoute.choices,
        help_text="Right to ask: the survivor (or someone close) asked the police. Right to know: the police decided to tell the survivor.",
    )
    applied_on = date_field("Date of the application")
    notes = textarea_field("Notes (optional)", rows=3)

    def clean_applied_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("applied_on"), "The date of the application")


class DvdsDecisionForm(forms.Form):
    status = radios(
        "What happened?",
        [
            (DvdsStatus.DECIDED.value, "The police decided"),
            (DvdsStatus.WITHDRAWN.value, "The application was withdrawn"),
        ],
    )
    outcome = radios("The decision", DvdsOutcome.choices, required=False)
    decided_on = date_field("Date")

    def __init__(self, *args: Any, applied_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.applied_on = applied_on

    def clean_decided_on(self) -> dt.date | None:
        value = _not_in_future(self.cleaned_data.get("decided_on"), "The date")
        if value is not None and value < self.applied_on:
            raise forms.ValidationError(
                f"The date must be on or after the date of the application "
                f"({self.applied_on:%-d %B %Y})"
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("status") == DvdsStatus.DECIDED and not cleaned.get("outcome"):
            self.add_error("outcome", "Select the decision")
        return cleaned


# --- Safeguarding referrals -----------------------------------------------------------------------


def _required(field: Any, message: str) -> Any:
    field.error_messages["required"] = message
    return field


class SafeguardingReferralForm(forms.Form):
    kind = _required(
        radios("Who was the referral to?", SafeguardingReferralKind.choices),
        "Select who the referral was to",
    )
    agency = _required(
        text_field(
            "Agency or local authority team",
            required=True,
            help_text="For example, Derby City Council children's services",
        ),
        "Enter the agency or team the referral was made to",
    )
    referred_on = date_field("Date the referral was made")
    reason = _required(
        textarea_field(
            "Why the referral was made",
            required=True,
            rows=4,
            help_text="Say what the agency needed to know. Share only what is needed.",
        ),
        "Enter why the referral was made",
    )
    reference = text_field("The agency's reference (optional)", max_length=100)

    def clean_referred_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("referred_on"), "The date of the referral")


class SafeguardingOutcomeForm(forms.Form):
    outcome = _required(
        radios("What came of the referral?", SafeguardingReferralOutcome.choices),
        "Select what came of the referral",
    )
    outcome_on = date_field("Date we heard")
    outcome_notes = textarea_field("Notes (optional)", rows=3)

    def __init__(self, *args: Any, referred_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referred_on = referred_on

    def clean_outcome_on(self) -> dt.date | None:
        value = _not_in_future(self.cleaned_data.get("outcome_on"), "The date we heard")
        if value is not None and value < self.referred_on:
            raise forms.ValidationError(
                f"The date we heard must be on or after the date of the referral "
                f"({self.referred_on:%-d %B %Y})"
            )
        return value
