"""How we may contact the survivor safely, and every contact made, tried or planned.

The plan's details (numbers, addresses, the code word, notes) are encrypted at rest. The rules
that judge a proposed contact live in haven.cases.rules.safe_contact; `SafeContactPlan.as_rules()`
turns a stored plan into them.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from haven.cases.rules.safe_contact import Channel as RuleChannel
from haven.cases.rules.safe_contact import ContactPlan, PlanSummary, TimeWindow, summarise
from haven.lib.crypto import EncryptedCharField, EncryptedTextField

from .case import Case
from .people import Survivor

__all__ = [
    "SUCCESSFUL_OUTCOMES",
    "UNSUCCESSFUL_OUTCOMES",
    "ContactChannel",
    "ContactDirection",
    "ContactOutcome",
    "ContactRecord",
    "ContactStatus",
    "SafeContactPlan",
]


class ContactChannel(models.TextChoices):
    PHONE = RuleChannel.PHONE.value, "Phone call"
    TEXT = RuleChannel.TEXT.value, "Text message"
    EMAIL = RuleChannel.EMAIL.value, "E-mail"
    LETTER = RuleChannel.LETTER.value, "Letter"
    VISIT = RuleChannel.VISIT.value, "Visit"
    THIRD_PARTY = RuleChannel.THIRD_PARTY.value, "Through a named third party"
    # Only ever inbound: the survivor came to us.
    IN_PERSON = "in_person", "In person, at our office"


PLAN_CHANNELS = [(c.value, c.label) for c in ContactChannel if c != ContactChannel.IN_PERSON]


class ContactDirection(models.TextChoices):
    OUTBOUND = "outbound", "We contacted the survivor"
    INBOUND = "inbound", "The survivor contacted us"


class ContactStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    # A planned contact that will not happen (the survivor asked us not to call, say).
    CANCELLED = "cancelled", "Cancelled"


class ContactOutcome(models.TextChoices):
    SPOKE_TO_SURVIVOR = "spoke", "Spoke to the survivor"
    UNSAFE_TO_TALK = "unsafe_to_talk", "The survivor could not talk safely"
    NO_ANSWER = "no_answer", "No answer"
    LEFT_VOICEMAIL = "voicemail", "Left a voicemail"
    MESSAGE_SENT = "message_sent", "Message, e-mail or letter sent"
    WRONG_PERSON = "wrong_person", "Someone else answered"
    NOT_DELIVERED = "not_delivered", "Number not in use, or message returned"
    PASSED_ON = "passed_on", "Message passed on by the third party"


# A successful contact reached the survivor; an unsuccessful one is a failed attempt that counts
# towards the coordinator review. The rest (a message sent, "could not talk") are neither: we
# cannot yet tell whether the survivor is engaging.
SUCCESSFUL_OUTCOMES = frozenset({ContactOutcome.SPOKE_TO_SURVIVOR})
UNSUCCESSFUL_OUTCOMES = frozenset(
    {
        ContactOutcome.NO_ANSWER,
        ContactOutcome.LEFT_VOICEMAIL,
        ContactOutcome.WRONG_PERSON,
        ContactOutcome.NOT_DELIVERED,
    }
)


class SafeContactPlan(models.Model):
    """What the survivor agreed about how, when and where we may contact them."""

    survivor = models.OneToOneField(
        Survivor, on_delete=models.CASCADE, related_name="safe_contact_plan"
    )
    allowed_channels = models.JSONField(default=list, blank=True)
    # One number a line: the survivor may give a mobile and a trusted landline.
    phone_numbers = EncryptedTextField(blank=True)
    email_address = EncryptedCharField(blank=True, max_length=200)
    postal_address = EncryptedTextField(blank=True)
    visit_address = EncryptedTextField(blank=True)
    third_party = EncryptedTextField(blank=True)
    # Lists of {"days": [0..6], "start": minutes, "end": minutes}: see rules.TimeWindow.
    safe_times = models.JSONField(default=list, blank=True)
    unsafe_times = models.JSONField(default=list, blank=True)
    voicemail_allowed = models.BooleanField(default=False)
    code_word = EncryptedCharField(blank=True, max_length=100)
    notes = EncryptedTextField(blank=True)

    agreed_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # Optimistic concurrency: a save that started from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Safe-contact plan for survivor {self.survivor_id}"

    @property
    def phone_number_list(self) -> tuple[str, ...]:
        return tuple(
            line.strip() for line in (self.phone_numbers or "").splitlines() if line.strip()
        )

    def safe_windows(self) -> tuple[TimeWindow, ...]:
        return tuple(TimeWindow.from_dict(item) for item in self.safe_times or [])

    def unsafe_windows(self) -> tuple[TimeWindow, ...]:
        return tuple(TimeWindow.from_dict(item) for item in self.unsafe_times or [])

    def as_rules(self) -> ContactPlan:
        return ContactPlan(
            allowed_channels=frozenset(RuleChannel(c) for c in self.allowed_channels or []),
            phone_numbers=self.phone_number_list,
            email_address=self.email_address or "",
            postal_address=self.postal_address or "",
            visit_address=self.visit_address or "",
            third_party=self.third_party or "",
            safe_times=self.safe_windows(),
            unsafe_times=self.unsafe_windows(),
            voicemail_allowed=self.voicemail_allowed,
        )

    def summary(self) -> PlanSummary:
        return summarise(self.as_rules())


class ContactRecord(models.Model):
    """One contact with the survivor: made, attempted, received, or planned for later."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    direction = models.CharField(max_length=10, choices=ContactDirection.choices)
    channel = models.CharField(max_length=20, choices=ContactChannel.choices)
    status = models.CharField(max_length=10, choices=ContactStatus.choices)
    # When it happened, or when it is planned for.
    when = models.DateTimeField()
    # The number, address or person used: checked against the plan for outbound contact.
    destination = EncryptedCharField(blank=True, max_length=300)
    leaves_voicemail = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=ContactOutcome.choices, blank=True)
    notes = EncryptedTextField(blank=True)
    # Set when a contact breaks the plan: the sentences of the rules it broke (no case content)
    # and who recorded it. Either an officer decided to go ahead (an override, with their
    # reason), or it had already happened when it was recorded (`breach_already_happened`:
    # honest logging, no reason asked). The coordinator follows up both.
    plan_breaches = models.JSONField(default=list, blank=True)
    override_reason = EncryptedTextField(blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    breach_already_happened = models.BooleanField(default=False)
    breach_followed_up_at = models.DateTimeField(null=True, blank=True)
    breach_followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Its chronology entry, once the contact has happened (a planned one has none yet).
    entry = models.OneToOneField(
        "cases.ChronologyEntry",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="contact_record",
    )

    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-when", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["case", "status", "-when"], name="contact_case_idx"),
            # The coordinator's list of overrides, newest first.
            models.Index(fields=["overridden_by", "-recorded_at"], name="contact_override_idx"),
            # The work list: contacts against a plan not yet followed up, newest first. Partial,
            # so it holds only those few, however many contacts there are (a full index on
            # the follow-up time held a million empty ones: 250 ms to count at 100,000 cases).
            models.Index(
                fields=["-recorded_at", "-id"],
                condition=Q(overridden_by__isnull=False, breach_followed_up_at__isnull=True),
                name="contact_breach_waiting_idx",
            ),
            # Planned contacts coming up (few, whatever the number of contacts made).
            models.Index(fields=["status", "when"], name="contact_status_when_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.get_channel_display()} ({self.case_id})"

    @property
    def was_overridden(self) -> bool:
        """The contact broke the plan (by a decision, or found out afterwards)."""
        return bool(self.plan_breaches)

    @property
    def is_override(self) -> bool:
        return bool(self.plan_breaches) and not self.breach_already_happened

    @property
    def awaiting_follow_up(self) -> bool:
        return bool(self.plan_breaches) and self.breach_followed_up_at is None

    @property
    def is_successful(self) -> bool:
        return self.status == ContactStatus.DONE and (
            self.direction == ContactDirection.INBOUND or self.outcome in SUCCESSFUL_OUTCOMES
        )

    @property
    def is_failed_attempt(self) -> bool:
        return (
            self.status == ContactStatus.DONE
            and self.direction == ContactDirection.OUTBOUND
            and self.outcome in UNSUCCESSFUL_OUTCOMES
        )
