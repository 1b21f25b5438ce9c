"""The case: one survivor's journey from disclosure to a safe closure."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from haven.lib.crypto import EncryptedCharField, EncryptedTextField, blind_index


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    IN_TRIAGE = "in_triage", "In triage"
    OPEN = "open", "Open"
    DISENGAGED = "disengaged", "Disengaged"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"


# Statuses in which someone is actively working the case (shown as "open" in lists and used
# for duplicate matching: a new disclosure about someone in one of these is offered for linking).
ACTIVE_STATUSES = (
    CaseStatus.NEW,
    CaseStatus.IN_TRIAGE,
    CaseStatus.OPEN,
    CaseStatus.DISENGAGED,
    CaseStatus.REOPENED,
)
# Statuses that wait in the triage queue until someone makes first contact.
TRIAGE_STATUSES = (CaseStatus.NEW, CaseStatus.IN_TRIAGE)


class Channel(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"
    WEB_CALLBACK = "web_callback", "Web call-back request"
    POLICE = "police", "Police referral"
    MARAC = "marac", "MARAC"
    OTHER_AGENCY = "other_agency", "Other agency referral"
    STAFF_CONCERN = "staff_concern", "Staff concern"
    SELF_REFERRAL = "self_referral", "Self-referral"


class Urgency(models.IntegerChoices):
    # Lower numbers sort first in the triage queue.
    URGENT = 1, "Urgent"
    HIGH = 2, "High"
    STANDARD = 3, "Standard"


class ClosureReason(models.TextChoices):
    SUPPORT_IN_PLACE = "support_in_place", "The right support is in place"
    MOVED_WITH_HANDOVER = "moved_with_handover", "Moved, with a handover to another service"
    SURVIVOR_REQUEST = "survivor_request", "The survivor asked for the case to be closed"
    NO_CONTACT_RISK_REVIEWED = (
        "no_contact_risk_reviewed",
        "No contact after the agreed number of attempts, risk reviewed by the coordinator",
    )
    REFERRED_ON = "referred_on", "Referred to a specialist service that now leads"
    DUPLICATE = "duplicate", "Recorded twice by mistake (linked to the other case)"
    OTHER = "other", "Another reason (explained in the notes)"


class TenancyType(models.TextChoices):
    SECURE = "secure", "Secure"
    ASSURED = "assured", "Assured"
    STARTER = "starter", "Starter or introductory"
    FIXED_TERM = "fixed_term", "Fixed-term"
    SHARED_OWNERSHIP = "shared_ownership", "Shared ownership"
    LEASEHOLD = "leasehold", "Leasehold"
    LICENCE = "licence", "Licence (for example temporary or supported housing)"
    NOT_A_TENANCY = "none", "No tenancy with us"
    UNKNOWN = "unknown", "Not known"


class AbuseForm(models.TextChoices):
    """The forms of abuse in the landlord's policy (REFERENCE.md)."""

    PHYSICAL = "physical", "Physical"
    SEXUAL = "sexual", "Sexual"
    COERCIVE_CONTROL = "coercive_control", "Coercive and controlling behaviour"
    EMOTIONAL = "emotional", "Emotional or psychological"
    ECONOMIC = "economic", "Economic"
    DIGITAL = "digital", "Digital or technology-facilitated"
    HONOUR_BASED = "honour_based", "'Honour'-based abuse"
    FORCED_MARRIAGE = "forced_marriage", "Forced marriage"
    FGM = "fgm", "Female genital mutilation (FGM)"
    STALKING = "stalking", "Stalking and harassment"
    THREATS = "threats", "Threats, violent or threatening behaviour"
    NEGLECT_OF_CARE = "neglect_of_care", "Neglect of care needs or misuse of benefits"
    IMMIGRATION = "immigration", "Immigration-related abuse"


class CaseReferenceCounter(models.Model):
    """The last case number issued in each year: DA-2026-00042 is number 42 of 2026.

    Incremented with a single UPDATE inside the intake transaction, which takes a row lock on
    PostgreSQL and the database write lock on SQLite, so concurrent intakes never share a number.
    """

    year = models.PositiveIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    reference = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.NEW)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField()
    first_contact_due_at = models.DateTimeField()
    first_contact_at = models.DateTimeField(null=True, blank=True)
    immediate_danger = models.BooleanField(default=False)
    urgency = models.PositiveSmallIntegerField(choices=Urgency.choices, default=Urgency.STANDARD)
    # What happened, in brief, as told at intake.
    summary = EncryptedTextField(blank=True)
    # Who passed it on (an agency, a colleague): free text, may identify people.
    referrer = EncryptedCharField(blank=True, max_length=200)
    abuse_forms = models.JSONField(default=list, blank=True)
    abuse_notes = EncryptedTextField(blank=True)
    # What triage needs at once, asked at intake: are there children in the household ("yes",
    # "no", or blank for not known) and, if known, how many. The children's own records (names,
    # ages, schools) are household members; this is what was said before anyone was named.
    children_in_household = models.CharField(
        max_length=5, choices=[("", "Not known"), ("yes", "Yes"), ("no", "No")], blank=True
    )
    children_count = models.PositiveSmallIntegerField(null=True, blank=True)

    tenancy_reference = EncryptedCharField(blank=True, max_length=40)
    tenancy_reference_index = models.CharField(max_length=32, blank=True, db_index=True)
    property_reference = EncryptedCharField(blank=True, max_length=40)
    tenancy_type = models.CharField(
        max_length=20, choices=TenancyType.choices, default=TenancyType.UNKNOWN
    )
    joint_tenancy = models.BooleanField(default=False)

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    allocated_at = models.DateTimeField(null=True, blank=True)
    # When the owner first opened the case after it was allocated to them: until then it is
    # "New" on their home page. Reset by each allocation; not case content, so not in history.
    owner_opened_at = models.DateTimeField(null=True, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    # A restricted case (the survivor or the perpetrator works here, say) is visible only to the
    # named users and the coordinator.
    restricted = models.BooleanField(default=False)
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_cases_named_on"
    )
    restriction_reason = EncryptedTextField(blank=True)

    # None when nobody on the staff recorded it: a call-back request from the public site.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_created",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when a disclosure was recorded for someone who may already have a case: the coordinator
    # decides (the user who recorded it may not be allowed to see the other case).
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    closure_notes = EncryptedTextField(blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    # Optimistic concurrency: every edit says which version it started from; a save that
    # started from an older version is refused instead of silently overwriting.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["updated_at", "owner_opened_at"])

    class Meta:
        indexes: ClassVar = [
            # Triage queue: waiting cases by urgency, then due time.
            models.Index(
                fields=["status", "urgency", "first_contact_due_at"], name="case_triage_idx"
            ),
            # Case list: newest first, whole service / my cases / my team's cases.
            models.Index(fields=["-received_at", "id"], name="case_received_idx"),
            models.Index(fields=["owner", "-received_at"], name="case_owner_idx"),
            models.Index(fields=["team", "-received_at"], name="case_team_idx"),
            models.Index(fields=["restricted"], name="case_restricted_idx"),
            # The home page's work list: an officer's open cases, and those new to them.
            models.Index(fields=["owner", "status"], name="case_owner_status_idx"),
            models.Index(fields=["owner", "owner_opened_at"], name="case_owner_opened_idx"),
            # First contacts still to make, by when they are due (the coordinator's overdue
            # list): partial, so it holds the few waiting, not every reopened case.
            models.Index(
                fields=["first_contact_due_at"],
                condition=models.Q(first_contact_at__isnull=True),
                name="case_awaiting_contact_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs) -> None:
        self.refresh_search_indexes()
        super().save(*args, **kwargs)

    def refresh_search_indexes(self) -> None:
        self.tenancy_reference_index = blind_index(self.tenancy_reference, purpose="tenancy")

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def awaiting_first_contact(self) -> bool:
        return self.first_contact_at is None and self.status != CaseStatus.CLOSED

    def case_tabs(self, current_url_name: str) -> list[dict]:
        """The case-page tabs (for templates rendered by views that did not pass them)."""
        from haven.cases.navigation import tabs_for

        return tabs_for(self.reference, current_url_name)

    def abuse_form_labels(self) -> list[str]:
        labels = dict(AbuseForm.choices)
        return [labels[key] for key in self.abuse_forms if key in labels]


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Waiting for the coordinator"
    DONE = "done", "Reviewed"


class ReviewReason(models.TextChoices):
    FAILED_CONTACT = "failed_contact", "Several contact attempts have failed"
    POSSIBLE_DUPLICATE = "possible_duplicate", "This may be someone who already has a case"
    DISENGAGED = "disengaged", "The survivor has disengaged"
    CLOSURE_NO_CONTACT = "closure_no_contact", "Closure after no contact: risk to be reviewed"
    OTHER = "other", "Another reason"


class CoordinatorReview(models.Model):
    """Something the coordinator must look at: never an automatic closure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="coordinator_reviews")
    reason = models.CharField(max_length=30, choices=ReviewReason.choices)
    details = EncryptedTextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    outcome = EncryptedTextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        indexes: ClassVar = [
            models.Index(fields=["status", "requested_at"], name="review_queue_idx"),
            models.Index(fields=["case", "status"], name="review_case_idx"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.case_id}: {self.get_reason_display()}"
