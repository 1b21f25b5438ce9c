"""Forms for intake (a disclosure, a concern, a possible match), search and the case record."""

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from haven.cases.forms.common import (
    NO_SPELLCHECK,
    OLDEST_PLAUSIBLE_AGE,
    VersionedModelForm,
    check_date_of_birth,
    text_field,
    textarea_field,
    yes_no_field,
)
from haven.cases.models import (
    AbuseForm,
    AccessibleFormat,
    Case,
    Channel,
    HouseholdMember,
    Perpetrator,
    Survivor,
    Urgency,
)
from haven.cases.models.people import (
    CourtOrder,
    PerpetratorHousing,
    PersonalConnection,
    StaffGenderPreference,
    TenancyStatus,
)
from haven.cases.rules import triage as triage_rules
from haven.cases.rules.safe_contact import parse_time_of_day
from haven.lib.govuk_forms import GovukDateField


class SurvivorIdentityMixin(forms.Form):
    given_name = text_field("First name", required=True, max_length=100, autocomplete="off")
    family_name = text_field("Last name", max_length=100)
    known_as = text_field("Known as (optional)", max_length=100)
    date_of_birth = GovukDateField(
        label="Date of birth (optional)", required=False, help_text="For example, 27 3 1985"
    )
    phone = text_field("Phone number (optional)", max_length=40, inputmode="tel")
    email = text_field("E-mail address (optional)", max_length=200)
    address = textarea_field("Address (optional)", rows=3)
    postcode = text_field("Postcode (optional)", max_length=10, classes="govuk-input--width-10")

    def clean_date_of_birth(self) -> dt.date | None:
        return check_date_of_birth(self.cleaned_data.get("date_of_birth"))

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data.get("postcode", "").upper().split())

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email", "").strip()
        if value:
            forms.EmailField().clean(value)
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        if value and not re.fullmatch(r"[0-9+()\- ]{6,25}", value):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return value


YES_NO_NOT_KNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known")]
NOT_KNOWN = "unknown"


def court_orders_field(label: str) -> forms.MultipleChoiceField:
    """The orders in place, then "No court orders" and "Not known" after an "or" divider."""
    return forms.MultipleChoiceField(
        label=label,
        choices=[*CourtOrder.choices, (NOT_KNOWN, "Not known")],
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"exclusive": (CourtOrder.NONE, NOT_KNOWN)}),
        help_text="Select all that apply.",
    )


def clean_court_orders(chosen: list[str]) -> list[str]:
    """As stored: "Not known" is an empty list."""
    problem = triage_rules.check_court_orders(chosen)
    if problem:
        raise forms.ValidationError(problem)
    return [value for value in chosen if value != NOT_KNOWN]


def children_count_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="How many children? (optional)",
        required=False,
        min_value=1,
        max_value=triage_rules.MAX_CHILDREN,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "classes": "govuk-input--width-2"}),
        error_messages={
            "invalid": "Number of children must be a number, like 2",
            "min_value": "Number of children must be 1 or more",
            "max_value": f"Number of children must be {triage_rules.MAX_CHILDREN} or fewer",
        },
    )


def check_children(form: forms.BaseForm, answer: str, count: int | None) -> None:
    if count is not None and answer != "yes":
        form.add_error(
            "children_count",
            "Only give the number of children if there are children in the household",
        )


class DisclosureForm(SurvivorIdentityMixin):
    """A caseworker records a disclosure from any channel."""

    field_order = [
        "channel",
        "received_date",
        "received_time",
        "immediate_danger",
        "urgency",
    ]

    channel = forms.ChoiceField(
        label="How did the disclosure reach us?",
        choices=Channel.choices,
        widget=forms.RadioSelect,
    )
    referrer = text_field(
        "Who passed it on (optional)",
        help_text="For example the agency or colleague, or 'the survivor' if they told us themselves",
    )
    received_date = GovukDateField(label="Date received", help_text="For example, 25 11 2026")
    received_time = text_field(
        "Time received (optional)", max_length=10, classes="govuk-input--width-5"
    )
    immediate_danger = yes_no_field(
        "Is anyone in immediate danger?",
        help_text="If yes, the triage queue shows 999 guidance first.",
    )
    urgency = forms.TypedChoiceField(
        label="How urgent is it?",
        choices=Urgency.choices,
        coerce=int,
        initial=Urgency.STANDARD,
        widget=forms.RadioSelect,
    )
    summary = textarea_field(
        "What happened, in brief",
        required=True,
        help_text="Use the survivor's own words where you can. Do not include the safe contact "
        "details here.",
    )
    abuse_forms = forms.MultipleChoiceField(
        label="Forms of abuse described (optional)",
        choices=AbuseForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tenancy_reference = text_field("Tenancy reference (optional)", max_length=40)
    tenancy_status = forms.ChoiceField(
        label="Is the survivor one of our tenants?",
        choices=TenancyStatus.choices,
        initial=TenancyStatus.UNKNOWN,
        widget=forms.RadioSelect,
    )
    interpreter_needed = yes_no_field("Does the survivor need an interpreter?", required=False)
    language = text_field("Language (optional)", max_length=80)
    preferred_staff_gender = forms.ChoiceField(
        label="Has the survivor asked for a member of staff of a particular gender?",
        choices=StaffGenderPreference.choices,
        required=False,
        widget=forms.Select,
    )
    # What triage needs at once. Every answer may be "Not known" (or left unanswered): a
    # caller in danger is not kept on the line for a form.
    children_in_household = forms.ChoiceField(
        label="Are there children in the household?",
        choices=YES_NO_NOT_KNOWN,
        required=False,
        widget=forms.RadioSelect,
    )
    children_count = children_count_field()
    perpetrator_name = text_field(
        "The perpetrator's name (optional)",
        max_length=150,
        help_text="Leave blank if the survivor has not said.",
    )
    perpetrator_relationship = forms.ChoiceField(
        label="How is the perpetrator personally connected to the survivor?",
        choices=[choice for choice in PersonalConnection.choices if choice[0]]
        + [(NOT_KNOWN, "Not known yet")],
        required=False,
        widget=forms.RadioSelect,
        help_text="As the Domestic Abuse Act 2021 defines it.",
    )
    perpetrator_housing = forms.ChoiceField(
        label="Does the perpetrator live at the survivor's home?",
        choices=[
            (PerpetratorHousing.JOINT_TENANT, "Yes, as a joint tenant"),
            (PerpetratorHousing.HOUSEHOLD_MEMBER, "Yes"),
            (PerpetratorHousing.LIVING_ELSEWHERE, "No, they live elsewhere"),
            (NOT_KNOWN, "Not known"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    perpetrator_has_key = forms.ChoiceField(
        label="Does the perpetrator have a key to the survivor's home?",
        choices=YES_NO_NOT_KNOWN,
        required=False,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )
    court_orders = court_orders_field("Which court orders are in place?")

    def clean_court_orders(self) -> list[str]:
        return clean_court_orders(self.cleaned_data.get("court_orders") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_children(self, data.get("children_in_household", ""), data.get("children_count"))
        day = data.get("received_date")
        if day is not None:
            time_text = data.get("received_time", "").strip()
            try:
                # The one time-of-day parser (10am, 2:30pm, 14:30, midday), as the plan uses.
                minute = parse_time_of_day(time_text) if time_text else None
            except ValueError as error:
                self.add_error("received_time", str(error))
                return data
            at = dt.time(*divmod(minute, 60)) if minute is not None else None
            now = timezone.localtime()
            if at is None:
                at = now.time() if day == now.date() else dt.time(12, 0)
            received = timezone.make_aware(dt.datetime.combine(day, at))
            if received > now + dt.timedelta(minutes=5):
                self.add_error("received_date", "Date received must be today or in the past")
            elif day.year < now.year - 5:
                self.add_error("received_date", "Date received must be within the last 5 years")
            data["received_at"] = received
        if data.get("interpreter_needed") == "yes" and not data.get("language", "").strip():
            self.add_error("language", "Enter the language the survivor needs")
        return data


class ConcernForm(forms.Form):
    """The short form any member of staff uses. Nothing from the case is shown back to them."""

    given_name = text_field("Their first name", required=True, max_length=100)
    family_name = text_field("Their last name (if you know it)", max_length=100)
    tenancy_reference = text_field("Tenancy reference or address (if you know it)", max_length=200)
    phone = text_field("A phone number for them (if you know it)", max_length=40, inputmode="tel")
    immediate_danger = yes_no_field("Do you think someone is in immediate danger now?")
    summary = textarea_field(
        "What did you see or hear?",
        required=True,
        help_text="Write what you noticed and when. You do not need to be sure it is abuse.",
    )

    def clean_phone(self) -> str:
        return SurvivorIdentityMixin.clean_phone(self)  # type: ignore[arg-type]


class PossibleMatchForm(forms.Form):
    """What to do about a possible existing case shown at intake."""

    decision = forms.ChoiceField(
        label="Is this the same person?",
        choices=[
            ("link", "Yes, add this disclosure to the existing case"),
            ("different", "No, this is a different person: record a new case"),
        ],
        widget=forms.RadioSelect,
    )


class CaseSummaryForm(VersionedModelForm):
    immediate_danger = forms.BooleanField(label="Someone is in immediate danger", required=False)

    class Meta:
        model = Case
        fields = ["channel", "urgency", "immediate_danger", "referrer", "summary"]
        labels = {
            "channel": "How the disclosure reached us",
            "urgency": "Urgency",
            "referrer": "Who passed it on",
            "summary": "What happened, in brief",
        }
        widgets = {
            "channel": forms.Select,
            "urgency": forms.RadioSelect,
            "referrer": forms.TextInput(attrs=NO_SPELLCHECK),
        }


class SurvivorForm(VersionedModelForm):
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    is_staff_member = forms.BooleanField(
        label="The survivor works for us (the case will be restricted)", required=False
    )

    class Meta:
        model = Survivor
        fields = [
            "given_name",
            "family_name",
            "known_as",
            "date_of_birth",
            "gender",
            "phone",
            "email",
            "address",
            "postcode",
            "tenancy_status",
            "is_staff_member",
        ]
        labels = {
            "given_name": "First name",
            "family_name": "Last name",
            "known_as": "Known as (optional)",
            "gender": "Gender (optional, in their words)",
            "phone": "Phone number (optional)",
            "email": "E-mail address (optional)",
            "address": "Address (optional)",
            "postcode": "Postcode (optional)",
            "tenancy_status": "Tenancy",
        }
        widgets = {"tenancy_status": forms.RadioSelect, "address": forms.Textarea({"rows": 3})}

    clean_date_of_birth = SurvivorIdentityMixin.clean_date_of_birth
    clean_postcode = SurvivorIdentityMixin.clean_postcode
    clean_email = SurvivorIdentityMixin.clean_email
    clean_phone = SurvivorIdentityMixin.clean_phone


class NeedsForm(VersionedModelForm):
    interpreter_needed = forms.BooleanField(label="Needs an interpreter", required=False)
    accessible_formats = forms.MultipleChoiceField(
        label="Accessible formats (optional)",
        choices=AccessibleFormat.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Survivor
        fields = [
            "interpreter_needed",
            "language",
            "accessible_formats",
            "disability_needs",
            "preferred_staff_gender",
            "immigration_status",
            "no_recourse_to_public_funds",
            "pregnant",
            "care_and_support_needs",
            "needs_notes",
        ]
        labels = {
            "language": "Language (optional)",
            "disability_needs": "Disability and how we can help (optional)",
            "preferred_staff_gender": "Preferred gender of the member of staff",
            "immigration_status": "Immigration status",
            "no_recourse_to_public_funds": "No recourse to public funds (NRPF)?",
            "pregnant": "Pregnant?",
            "care_and_support_needs": "Care and support needs (optional)",
            "needs_notes": "Other needs (optional)",
        }
        widgets = {
            "language": forms.TextInput,
            "preferred_staff_gender": forms.Select,
            "immigration_status": forms.Select,
            "no_recourse_to_public_funds": forms.Select,
            "pregnant": forms.Select,
            "disability_needs": forms.Textarea({"rows": 3}),
            "care_and_support_needs": forms.Textarea({"rows": 3}),
            "needs_notes": forms.Textarea({"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter_needed") and not (data.get("language") or "").strip():
            self.add_error("language", "Enter the language the survivor needs")
        return data


class EqualityForm(VersionedModelForm):
    class Meta:
        model = Survivor
        fields = [
            "eq_sex",
            "eq_gender_same_as_birth",
            "eq_sexual_orientation",
            "eq_ethnicity",
            "eq_religion",
            "eq_disability",
        ]
        labels = {
            "eq_sex": "What is their sex?",
            "eq_gender_same_as_birth": "Is their gender identity the same as the sex registered "
            "at birth?",
            "eq_sexual_orientation": "Which best describes their sexual orientation?",
            "eq_ethnicity": "What is their ethnic group?",
            "eq_religion": "What is their religion?",
            "eq_disability": "Do they consider themselves disabled?",
        }
        widgets = {name: forms.RadioSelect for name in fields}


class TenancyForm(VersionedModelForm):
    joint_tenancy = forms.BooleanField(label="It is a joint tenancy", required=False)

    class Meta:
        model = Case
        fields = ["tenancy_reference", "property_reference", "tenancy_type", "joint_tenancy"]
        labels = {
            "tenancy_reference": "Tenancy reference (optional)",
            "property_reference": "Property reference (optional)",
            "tenancy_type": "Type of tenancy",
        }
        widgets = {
            "tenancy_reference": forms.TextInput(attrs=NO_SPELLCHECK),
            "property_reference": forms.TextInput(attrs=NO_SPELLCHECK),
            "tenancy_type": forms.RadioSelect,
        }


class AbuseFormsForm(VersionedModelForm):
    abuse_forms = forms.MultipleChoiceField(
        label="Forms of abuse",
        choices=AbuseForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the survivor has described.",
    )

    class Meta:
        model = Case
        fields = ["abuse_forms", "abuse_notes"]
        labels = {"abuse_notes": "Notes (optional)"}


class ChildrenForm(VersionedModelForm):
    """The intake answer about children, kept up to date as the case goes on."""

    children_in_household = forms.ChoiceField(
        label="Are there children in the household?",
        choices=YES_NO_NOT_KNOWN,
        required=False,
        widget=forms.RadioSelect,
        help_text="Children under 18 who live with the survivor, including part of the time.",
    )
    children_count = children_count_field()

    class Meta:
        model = Case
        fields = ["children_in_household", "children_count"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Stored blank for "not known": shown as the answer it is.
        if self.instance.pk and not self.instance.children_in_household and not self.is_bound:
            self.initial["children_in_household"] = NOT_KNOWN

    def clean_children_in_household(self) -> str:
        answer = self.cleaned_data.get("children_in_household", "")
        return "" if answer == NOT_KNOWN else answer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_children(self, data.get("children_in_household", ""), data.get("children_count"))
        return data


class HouseholdMemberForm(VersionedModelForm):
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    is_child = forms.BooleanField(label="This is a child (under 18)", required=False)

    class Meta:
        model = HouseholdMember
        fields = [
            "name",
            "is_child",
            "date_of_birth",
            "age_years",
            "relationship_to_survivor",
            "relationship_to_perpetrator",
            "school_or_nursery",
            "notes",
        ]
        labels = {
            "name": "Name",
            "age_years": "Age in years, if the date of birth is not known (optional)",
            "relationship_to_survivor": "Relationship to the survivor",
            "relationship_to_perpetrator": "Relationship to the perpetrator",
            "school_or_nursery": "School or nursery (optional)",
            "notes": "Notes (optional)",
        }
        widgets = {
            "age_years": forms.TextInput(attrs={"inputmode": "numeric"}),
            "relationship_to_survivor": forms.Select,
            "relationship_to_perpetrator": forms.Select,
            "notes": forms.Textarea({"rows": 3}),
        }

    clean_date_of_birth = SurvivorIdentityMixin.clean_date_of_birth

    def clean_age_years(self) -> int | None:
        age = self.cleaned_data.get("age_years")
        if age is not None and age > OLDEST_PLAUSIBLE_AGE:
            raise forms.ValidationError(f"Age must be {OLDEST_PLAUSIBLE_AGE} or less")
        return age


class PerpetratorForm(VersionedModelForm):
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False)
    is_staff_member = forms.BooleanField(
        label="This person works for us (the case will be restricted)", required=False
    )
    court_orders = court_orders_field("Which court orders are in place?")

    class Meta:
        model = Perpetrator
        fields = [
            "name",
            "known_as",
            "date_of_birth",
            "gender",
            "relationship",
            "relationship_detail",
            "housing",
            "has_key",
            "court_orders",
            "is_staff_member",
            "address",
            "notes",
        ]
        labels = {
            "name": "Name (optional)",
            "known_as": "Known as (optional)",
            "gender": "Gender (optional)",
            "relationship": "How are they personally connected to the survivor?",
            "relationship_detail": "Relationship in the survivor's words (optional)",
            "housing": "Where do they live?",
            "has_key": "Do they have a key to the survivor's home?",
            "address": "Address (optional)",
            "notes": "Notes (optional)",
        }
        help_texts = {"name": "Leave blank if the survivor has not said."}
        widgets = {
            "relationship": forms.RadioSelect,
            "housing": forms.Select,
            "has_key": forms.Select,
            "address": forms.Textarea({"rows": 3}),
            "notes": forms.Textarea({"rows": 3}),
        }

    clean_date_of_birth = SurvivorIdentityMixin.clean_date_of_birth

    def clean_court_orders(self) -> list[str]:
        return clean_court_orders(self.cleaned_data.get("court_orders") or [])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        known = ("name", "known_as", "relationship", "housing", "has_key", "court_orders")
        if not self.errors and not any(data.get(name) for name in known):
            self.add_error(
                "name",
                "Enter the perpetrator's name, or at least how they are connected to the survivor",
            )
        return data


class SearchForm(forms.Form):
    reference = text_field("Case reference", max_length=30, classes="govuk-input--width-10")
    name = text_field("Survivor's full name or last name", max_length=200)
    date_of_birth = GovukDateField(label="Date of birth", required=False)
    postcode = text_field("Postcode", max_length=10, classes="govuk-input--width-10")
    phone = text_field("Phone number", max_length=40, inputmode="tel")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any(
            data.get(name) for name in ("reference", "name", "date_of_birth", "postcode", "phone")
        ):
            raise forms.ValidationError("Enter at least one thing to search for")
        return data
