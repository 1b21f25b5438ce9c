"""Safeguarding: which prompts a case shows, and recording the decision on each.

The rules are in haven.cases.rules.safeguarding; this module reads what they need from the
record (in a fixed number of queries, for one case or a page of them) and records decisions:
one transaction, one access-log event, a new decision superseding the last, never an edit.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import record_event
from haven.cases.models import (
    Case,
    HouseholdMember,
    SafeguardingDecision,
    SafeguardingDue,
    SafeguardingKind,
    SafeguardingOutcome,
    Survivor,
)
from haven.cases.rules.safeguarding import (
    HouseholdMemberFacts,
    Kind,
    Prompt,
    SafeguardingFacts,
    next_change_on,
    prompts_for,
)

DECIDED = "case.safeguarding_decided"

# What the rules read of the survivor, for lists that fetch only some of a case's columns.
SURVIVOR_FIELDS = (
    "survivor__date_of_birth",
    "survivor__care_and_support_needs",
    "survivor__disability_needs",
    "survivor__eq_disability",
)

# Memoised on the case instance, so the banner and the card of one page share one query.
_DECISIONS_ATTR = "_safeguarding_decisions"


class DecisionChanged(Exception):
    """Someone else recorded a decision of this kind after this person opened the form."""

    def __init__(self, current: SafeguardingDecision | None) -> None:
        super().__init__("The safeguarding decision changed since the form was opened")
        self.current = current


def _survivor_of(case: Case) -> Survivor | None:
    try:
        return case.survivor
    except ObjectDoesNotExist:
        return None


def facts_for(case: Case, household: Iterable[HouseholdMember]) -> SafeguardingFacts:
    survivor = _survivor_of(case)
    members = tuple(
        HouseholdMemberFacts(
            marked_as_child=member.is_child,
            date_of_birth=member.date_of_birth,
            age_years=member.age_years,
        )
        for member in household
    )
    children_said = case.children_in_household == "yes"
    if survivor is None:
        return SafeguardingFacts(
            household=members, children_said=children_said, children_said_count=case.children_count
        )
    return SafeguardingFacts(
        children_said=children_said,
        children_said_count=case.children_count,
        survivor_date_of_birth=survivor.date_of_birth,
        care_and_support_needs=bool((survivor.care_and_support_needs or "").strip()),
        disability=bool((survivor.disability_needs or "").strip())
        or survivor.eq_disability == "yes",
        household=members,
    )


def decisions_of(case: Case) -> list[SafeguardingDecision]:
    """Every decision on the case, newest first (one query, remembered for the request)."""
    cached = getattr(case, _DECISIONS_ATTR, None)
    if cached is None:
        cached = list(
            SafeguardingDecision.objects.filter(case=case)
            .select_related("decided_by", "superseded_by")
            .order_by("-decided_at", "-id")
        )
        setattr(case, _DECISIONS_ATTR, cached)
    return cached


def current_decisions(case: Case) -> dict[str, SafeguardingDecision]:
    """The decision in force for each kind: the newest, which nothing supersedes."""
    current: dict[str, SafeguardingDecision] = {}
    for decision in decisions_of(case):
        current.setdefault(decision.kind, decision)
    return current


def household_of(case: Case) -> list[HouseholdMember]:
    # The record page prefetches the household; other pages fetch only what the rules read.
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("household_members")
    if prefetched is not None:
        return list(prefetched)
    return list(
        HouseholdMember.objects.filter(case=case).only(
            "case_id", "is_child", "date_of_birth", "age_years"
        )
    )


def prompts_for_case(case: Case, today: dt.date | None = None) -> list[Prompt]:
    """The safeguarding prompts the case shows now (two queries at most, none when the page
    already holds the household and the decisions)."""
    today = today or timezone.localdate()
    facts = facts_for(case, household_of(case))
    return prompts_for(facts, today, decided=set(current_decisions(case)))


def prompts_for_cases(
    cases: Sequence[Case], today: dt.date | None = None
) -> dict[int, list[Prompt]]:
    """The prompts of a page of cases (the triage queue) in two queries, however many rows.

    The cases must have been fetched with the survivor's date of birth, care and support
    needs and disability fields."""
    today = today or timezone.localdate()
    ids = [case.pk for case in cases]
    household: dict[int, list[HouseholdMember]] = defaultdict(list)
    for member in HouseholdMember.objects.filter(case_id__in=ids).only(
        "case_id", "is_child", "date_of_birth", "age_years"
    ):
        household[member.case_id].append(member)
    decided: dict[int, set[str]] = defaultdict(set)
    for case_id, kind in SafeguardingDecision.objects.filter(case_id__in=ids).values_list(
        "case_id", "kind"
    ):
        decided[case_id].add(kind)
    return {
        case.pk: prompts_for(facts_for(case, household[case.pk]), today, decided[case.pk])
        for case in cases
    }


# How long a worked-out SafeguardingDue row is trusted at most (see the model).
DUE_TRUSTED_FOR = dt.timedelta(days=7)


def refresh_due(cases: Sequence[Case], today: dt.date) -> None:
    """Work out again the work list's SafeguardingDue rows of these cases (fetched with
    SURVIVOR_FIELDS): which prompts wait, until when that answer holds. Three queries."""
    ids = [case.pk for case in cases]
    household: dict[int, list[HouseholdMember]] = defaultdict(list)
    for member in HouseholdMember.objects.filter(case_id__in=ids).only(
        "case_id", "is_child", "date_of_birth", "age_years"
    ):
        household[member.case_id].append(member)
    decided: dict[int, set[str]] = defaultdict(set)
    for case_id, kind in SafeguardingDecision.objects.filter(case_id__in=ids).values_list(
        "case_id", "kind"
    ):
        decided[case_id].add(kind)
    # Never trusted for more than a week: see SafeguardingDue.
    latest = today + DUE_TRUSTED_FOR
    rows = []
    for case in cases:
        facts = facts_for(case, household[case.pk])
        change = next_change_on(facts, today)
        rows.append(
            SafeguardingDue(
                case_id=case.pk,
                kinds=" ".join(p.kind.value for p in prompts_for(facts, today, decided[case.pk])),
                recheck_on=min(change, latest) if change else latest,
            )
        )
    SafeguardingDue.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["case"], update_fields=["kinds", "recheck_on"]
    )


def card_for(case: Case, user: User) -> dict[str, Any]:
    """The safeguarding card on the case record: each kind's decision in force (or the prompt
    waiting for one) and how many earlier decisions it replaced. Shares its queries with the
    prompt at the top of the page."""
    prompts = {prompt.kind.value: prompt for prompt in prompts_for_case(case)}
    current = current_decisions(case)
    earlier: dict[str, int] = defaultdict(int)
    for decision in decisions_of(case):
        if current.get(decision.kind) is not decision:
            earlier[decision.kind] += 1
    return {
        "kinds": [
            {
                "kind": kind.value,
                "label": SafeguardingKind(kind.value).label,
                "prompt": prompts.get(kind.value),
                "decision": current.get(kind.value),
                "earlier": earlier[kind.value],
            }
            for kind in Kind
        ],
    }


@dataclass(frozen=True)
class Decision:
    """What the person decided, as the form gives it."""

    kind: Kind
    outcome: str
    referred_on: dt.date | None = None
    referred_to: str = ""
    referral_reference: str = ""
    reason: str = ""

    def problems(self) -> list[str]:
        """What makes the decision incomplete (the form says the same, field by field)."""
        if self.outcome == SafeguardingOutcome.REFERRAL_MADE:
            missing = []
            if self.referred_on is None:
                missing.append("the date the referral was made")
            if not self.referred_to.strip():
                missing.append("who the referral was made to")
            return missing
        if self.outcome == SafeguardingOutcome.NOT_NEEDED:
            return [] if self.reason.strip() else ["why a referral is not needed"]
        return ["whether a referral was made"]


def record_decision(
    case: Case,
    decision: Decision,
    *,
    replaces: int | None,
    actor: User,
    request: HttpRequest | None = None,
) -> SafeguardingDecision:
    """Record a safeguarding decision. `replaces` is the decision in force when the person
    opened the form (None: there was none): if another has been recorded since, nothing is
    saved and DecisionChanged says what it is now, so nobody replaces a decision unseen."""
    problems = decision.problems()
    if problems:
        raise ValueError("A safeguarding decision needs " + " and ".join(problems))
    referral = decision.outcome == SafeguardingOutcome.REFERRAL_MADE
    with transaction.atomic():
        # Serialise decisions on this case: the check below and the insert see the same state.
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
        current = (
            SafeguardingDecision.objects.filter(
                case=case, kind=decision.kind, superseded_by__isnull=True
            )
            .select_related("decided_by")
            .first()
        )
        if (current.pk if current else None) != replaces:
            raise DecisionChanged(current)
        try:
            with transaction.atomic():
                saved = SafeguardingDecision.objects.create(
                    case=case,
                    kind=decision.kind,
                    outcome=decision.outcome,
                    referred_on=decision.referred_on if referral else None,
                    referred_to=decision.referred_to.strip() if referral else "",
                    referral_reference=decision.referral_reference.strip() if referral else "",
                    reason="" if referral else decision.reason.strip(),
                    decided_by=actor,
                    decided_at=timezone.now(),
                    supersedes=current,
                )
        except IntegrityError:
            # Another decision got in first (the database's own guard, should the lock above
            # not hold on some engine): the same answer as the check.
            raise DecisionChanged(current) from None
        record_event(
            DECIDED,
            actor=actor,
            request=request,
            target=case,
            detail={
                "kind": decision.kind.value,
                "outcome": decision.outcome,
                "decision": saved.pk,
                "supersedes": current.pk if current else None,
            },
        )
    if hasattr(case, _DECISIONS_ATTR):
        delattr(case, _DECISIONS_ATTR)
    return saved
