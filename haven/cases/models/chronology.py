"""The case chronology: what happened, in order, as it was written at the time.

Entries are immutable. A mistake is put right by a new entry that corrects the old one, so the
record shows both what was first written and what was written later, and by whom: the history a
court, a MARAC or a complaint review may need.
"""

from enum import StrEnum
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from haven.lib.crypto import EncryptedCharField, EncryptedTextField
from haven.platform.registries import chronology_kinds
from haven.platform.registry import NotRegistered

from .case import Case

__all__ = [
    "ChronologyEntry",
    "Document",
    "EntryKind",
    "ImmutableEntryError",
    "Incident",
    "PoliceReport",
]


class ImmutableEntryError(RuntimeError):
    pass


class EntryKind(StrEnum):
    """The keys of the case app's own kinds. Every kind, with its label and card template, is
    registered in `haven.platform.registries.chronology_kinds` (the case app's in hooks.py)."""

    NOTE = "note"
    CONTACT_ATTEMPT = "contact_attempt"
    CONTACT = "contact"
    INCIDENT = "incident"
    DOCUMENT = "document"


class PoliceReport(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Document(models.Model):
    """An upload, kept encrypted on disk under MEDIA_ROOT with a random name.

    Nothing about the file (its name, its description) is readable on disk or in the database
    without the field keys; downloads go through a view that checks access and logs each one.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    # The kind judged from the file's contents (haven.cases.rules.documents).
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=120)
    original_name = EncryptedCharField(max_length=255)
    description = EncryptedTextField(blank=True)
    # Random, meaningless, unique: the encrypted file's name under MEDIA_ROOT/documents/.
    stored_name = models.CharField(max_length=64, unique=True)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Its entry in the chronology (written with the upload).
    entry = models.OneToOneField(
        "ChronologyEntry",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="document_record",
    )

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Document {self.pk} of case {self.case_id}"


class ChronologyEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology")
    # A key of `chronology_kinds`: the kinds are the registry's, not a fixed list here.
    kind = models.CharField(max_length=20)
    # When it happened (an incident last week is recorded today).
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    narrative = EncryptedTextField(blank=True)
    # What an entry is about (a contact, a document, an incident's facts) is held by the owning
    # model, one-to-one to its entry; the kinds' `related` names fetch them with the entries.
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.RESTRICT, related_name="corrections"
    )

    class Meta:
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["case", "-occurred_at", "-id"], name="chronology_case_idx"),
            models.Index(fields=["case", "kind", "-occurred_at"], name="chronology_kind_idx"),
        ]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.kind_label} on case {self.case_id}"

    def save(self, *args, **kwargs) -> None:
        # Refuse edits at the model too, so no code path (a shell, a future view) can rewrite
        # what was recorded. Bulk inserts of new entries (demo data) do not come through here.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableEntryError(
                "Chronology entries cannot be changed: record a correction instead."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError("Chronology entries cannot be deleted.")

    @property
    def kind_label(self) -> str:
        try:
            return chronology_kinds.get(self.kind).label
        except NotRegistered:
            # A kind whose app is no longer installed: its entries stay readable.
            return self.kind.replace("_", " ").capitalize()


class Incident(models.Model):
    """What was told about an incident: the facts beside its chronology entry's narrative.

    A correction of an incident entry carries the facts as they stood, in an Incident of its
    own, so every incident entry shows them; count incidents with `entry__corrects=None`.
    Immutable, like the entry it belongs to.
    """

    entry = models.OneToOneField(ChronologyEntry, on_delete=models.CASCADE, related_name="incident")
    incident_date = models.DateField()
    reported_to_police = models.CharField(
        max_length=10, choices=PoliceReport.choices, default=PoliceReport.UNKNOWN
    )
    crime_reference = EncryptedCharField(blank=True, max_length=60)

    def __str__(self) -> str:
        return f"Incident of entry {self.entry_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableEntryError("Incidents cannot be changed: record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEntryError("Incidents cannot be deleted.")
