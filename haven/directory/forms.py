"""The directory's forms: a service, an import file, and what an officer records from a case."""

import datetime as dt
import json
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.cases.forms.common import YES_NO, textarea_field, yes_no_field
from haven.directory import hsds
from haven.directory.models import ReferralOutcome
from haven.directory.rules import SPECIALISM_CHOICES
from haven.lib.govuk_forms import GovukDateField

# An import file is a directory of services, not a data dump: anything bigger is a mistake.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class FindServicesForm(forms.Form):
    """The filters of a services list: by area and by need (each service must meet every need)."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    area = forms.ChoiceField(label=_("Area"), required=False)
    needs = forms.MultipleChoiceField(
        label=_("Specialist support"),
        required=False,
        choices=SPECIALISM_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"classes": "govuk-checkboxes--small"}),
        help_text=_("Services that offer every one you choose."),
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = [("", _("Any area"))] + [(name, name) for name in areas]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ServiceForm(forms.Form):
    name = forms.CharField(label="Name of the service", max_length=200)
    organisation = forms.CharField(
        label="Organisation (if different)", max_length=200, required=False
    )
    description = forms.CharField(
        label="What the service offers",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    specialisms = forms.MultipleChoiceField(
        label="Who the service is for",
        required=False,
        choices=SPECIALISM_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs={"classes": "govuk-checkboxes--small"}),
    )
    national = forms.ChoiceField(
        label="Does it cover the whole country?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )
    areas = forms.CharField(
        label="Local authority areas it covers",
        required=False,
        max_length=2000,
        help_text="One area a line, for example Derby. Leave blank for a national service.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    phone = forms.CharField(label="Phone number", max_length=60, required=False)
    other_phone = forms.CharField(label="Another phone number", max_length=60, required=False)
    text = forms.CharField(
        label="Text message",
        max_length=120,
        required=False,
        help_text="A number, or what to text where, for example: Text NCDV to 607779",
    )
    email = forms.EmailField(
        label="E-mail address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an e-mail address in the correct format, like name@example.com"
        },
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address, like https://www.example.org.uk"},
    )
    chat = forms.URLField(
        label="Web chat address",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Enter a web chat address, like https://www.example.org.uk/chat"
        },
    )
    open_24_7 = forms.ChoiceField(
        label="Is it open 24 hours a day, 7 days a week?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )
    opening_hours = forms.CharField(
        label="Opening hours",
        max_length=200,
        required=False,
        help_text="For example: Monday to Friday, 9am to 5pm",
    )
    languages = forms.CharField(
        label="Languages",
        max_length=500,
        required=False,
        help_text="One a line, for example British Sign Language",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    active = forms.ChoiceField(
        label="Show this service to staff and on the public site?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"classes": "govuk-radios--inline"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_areas(self) -> list[str]:
        areas = _lines(self.cleaned_data.get("areas", ""))
        too_long = [a for a in areas if len(a) > 100]
        if too_long:
            raise forms.ValidationError("Each area must be 100 characters or fewer")
        return areas

    def clean_languages(self) -> list[str]:
        return _lines(self.cleaned_data.get("languages", ""))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("national", "open_24_7", "active"):
            if name in cleaned:
                cleaned[name] = cleaned[name] == "yes"
        if (
            cleaned.get("national") is False
            and not cleaned.get("areas")
            and "areas" not in self.errors
        ):
            self.add_error(
                "areas", "Enter the areas the service covers, or say it covers the whole country"
            )
        if not any(
            cleaned.get(n) for n in ("phone", "other_phone", "text", "email", "website", "chat")
        ) and not any(n in self.errors for n in ("email", "website", "chat")):
            self.add_error("phone", "Enter at least one way to contact the service")
        return cleaned

    @staticmethod
    def initial_for(service: Any) -> dict[str, Any]:
        return {
            **{
                name: getattr(service, name)
                for name in (
                    "name",
                    "organisation",
                    "description",
                    "specialisms",
                    "phone",
                    "other_phone",
                    "text",
                    "email",
                    "website",
                    "chat",
                    "opening_hours",
                )
            },
            "national": "yes" if service.national else "no",
            "open_24_7": "yes" if service.open_24_7 else "no",
            "active": "yes" if service.active else "no",
            "areas": "\n".join(a.name for a in service.areas.all()),
            "languages": "\n".join(service.languages),
            "version": service.version,
        }


def key_for(name: str, taken: set[str]) -> str:
    """A new service's id, from its name: lower-case words joined by dashes, made unique."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:70] or "service"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Open Referral UK file (JSON)",
        help_text="Services in the file are added, or updated if their id is already here. Nothing is deleted.",
        error_messages={"required": "Choose the file to import"},
    )

    def clean_file(self) -> list[hsds.ServiceData]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        try:
            document = json.loads(upload.read().decode("utf-8"))
        # RecursionError: nested deeper than any reader goes (no directory is).
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise forms.ValidationError(
                "The file must be JSON in the Open Referral UK format"
            ) from None
        try:
            return hsds.parse_document(document)
        except hsds.HsdsError as error:
            raise forms.ValidationError(str(error)) from None


def _not_in_future(value: dt.date | None, what: str) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return value


class SignpostingForm(forms.Form):
    given_on = GovukDateField(
        label="When was the information given?", help_text="For example, 27 3 2026"
    )
    how = forms.ChoiceField(
        label="How was it given?",
        choices=[
            ("in_person", "In person"),
            ("phone", "On the phone"),
            ("letter", "In a letter or leaflet"),
            ("email", "By e-mail"),
            ("text", "By text message"),
        ],
        widget=forms.RadioSelect,
    )
    notes = textarea_field("Notes (optional)", rows=3)

    def clean_given_on(self) -> dt.date | None:
        return _not_in_future(
            self.cleaned_data.get("given_on"), "The date the information was given"
        )


class ReferralForm(forms.Form):
    made_on = GovukDateField(
        label="When was the referral made?", help_text="For example, 27 3 2026"
    )
    consent = yes_no_field("Did the survivor agree to the referral?")
    no_consent_reason = textarea_field(
        "Why was the referral made without the survivor's agreement?",
        help_text="For example, a child at risk of serious harm. Say whether the survivor was told.",
        rows=3,
    )
    notes = textarea_field("Notes (optional)", rows=3)

    def clean_made_on(self) -> dt.date | None:
        return _not_in_future(self.cleaned_data.get("made_on"), "The date of the referral")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("consent") == "no" and not cleaned.get("no_consent_reason", "").strip():
            self.add_error(
                "no_consent_reason",
                "Enter why the referral was made without the survivor's agreement",
            )
        return cleaned


class ReferralOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was the answer?", choices=ReferralOutcome.choices, widget=forms.RadioSelect
    )
    outcome_on = GovukDateField(label="When?", help_text="For example, 27 3 2026")
    notes = textarea_field("Notes (optional)", rows=3)

    def __init__(self, *args: Any, made_on: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.made_on = made_on

    def clean_outcome_on(self) -> dt.date | None:
        value = _not_in_future(self.cleaned_data.get("outcome_on"), "The date of the answer")
        if value is not None and value < self.made_on:
            raise forms.ValidationError(
                "The date of the answer must be on or after the date of the referral "
                f"({self.made_on:%-d %B %Y})"
            )
        return value
