"""The case chronology: what happened, in order, as it was written at the time.

Entries are immutable. A mistake is put right by a new entry that corrects the old one, so the
record shows both what was first written and what was written later, and by whom: the history a
court, a MARAC or a complaint review may need.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from haven.lib.crypto import EncryptedCharField, EncryptedTextField

from .case import Case
from .contact import ContactRecord

__all__ = ["ChronologyEntry", "Document", "EntryKind", "ImmutableEntryError", "PoliceReport"]


class ImmutableEntryError(RuntimeError):
    pass


class EntryKind(models.TextChoices):
    NOTE = "note", "Note"
    CONTACT_ATTEMPT = "contact_attempt", "Contact attempt"
    CONTACT = "contact", "Contact"
    INCIDENT = "incident", "Incident"
    DOCUMENT = "document", "Document"


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

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"Document {self.pk} of case {self.case_id}"


class ChronologyEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="chronology")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    # When it happened (an incident last week is recorded today).
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    narrative = EncryptedTextField(blank=True)

    # Incidents
    incident_date = models.DateField(null=True, blank=True)
    reported_to_police = models.CharField(max_length=10, choices=PoliceReport.choices, blank=True)
    crime_reference = EncryptedCharField(blank=True, max_length=60)

    contact = models.OneToOneField(
        ContactRecord, null=True, blank=True, on_delete=models.RESTRICT, related_name="entry"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.RESTRICT, related_name="entry"
    )
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
        return f"{self.get_kind_display()} on case {self.case_id}"

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
