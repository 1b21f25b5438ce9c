"""Safety and housing support for a survivor: securing the home, the action plan and its
reviews, property safety alerts, rehousing and action against perpetrators.

Everything a survivor or a perpetrator could be recognised by (addresses, notes, wishes, areas
to avoid) is encrypted at rest; a property's reference and postcode are found through blind
indexes, as a case's tenancy reference is."""

import builtins

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from haven.cases.models.chronology import ImmutableEntryError
from haven.lib.crypto import EncryptedCharField, EncryptedTextField, blind_index

# --- Securing the home ------------------------------------------------------------------------


class SecurityKind(models.TextChoices):
    LOCK_CHANGE = "lock_change", "Lock change"
    EXTRA_LOCKS = "extra_locks", "Extra locks"
    DOOR_WINDOW = "door_window", "Door and window security"
    LETTERBOX = "letterbox", "Letterbox protection"
    ALARM = "alarm", "Alarm"
    SAFE_ROOM = "safe_room", "Safe room"
    DOORBELL_CAMERA = "doorbell_camera", "Doorbell camera"
    FIRE_SAFETY = "fire_safety", "Fire safety (for example a fire-proof letterbox)"


class KeysRecovered(models.TextChoices):
    YES = "yes", "Yes, recovered"
    NO = "no", "No"
    NOT_HELD = "not_held", "The perpetrator held no keys"
    UNKNOWN = "unknown", "Not known"


class SecurityRequest(models.Model):
    """Work to make the home safer. A lock change runs against the clock (due_at)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="security_requests"
    )
    kind = models.CharField(max_length=20, choices=SecurityKind.choices)
    works_order_reference = models.CharField(max_length=40, blank=True)
    requested_at = models.DateTimeField()
    # Only a lock change has a clock; fixed when asked for, so a later change of the setting
    # never moves a deadline that was already given.
    due_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    keys_recovered = models.CharField(
        max_length=10, choices=KeysRecovered.choices, default=KeysRecovered.UNKNOWN
    )
    # What the survivor chose (she may turn some measures down): her words, encrypted.
    survivor_choice = EncryptedTextField(blank=True)
    # Repairs caused by the abuse are never recharged to the survivor.
    no_recharge = models.BooleanField(default=True)
    notes = EncryptedTextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "completed_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} asked for {self.requested_at:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    @property
    def breached(self) -> bool:
        """Past the clock: done late, or still not done after the deadline."""
        if self.due_at is None:
            return False
        end = self.completed_at or timezone.now()
        return end > self.due_at


# --- Action plan --------------------------------------------------------------------------------


class ActionPlan(models.Model):
    """The survivor's individual action plan: agreed with her, reviewed on a schedule."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="action_plan")
    agreed_on = models.DateField("date agreed with the survivor")
    next_review_on = models.DateField(db_index=True)
    # The interval the next review was set by, and the risk level that set it ("" unknown).
    review_weeks = models.PositiveSmallIntegerField()
    risk_level = models.CharField(max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Action plan agreed {self.agreed_on:%d/%m/%Y}"


class ActionOwner(models.TextChoices):
    OFFICER = "officer", "The officer"
    AGENCY = "agency", "Another agency"
    SURVIVOR = "survivor", "The survivor"


class ActionStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "No longer needed"


class PlanAction(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    what = EncryptedTextField()
    owner_kind = models.CharField("who", max_length=10, choices=ActionOwner.choices)
    # Which agency, when another agency does it (a service's name: not personal data).
    agency = models.CharField(max_length=200, blank=True)
    due_on = models.DateField(db_index=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default="open")
    outcome = EncryptedTextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"Action due {self.due_on:%d/%m/%Y}"

    @property
    def who(self) -> str:
        if self.owner_kind == ActionOwner.AGENCY and self.agency:
            return self.agency
        return self.get_owner_kind_display()


class PlanReview(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    with_survivor = models.BooleanField("reviewed with the survivor")
    notes = EncryptedTextField(blank=True)
    risk_level = models.CharField(max_length=10, blank=True)
    next_review_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on:%d/%m/%Y}"


# --- Properties and their safety alerts ------------------------------------------------------------


def property_reference_index(reference: str) -> str:
    return blind_index(reference, purpose="property_reference")


def property_postcode_index(postcode: str) -> str:
    return blind_index(postcode, purpose="property_postcode")


class Property(models.Model):
    """One of the landlord's homes. Its address is encrypted; it is found by its reference or
    postcode through blind indexes (so neither is searchable in a copy of the database)."""

    reference = EncryptedCharField(max_length=40)
    reference_index = models.CharField(max_length=32, unique=True)
    address = EncryptedTextField()
    postcode = EncryptedCharField(max_length=10, blank=True)
    postcode_index = models.CharField(max_length=32, blank=True, db_index=True)
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="properties")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "properties"

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.reference = self.reference.strip().upper()
        self.postcode = self.postcode.strip().upper()
        self.reference_index = property_reference_index(self.reference)
        self.postcode_index = property_postcode_index(self.postcode)
        super().save(*args, **kwargs)


class AlertKind(models.TextChoices):
    DO_NOT_DISCLOSE = "do_not_disclose", "Do not disclose this address to anyone"
    NO_LONE_VISITS = "no_lone_visits", "No lone visits: visit in pairs"
    RISK_MAY_BE_PRESENT = (
        "risk_may_be_present",
        "Someone who may be a risk to staff could be at the property",
    )
    CONTACT_FIRST = "contact_first", "Contact Tenancy Services before any visit"


class PropertyAlert(models.Model):
    """What staff visiting the property must do, and whom to contact. Never why: the case that
    raised it is kept for those who may see the case, and never shown with the alert."""

    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=24, choices=AlertKind.choices)
    # A team and a number; checked so that it never reveals the case (rules.alert_text_problem).
    contact = models.CharField(max_length=200)
    review_on = models.DateField(db_index=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="property_alerts")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    # `property` is a field here, so the decorator is named in full.
    @builtins.property
    def is_active(self) -> bool:
        return self.ended_on is None


# --- Rehousing ------------------------------------------------------------------------------------


class RehousingOption(models.TextChoices):
    STAY_SECURED = "stay_secured", "Stay at home with added security"
    MANAGEMENT_TRANSFER = "management_transfer", "Management transfer"
    RECIPROCAL = "reciprocal", "Reciprocal move with another landlord"
    HOMELESSNESS = "homelessness", "Homelessness application to a local authority"
    REFUGE = "refuge", "Refuge or temporary accommodation"
    OUT_OF_AREA = "out_of_area", "A move out of the area"


class ChoiceReason(models.TextChoices):
    SCHOOL = "school", "Children's school"
    WORK = "work", "Work"
    SUPPORT_NETWORK = "support_network", "Family and support network"
    HEALTH = "health", "Health or care"
    SAFETY = "safety", "Safety"
    OTHER = "other", "Another reason"


class RehousingProgress(models.TextChoices):
    CONSIDERING = "considering", "Options being considered"
    APPLIED = "applied", "Applied or in progress"
    OFFERED = "offered", "Offer made"
    MOVED = "moved", "Moved"
    STAYED = "stayed", "Stayed safely at home"
    WITHDRAWN = "withdrawn", "No longer wanted"


class RehousingPlan(models.Model):
    """The survivor's housing options and her choice. The new address after a move is never
    disclosed: it is shown on the case alone, never on an alert, a property look-up or anything
    sent to the old tenancy."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rehousing")
    # The verbose names are what a clash between two people's edits is labelled with.
    options_considered = models.JSONField("options considered", default=list, blank=True)
    chosen = models.CharField(
        "the survivor's choice", max_length=24, choices=RehousingOption.choices, blank=True
    )
    reasons = models.JSONField("the survivor's reasons", default=list, blank=True)
    reasons_notes = EncryptedTextField("more about the survivor's reasons", blank=True)
    areas_to_avoid = EncryptedTextField("areas to avoid", blank=True)
    progress = models.CharField(
        max_length=12, choices=RehousingProgress.choices, default=RehousingProgress.CONSIDERING
    )
    outcome_notes = EncryptedTextField("progress and outcome", blank=True)
    new_address = EncryptedTextField("new address", blank=True)
    moved_on = models.DateField("date of the move", null=True, blank=True)
    # Two people may edit the same rehousing at once: a save writes only what its page changed
    # since this version, and a clash is shown rather than saved over (haven.audit.versioning).
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return "Rehousing"

    def option_labels(self) -> list[str]:
        labels = dict(RehousingOption.choices)
        return [labels[key] for key in self.options_considered if key in labels]

    def reason_labels(self) -> list[str]:
        labels = dict(ChoiceReason.choices)
        return [labels[key] for key in self.reasons if key in labels]


# --- Action against perpetrators ------------------------------------------------------------------


class PerpetratorActionKind(models.TextChoices):
    WARNING = "warning", "Warning"
    INJUNCTION = (
        "injunction",
        "Civil injunction (Anti-social Behaviour, Crime and Policing Act 2014)",
    )
    NSP = "nsp", "Notice of Seeking Possession"
    POSSESSION = "possession", "Possession proceedings"
    END_JOINT_TENANCY = "end_joint_tenancy", "Ending a joint tenancy"
    PROGRAMME = "programme", "Referral to a perpetrator programme"
    POLICE_LIAISON = "police_liaison", "Police liaison"


class PerpetratorActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    STARTED = "started", "Started"
    IN_COURT = "in_court", "In court"
    GRANTED = "granted", "Granted or done"
    REFUSED = "refused", "Refused or not granted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PerpetratorAction(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="perpetrator_actions"
    )
    kind = models.CharField(max_length=20, choices=PerpetratorActionKind.choices)
    # The ground of a Notice of Seeking Possession (e.g. "Ground 2A").
    ground = models.CharField(max_length=100, blank=True)
    # Required before anything starts: what the survivor wants, in her words.
    survivor_wishes = EncryptedTextField()
    wishes_recorded_on = models.DateField()
    started_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12,
        choices=PerpetratorActionStatus.choices,
        default=PerpetratorActionStatus.PLANNED,
    )
    court_date = models.DateField(null=True, blank=True, db_index=True)
    notes = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-wishes_recorded_on", "-pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class PerpetratorBreach(models.Model):
    """A breach of an injunction, a notice or an agreement, logged against the action."""

    action = models.ForeignKey(PerpetratorAction, on_delete=models.CASCADE, related_name="breaches")
    occurred_on = models.DateField()
    reported_to_police = models.BooleanField(default=False)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"Breach on {self.occurred_on:%d/%m/%Y}"


# --- The case's chronology --------------------------------------------------------------------------


class SupportEntry(models.Model):
    """What a step of support put in the case's chronology (haven/support/chronology.py): a code,
    the words, and a few labelled facts (kinds, statuses, dates), as they were at the time.
    Immutable, like the entry it belongs to; never holds anything written about the case."""

    entry = models.OneToOneField(
        "cases.ChronologyEntry", on_delete=models.PROTECT, related_name="support_entry"
    )
    event = models.CharField(max_length=30)
    what = models.CharField(max_length=200)
    # [[label, value], ...] in the order shown.
    facts = models.JSONField(default=list, blank=True)
    # Dated by the day alone: the card shows the date without a time.
    by_day = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "support entries"

    def __str__(self) -> str:
        return self.what

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ImmutableEntryError("Chronology entries cannot be changed: record a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ImmutableEntryError("Chronology entries cannot be deleted.")


# --- Reminders ----------------------------------------------------------------------------------------


class ReminderSent(models.Model):
    """A support reminder e-mailed to someone for a day. At most one a person a day: the nightly
    command may run again (by hand, or a timer catching up) and must not e-mail twice. Written
    in the same transaction as the sending, so an e-mail that failed leaves no record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="support_one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to user {self.user_id} for {self.sent_on:%d/%m/%Y}"
