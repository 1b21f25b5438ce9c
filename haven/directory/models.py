"""The directory of support services, and what a case officer did with it for a survivor:
information given (signposting) kept apart from referrals we made."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from haven.directory.rules import SPECIALISM_CHOICES
from haven.lib.crypto import EncryptedTextField


class Area(models.Model):
    """A local authority area a local service covers (e.g. "Derby", "High Peak")."""

    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """A support service staff may signpost or refer to, and the public may find."""

    # Stable across export and import (Open Referral UK's service id).
    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    description = models.TextField("what the service offers", blank=True)
    specialisms = models.JSONField("who the service is for", default=list, blank=True)
    national = models.BooleanField(default=False, verbose_name="covers the whole country")
    areas = models.ManyToManyField(Area, blank=True, related_name="services")
    phone = models.CharField("phone number", max_length=60, blank=True)
    other_phone = models.CharField("another phone number", max_length=60, blank=True)
    # A number, or what to text where ("Text NCDV to 607779").
    text = models.CharField("text message", max_length=120, blank=True)
    email = models.EmailField(blank=True, verbose_name="e-mail address")
    website = models.URLField(blank=True)
    chat = models.URLField(blank=True, verbose_name="web chat address")
    open_24_7 = models.BooleanField(default=False, verbose_name="open 24 hours, 7 days a week")
    opening_hours = models.CharField("opening hours", max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True)
    active = models.BooleanField("shown to staff and the public", default=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["active", "national"])]

    def __str__(self) -> str:
        return self.name

    def specialism_labels(self) -> list[str]:
        labels = dict(SPECIALISM_CHOICES)
        return [labels.get(key, key) for key in self.specialisms]


class Signposting(models.Model):
    """Information about a service given to the survivor: we did not contact the service."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="signpostings")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField()
    how = models.CharField(max_length=100, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    entry = models.OneToOneField(
        "cases.ChronologyEntry", on_delete=models.PROTECT, related_name="signposting"
    )

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Information about {self.service} given on {self.given_on:%d/%m/%Y}"


class ReferralOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NO_RESPONSE = "no_response", "No response"


class Referral(models.Model):
    """A referral we made to a service, with the survivor's consent (or why not)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    made_on = models.DateField()
    consent = models.BooleanField()
    no_consent_reason = EncryptedTextField(blank=True)
    notes = EncryptedTextField(blank=True)
    follow_up_on = models.DateField(db_index=True)
    outcome = models.CharField(max_length=20, choices=ReferralOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = EncryptedTextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    entry = models.OneToOneField(
        "cases.ChronologyEntry", on_delete=models.PROTECT, related_name="referral"
    )

    class Meta:
        ordering = ["-made_on", "-pk"]
        indexes = [models.Index(fields=["outcome", "follow_up_on"])]

    def __str__(self) -> str:
        return f"Referral to {self.service} made on {self.made_on:%d/%m/%Y}"

    @property
    def status(self) -> str:
        return self.get_outcome_display() if self.outcome else "Waiting for an answer"
