"""Safeguarding decisions: for children, and for an adult with care and support needs.

A decision is never edited: a new one supersedes it (`supersedes` points at the decision it
replaced), so the history of what was decided, by whom and when is the chain of rows. The
case's current decision of a kind is the one nothing supersedes. The risk and MARAC work turns a
"referral made" decision into a referral record of its own; this model stays the decision.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from haven.cases.rules.safeguarding import Kind
from haven.lib.crypto import EncryptedCharField, EncryptedTextField

from .case import Case


class SafeguardingKind(models.TextChoices):
    CHILDREN = Kind.CHILDREN.value, "Children's safeguarding"
    ADULT = Kind.ADULT.value, "Adult safeguarding"


class SafeguardingOutcome(models.TextChoices):
    REFERRAL_MADE = "referral_made", "Referral made"
    NOT_NEEDED = "not_needed", "Referral not needed"


class SafeguardingDecision(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="safeguarding_decisions")
    kind = models.CharField(max_length=20, choices=SafeguardingKind.choices)
    outcome = models.CharField(max_length=20, choices=SafeguardingOutcome.choices)
    # A referral made: when, to which agency or local authority, and its reference if given.
    referred_on = models.DateField(null=True, blank=True)
    referred_to = EncryptedCharField(blank=True, max_length=200)
    referral_reference = EncryptedCharField(blank=True, max_length=100)
    # No referral needed: why (required then). May name people, so encrypted.
    reason = EncryptedTextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    # The decision this one replaced. One-to-one: two people revisiting the same decision at
    # once cannot both replace it (the second is told instead). Decisions are only ever deleted
    # with their case (retention), so the whole chain goes together.
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="superseded_by",
    )

    class Meta:
        ordering: ClassVar = ["-decided_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["case", "kind", "decided_at"], name="safeguarding_case_idx"),
        ]
        constraints: ClassVar = [
            # Only one first decision per case and kind; every later one supersedes another.
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(supersedes__isnull=True),
                name="safeguarding_one_first_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="not_needed") | models.Q(referred_on__isnull=False),
                name="safeguarding_referral_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"

    @property
    def referral_made(self) -> bool:
        return self.outcome == SafeguardingOutcome.REFERRAL_MADE


class SafeguardingDue(models.Model):
    """What the officer's work list knows of a case's safeguarding prompts, so that the list
    need not decrypt every case an officer holds to find the few waiting for a decision.

    Derived, never the record: the case pages work the prompts out afresh every time. A row
    is dropped whenever the facts behind it change (haven.cases.signals: the survivor, the
    household, the children said at intake, a decision), and is worked out again when the
    work list next asks; `recheck_on` makes it expire by the next birthday that could change
    it (18 or 65) and at the latest a week on (DUE_TRUSTED_FOR), which bounds the harm of the
    one race left (a change committed while a list is being worked out from the facts before
    it) to a reminder a week late or early on the list; the case itself shows the truth."""

    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="safeguarding_due"
    )
    # The kinds waiting for a decision, space-separated ("children adult"); blank for none.
    kinds = models.CharField(max_length=20, blank=True)
    recheck_on = models.DateField()

    def __str__(self) -> str:
        return f"Safeguarding reminders for case {self.case_id}: {self.kinds or 'none'}"
