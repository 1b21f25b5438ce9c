"""Forms for the chronology (notes, incidents, corrections, the kind filter) and documents."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from haven.cases.forms.common import textarea_widget
from haven.cases.models.chronology import PoliceReport
from haven.cases.rules import documents as document_rules
from haven.cases.services import chronology as chronology_services
from haven.lib.govuk_forms import GovukDateField


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=20000,
        widget=textarea_widget(6),
        error_messages={"required": "Enter the note"},
    )


class IncidentForm(forms.Form):
    occurred_on = GovukDateField(label="Date of the incident", help_text="For example, 27 3 2026")
    summary = forms.CharField(
        label="What happened?",
        max_length=20000,
        widget=textarea_widget(6),
        error_messages={"required": "Enter what happened"},
    )
    reported_to_police = forms.ChoiceField(
        label="Was it reported to the police?",
        choices=PoliceReport.choices,
        widget=forms.RadioSelect,
    )
    crime_reference = forms.CharField(
        label="Crime reference number (optional)",
        required=False,
        max_length=60,
        help_text="If it was reported and the survivor knows the reference",
        widget=forms.TextInput(attrs={"spellcheck": False, "autocomplete": "off"}),
    )

    def clean_occurred_on(self) -> dt.date | None:
        value = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the incident must be today or in the past")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if (
            cleaned.get("crime_reference", "").strip()
            and cleaned.get("reported_to_police") != PoliceReport.YES
        ):
            self.add_error(
                "crime_reference",
                "Remove the crime reference, or say the incident was reported to the police",
            )
        return cleaned


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="What was wrong, and what is right",
        max_length=20000,
        widget=textarea_widget(6),
        help_text="The original entry stays as it was written, marked as corrected",
        error_messages={"required": "Enter what was wrong and what is right"},
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty",
            "invalid": "Select a file",
        },
    )
    description = forms.CharField(
        label="What is it? (optional)",
        required=False,
        max_length=2000,
        widget=textarea_widget(2),
        help_text="For example, a letter from the police or a photo of damage to the door",
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.content = b""
        self.fields["file"].help_text = (
            f"The file must be {document_rules.ALLOWED_DESCRIPTION}, smaller than "
            f"{max_bytes / (1024 * 1024):g}MB"
        )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        # Refuse an oversized file before reading it into memory.
        if uploaded.size > self.max_bytes:
            raise forms.ValidationError(
                f"The selected file must be smaller than {self.max_bytes / (1024 * 1024):g}MB"
            )
        content = uploaded.read()
        try:
            document_rules.check_upload(uploaded.name, content, max_bytes=self.max_bytes)
        except document_rules.UnacceptableDocument as exc:
            raise forms.ValidationError(str(exc)) from None
        self.content = content
        return uploaded


class ChronologyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show",
        required=False,
        # Every registered kind, read when the form is made: other apps add theirs.
        choices=lambda: [("", "Everything"), *chronology_services.kind_choices()],
    )
