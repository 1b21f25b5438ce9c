"""Risk work on a case: DASH RIC assessments (every one kept), the case's current risk, MARAC
referrals, meetings and actions, MAPPA liaison and Clare's Law (DVDS) applications.

What a survivor said (answers, notes, reasons) is encrypted at rest. Scores, levels, dates and
statuses are plain columns: lists, prompts and figures need them, and they name nobody.
"""

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from haven.lib.crypto import EncryptedCharField, EncryptedTextField
from haven.risk.rules import ANSWER_LABELS, LEVEL_LABELS, Answer, Level

LEVEL_CHOICES = [(level.value, LEVEL_LABELS[level]) for level in Level]
ANSWER_CHOICES = [(answer.value, ANSWER_LABELS[answer]) for answer in Answer]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class AssessmentSource(models.TextChoices):
    HERE = "here", "Completed by us"
    OTHER_AGENCY = "other_agency", "Completed by another agency"


class YesNoNotKnown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class DashAssessment(models.Model):
    """One DASH RIC. A draft can be saved and resumed; completed ones are never changed."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="dash_assessments"
    )
    status = models.CharField(
        max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    source = models.CharField(
        max_length=20, choices=AssessmentSource.choices, default=AssessmentSource.HERE
    )
    # {"1": {"answer": "yes", "note": "...", "source": "..."}, ...}: what the survivor said.
    answers_json = EncryptedTextField(blank=True, default="")
    # The professional-judgement section.
    other_information = EncryptedTextField(blank=True)
    abuser_occupation = EncryptedTextField(blank=True)
    survivor_priorities = EncryptedTextField(blank=True)
    marac_grounds = EncryptedTextField(blank=True)
    risks_to_children = EncryptedTextField(blank=True)
    safeguarding_referral_made = models.CharField(
        max_length=10, choices=YesNoNotKnown.choices, blank=True
    )
    judgement_level = models.CharField(max_length=10, choices=LEVEL_CHOICES, blank=True)
    judgement_reasons = EncryptedTextField(blank=True)
    # Set on completion (ours) or as told (another agency's).
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    level = models.CharField(max_length=10, choices=LEVEL_CHOICES, blank=True)
    raised_by_judgement = models.BooleanField(default=False)
    assessed_on = models.DateField(null=True, blank=True)
    agency = models.CharField("agency that completed it", max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    entry = models.OneToOneField(
        "cases.ChronologyEntry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dash_assessment",
    )

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["case", "status", "-assessed_on"])]

    def __str__(self) -> str:
        return f"DASH {self.pk} of case {self.case_id}"

    @property
    def answers(self) -> dict[int, dict[str, str]]:
        if not self.answers_json:
            return {}
        return {int(k): v for k, v in json.loads(self.answers_json).items()}

    def set_answers(self, answers: dict[int, dict[str, str]]) -> None:
        self.answers_json = json.dumps({str(k): v for k, v in sorted(answers.items())})

    def plain_answers(self) -> dict[int, str]:
        return {number: item.get("answer", "") for number, item in self.answers.items()}

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class CaseRisk(models.Model):
    """The case's current risk, kept beside the case so that lists filter on it in one join.

    Written only by haven.risk.services when an assessment is completed or recorded.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="risk_state")
    assessment = models.ForeignKey(DashAssessment, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=LEVEL_CHOICES)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    assessed_on = models.DateField()
    reassess_due_on = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["level"]),
            models.Index(fields=["reassess_due_on"]),
        ]

    def __str__(self) -> str:
        return f"Risk of case {self.case_id}: {self.level}"


class MaracReferral(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="marac_referrals")
    referred_on = models.DateField()
    area = models.CharField("MARAC area", max_length=100)
    criteria = models.JSONField(default=list)
    survivor_aware = models.BooleanField()
    not_aware_reason = EncryptedTextField(blank=True)
    consent = models.BooleanField()
    no_consent_reason = EncryptedTextField(blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    entry = models.OneToOneField(
        "cases.ChronologyEntry", on_delete=models.PROTECT, related_name="marac_referral"
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"MARAC referral {self.pk} of case {self.case_id}"

    def criteria_labels(self) -> list[str]:
        from haven.risk.rules import CRITERION_LABELS, Criterion

        return [CRITERION_LABELS.get(Criterion(key), key) for key in self.criteria]


class FormGeneration(models.Model):
    """Every referral form made as a PDF: who, when, and what it said (encrypted), so the
    landlord can show what was shared with the MARAC."""

    referral = models.ForeignKey(MaracReferral, on_delete=models.CASCADE, related_name="forms")
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(default=timezone.now)
    content_json = EncryptedTextField()

    class Meta:
        ordering = ["-generated_at", "-pk"]

    def __str__(self) -> str:
        return f"Referral form {self.pk}"

    @property
    def content(self) -> dict[str, Any]:
        return dict(json.loads(self.content_json))


class MaracMeeting(models.Model):
    area = models.CharField("MARAC area", max_length=100)
    held_on = models.DateField()
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="marac_meetings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"MARAC {self.area} {self.held_on:%d/%m/%Y}"


class ActionStatus(models.TextChoices):
    # The values are rules.ActionState's: open, then in progress, then done.
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class MaracAction(models.Model):
    """An action the MARAC gave the landlord on a case. Each agency owns its actions: one not
    yet done (open or in progress) must be done, with evidence, before the case closes. Its
    owner is a member of staff who may see the case (haven.risk.policies.action_owners)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="marac_actions")
    meeting = models.ForeignKey(
        MaracMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = EncryptedTextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)
    evidence = EncryptedTextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["owner", "status"]),
        ]

    def __str__(self) -> str:
        return f"MARAC action {self.pk} of case {self.case_id}"


class MappaLiaison(models.Model):
    """Contact with MAPPA about a perpetrator managed under it (the landlord's duty to co-operate)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="mappa_liaisons")
    contacted_on = models.DateField()
    mappa_category = models.CharField(max_length=20, blank=True)
    mappa_level = models.CharField(max_length=20, blank=True)
    contact = EncryptedCharField("who we liaised with", max_length=200)
    summary = EncryptedTextField("what was shared or agreed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"MAPPA liaison {self.pk}"


class DvdsRoute(models.TextChoices):
    RIGHT_TO_ASK = "right_to_ask", "Right to ask"
    RIGHT_TO_KNOW = "right_to_know", "Right to know"


class DvdsStatus(models.TextChoices):
    APPLIED = "applied", "Applied, waiting for a decision"
    DECIDED = "decided", "Decided"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DvdsOutcome(models.TextChoices):
    DISCLOSED = "disclosed", "Information disclosed"
    NOT_DISCLOSED = "not_disclosed", "No disclosure made"


class DvdsApplication(models.Model):
    """A Clare's Law (Domestic Violence Disclosure Scheme) application the survivor made or the
    police began. A decision is due within 28 days."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="dvds_applications"
    )
    route = models.CharField(max_length=20, choices=DvdsRoute.choices)
    applied_on = models.DateField()
    decision_due_on = models.DateField()
    status = models.CharField(max_length=10, choices=DvdsStatus.choices, default=DvdsStatus.APPLIED)
    outcome = models.CharField(max_length=20, choices=DvdsOutcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-applied_on", "-pk"]

    def __str__(self) -> str:
        return f"DVDS application {self.pk}"


class SafeguardingReferralKind(models.TextChoices):
    # The same stored values as the case app's SafeguardingKind: a referral answers a decision.
    CHILDREN = "children", "Children's social care"
    ADULT = "adult", "Adult safeguarding"


class SafeguardingReferralOutcome(models.TextChoices):
    ACCEPTED = "accepted", "Accepted: the agency is acting on it"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    SIGNPOSTED = "signposted", "Signposted to other support"
    OTHER = "other", "Something else"


class SafeguardingReferral(models.Model):
    """A referral to children's social care or adult safeguarding, and what came of it.

    Where the case's "referral made" decision (haven.cases SafeguardingDecision) led to it, the
    referral points at that decision: the decision stays the record of what was decided, this
    is the record of the referral and its outcome."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="safeguarding_referrals"
    )
    kind = models.CharField(max_length=20, choices=SafeguardingReferralKind.choices)
    agency = EncryptedCharField("agency referred to", max_length=200)
    referred_on = models.DateField()
    reason = EncryptedTextField("reason for the referral")
    reference = EncryptedCharField("the agency's reference", max_length=100, blank=True)
    decision = models.ForeignKey(
        "cases.SafeguardingDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    outcome = models.CharField(
        max_length=20, choices=SafeguardingReferralOutcome.choices, blank=True
    )
    outcome_on = models.DateField(null=True, blank=True)
    outcome_notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    # Its entry in the case's chronology ("Safeguarding referral"), written with it.
    entry = models.OneToOneField(
        "cases.ChronologyEntry", on_delete=models.PROTECT, related_name="safeguarding_referral"
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="") | models.Q(outcome_on__isnull=False),
                name="risk_safeguarding_outcome_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"Safeguarding referral {self.pk}"


class SafeguardingOutcomeRecord(models.Model):
    """Each time what came of a safeguarding referral is recorded: the outcome as it was then,
    and its own chronology entry. The referral holds the latest; these keep the chronology
    true to what was known when (entries never change)."""

    referral = models.ForeignKey(
        SafeguardingReferral, on_delete=models.CASCADE, related_name="outcome_records"
    )
    outcome = models.CharField(max_length=20, choices=SafeguardingReferralOutcome.choices)
    outcome_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    entry = models.OneToOneField(
        "cases.ChronologyEntry", on_delete=models.PROTECT, related_name="safeguarding_outcome"
    )

    class Meta:
        ordering = ["-outcome_on", "-pk"]

    def __str__(self) -> str:
        return f"Outcome {self.pk} of safeguarding referral {self.referral_id}"
