"""Keeps the work list's safeguarding reminders honest: whenever a fact the prompts depend on
changes, the case's derived SafeguardingDue row is dropped, to be worked out afresh the next
time a work list asks (haven.cases.services.safeguarding.refresh_due).

Signals rather than calls in each service, so that no path that changes these records (forms,
merges, imports, the admin) can leave a reminder behind that the case page would not show."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from haven.cases.models import (
    Case,
    HouseholdMember,
    SafeguardingDecision,
    SafeguardingDue,
    Survivor,
)

# The Case columns the prompts read (the rest of a case's saves leave the reminder alone).
CASE_FACTS = frozenset({"children_in_household", "children_count"})


def forget_due(case_id: int | None) -> None:
    if case_id is not None:
        SafeguardingDue.objects.filter(case_id=case_id).delete()


@receiver(post_save, sender=Survivor, dispatch_uid="haven_safeguarding_due_survivor_saved")
@receiver(post_delete, sender=Survivor, dispatch_uid="haven_safeguarding_due_survivor_gone")
@receiver(post_save, sender=HouseholdMember, dispatch_uid="haven_safeguarding_due_member_saved")
@receiver(post_delete, sender=HouseholdMember, dispatch_uid="haven_safeguarding_due_member_gone")
@receiver(
    post_save, sender=SafeguardingDecision, dispatch_uid="haven_safeguarding_due_decision_saved"
)
@receiver(
    post_delete, sender=SafeguardingDecision, dispatch_uid="haven_safeguarding_due_decision_gone"
)
def forget_due_for_related(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_due(instance.case_id)


@receiver(post_save, sender=Case, dispatch_uid="haven_safeguarding_due_case_saved")
def forget_due_for_case(
    sender: Any, instance: Case, created: bool, update_fields: Any = None, **kwargs: Any
) -> None:
    if created:
        return  # nothing to forget yet
    if update_fields is None or CASE_FACTS & set(update_fields):
        forget_due(instance.pk)
