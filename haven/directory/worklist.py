"""The directory's section of the home page's work list: referrals to chase."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from haven.cases import policies as case_policies
from haven.directory import services
from haven.platform.registries import WorkBatch, WorkItem

SHOWN = 10


def referrals_to_follow_up(user: Any, now: dt.datetime) -> WorkBatch | None:
    """Referrals with no answer by their follow-up date: on the cases the officer holds, or on
    every case for the coordinator. Three queries, however many there are."""
    cases = case_policies.scope_of(user, held_only=not user.has_perm("cases.view_all_cases"))
    today = timezone.localtime(now).date()
    due = services.referrals_to_follow_up(cases, today)
    total = due.count()
    if not total:
        return None
    items = [
        WorkItem(
            title=f"Follow up the referral to {referral.service.name}",
            href=reverse("directory:case", kwargs={"reference": referral.case.reference}),
            state="overdue" if referral.follow_up_on < today else "due_today",
            case_reference=referral.case.reference,
            restricted=referral.case.restricted,
            detail=f"Referred on {referral.made_on:%d/%m/%Y}; no answer yet",
        )
        for referral in due[:SHOWN]
    ]
    noun = "referral has" if total == 1 else "referrals have"
    return WorkBatch(
        items=items,
        total=total,
        summary=f"{total} {noun} had no answer from the service by the follow-up date.",
        more_href=reverse("directory:follow-ups"),
        more_text="All referrals to follow up",
    )
