"""A case's lifecycle: allocation, restriction, first contact, status, closing, reopening and
coordinator reviews (one open review per kind).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import record_event
from haven.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    ClosureReason,
    CoordinatorReview,
    Perpetrator,
    ReviewReason,
    ReviewStatus,
    Survivor,
    Urgency,
)
from haven.cases.rules import lifecycle
from haven.cases.services import chronology
from haven.lib.working_days import first_contact_due
from haven.platform.registries import closure_blockers


class ClosureRefused(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("The case cannot be closed yet")
        self.problems = problems


def due_for_first_contact(received_at: dt.datetime) -> dt.datetime:
    return first_contact_due(received_at, settings.HAVEN_FIRST_CONTACT_WORKING_DAYS)


def restrict_if_staff_involved(case: Case, *, actor: User, request: HttpRequest | None) -> None:
    """A survivor or perpetrator who works here: the case becomes restricted at once."""
    if case.restricted:
        return
    staff_involved = (
        Survivor.objects.filter(case=case, is_staff_member=True).exists()
        or Perpetrator.objects.filter(case=case, is_staff_member=True).exists()
    )
    if staff_involved:
        restrict_case(
            case,
            named_users=[u for u in (actor, case.owner) if u is not None],
            reason="A member of staff is involved.",
            actor=actor,
            request=request,
        )


def open_caseloads(officer_ids: list[int]) -> dict[int, int]:
    """How many open cases each officer holds, in one query whatever the number of officers."""
    counts = (
        Case.objects.filter(owner_id__in=officer_ids, status__in=ACTIVE_STATUSES)
        .values("owner_id")
        .annotate(open_cases=Count("id"))
        .order_by()
    )
    found = {row["owner_id"]: row["open_cases"] for row in counts}
    return {officer_id: found.get(officer_id, 0) for officer_id in officer_ids}


def allocate_case(
    case: Case,
    *,
    officer: User,
    actor: User,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Give the case an owner (the coordinator allocates; an officer may take a case).

    A case that already has an owner is reassigned, which needs a reason.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        previous_owner = case.owner
        if previous_owner is not None and previous_owner.pk == officer.pk:
            return case
        reassignment = previous_owner is not None
        if reassignment and not reason.strip():
            raise ValueError("Give a reason for the reassignment")
        case.owner = officer
        case.team = officer.team
        case.allocated_at = timezone.now()
        if case.status == CaseStatus.NEW:
            case.status = CaseStatus.IN_TRIAGE
        case.version += 1
        case._change_reason = reason or "Allocated"  # type: ignore[attr-defined]
        case.save()
        if case.restricted:
            case.restricted_to.add(officer)
        record_event(
            "case.reassigned" if reassignment else "case.allocated",
            actor=actor,
            request=request,
            target=case,
            reason=reason,
            detail={
                "to_user": officer.pk,
                "from_user": previous_owner.pk if previous_owner else None,
            },
        )
    return case


def restrict_case(
    case: Case,
    *,
    named_users: list[User],
    reason: str,
    actor: User,
    request: HttpRequest | None = None,
) -> Case:
    with transaction.atomic():
        case.restricted = True
        case.restriction_reason = reason
        case.version += 1
        case._change_reason = "Restricted"  # type: ignore[attr-defined]
        case.save(update_fields=["restricted", "restriction_reason", "version", "updated_at"])
        users = {u.pk: u for u in named_users}
        if case.owner is not None:
            users.setdefault(case.owner.pk, case.owner)
        case.restricted_to.set(users.values())
        record_event(
            "case.restricted",
            actor=actor,
            request=request,
            target=case,
            reason=reason,
            detail={"named_users": sorted(users)},
        )
    return case


def lift_restriction(
    case: Case, *, reason: str, actor: User, request: HttpRequest | None = None
) -> Case:
    with transaction.atomic():
        case.restricted = False
        case.version += 1
        case._change_reason = "Restriction lifted"  # type: ignore[attr-defined]
        case.save(update_fields=["restricted", "version", "updated_at"])
        case.restricted_to.clear()
        record_event(
            "case.restriction_lifted", actor=actor, request=request, target=case, reason=reason
        )
    return case


def _move(case: Case, target: str, *, reason: str) -> None:
    lifecycle.check_move(case.status, target)
    case.status = target
    case.version += 1
    case._change_reason = reason  # type: ignore[attr-defined]


def record_first_contact(
    case: Case, *, actor: User, contacted_at: dt.datetime, request: HttpRequest | None = None
) -> Case:
    """The first successful contact: the clock stops and the case is open.

    Called by the contact log when an outbound or inbound contact succeeds.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.first_contact_at is not None:
            return case
        case.first_contact_at = contacted_at
        if case.status != CaseStatus.OPEN and lifecycle.can_move(case.status, CaseStatus.OPEN):
            _move(case, CaseStatus.OPEN, reason="First contact made")
        else:
            case.version += 1
        case.save()
        record_event(
            "case.first_contact",
            actor=actor,
            request=request,
            target=case,
            detail={"on_time": contacted_at <= case.first_contact_due_at},
        )
    return case


def change_status(
    case: Case,
    target: str,
    *,
    actor: User,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Open, mark disengaged, or resume a case. Closing and reopening have their own services."""
    if target in (CaseStatus.CLOSED, CaseStatus.REOPENED):
        raise lifecycle.TransitionRefused("Use the closure or reopening steps for that.")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        previous = case.status
        _move(case, target, reason=reason or f"Marked {target}")
        case.save()
        record_event(
            "case.status_changed",
            actor=actor,
            request=request,
            target=case,
            reason=reason,
            detail={"from": previous, "to": target},
        )
        if target == CaseStatus.DISENGAGED:
            # Disengagement may mean risk has risen: it is reviewed, never quietly closed.
            request_coordinator_review(
                case,
                reason=reason or "The survivor has stopped engaging with us.",
                kind=ReviewReason.DISENGAGED,
                actor=actor,
                request=request,
            )
    return case


def closure_blockers_found(case: Case) -> tuple[list[str], list[str]]:
    """What every registered closure blocker finds still open: (may be handed over, must be
    finished). The case app's own blockers are registered like any other app's."""
    open_items: list[str] = []
    unfinished: list[str] = []
    for blocker in closure_blockers:
        found = list(blocker.open_items(case))
        (open_items if blocker.may_hand_over else unfinished).extend(found)
    return open_items, unfinished


def closure_check(case: Case, *, reason: str, notes: str, handed_over: bool) -> dict[str, str]:
    open_items, unfinished = closure_blockers_found(case)
    return lifecycle.closure_problems(
        lifecycle.ClosureCheck(
            reason=reason,
            notes=notes,
            handed_over=handed_over,
            coordinator_reviewed_no_contact=CoordinatorReview.objects.filter(
                case=case,
                status=ReviewStatus.DONE,
                reason__in=[ReviewReason.FAILED_CONTACT, ReviewReason.CLOSURE_NO_CONTACT],
            ).exists(),
            open_items=tuple(open_items),
            unfinished=tuple(unfinished),
        )
    )


def close_case(
    case: Case,
    *,
    reason: str,
    notes: str,
    handed_over: bool,
    actor: User,
    request: HttpRequest | None = None,
) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        lifecycle.check_move(case.status, CaseStatus.CLOSED)
        problems = closure_check(case, reason=reason, notes=notes, handed_over=handed_over)
        if problems:
            raise ClosureRefused(problems)
        _move(case, CaseStatus.CLOSED, reason=f"Closed: {ClosureReason(reason).label}")
        case.closure_reason = reason
        case.closure_notes = notes
        case.closed_at = timezone.now()
        case.save()
        record_event(
            "case.closed",
            actor=actor,
            request=request,
            target=case,
            detail={"reason": reason, "handed_over": handed_over},
        )
    return case


def reopen_case(
    case: Case,
    *,
    actor: User,
    occurred_on: dt.date,
    summary: str,
    reported_to_police: bool | None = None,
    crime_reference: str = "",
    immediate_danger: bool = False,
    request: HttpRequest | None = None,
) -> Case:
    """A closed case comes back with a new incident: first contact is due again."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _move(case, CaseStatus.REOPENED, reason="Reopened after a new incident")
        now = timezone.now()
        case.reopened_count += 1
        case.closed_at = None
        case.received_at = now
        case.first_contact_at = None
        case.first_contact_due_at = due_for_first_contact(now)
        if immediate_danger:
            case.immediate_danger = True
            case.urgency = Urgency.URGENT
        case.save()
        chronology.record_incident(
            case,
            actor=actor,
            occurred_on=occurred_on,
            summary=summary,
            reported_to_police=reported_to_police,
            crime_reference=crime_reference,
            request=request,
        )
        record_event(
            "case.reopened",
            actor=actor,
            request=request,
            target=case,
            detail={"times_reopened": case.reopened_count},
        )
    return case


def request_coordinator_review(
    case: Case,
    *,
    reason: str,
    actor: User | None,
    kind: str = ReviewReason.FAILED_CONTACT,
    request: HttpRequest | None = None,
) -> CoordinatorReview:
    """Ask the coordinator to look at a case: never an automatic closure.

    `reason` is the explanation the coordinator reads; `kind` what sort of review it is (by
    default, failed contact attempts past HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD). One open
    review per kind: asking again returns the open one.
    """
    with transaction.atomic():
        existing = CoordinatorReview.objects.filter(
            case=case, reason=kind, status=ReviewStatus.OPEN
        ).first()
        if existing is not None:
            return existing
        review = CoordinatorReview.objects.create(
            case=case, reason=kind, details=reason, requested_by=actor
        )
        record_event(
            "case.review_requested",
            actor=actor,
            request=request,
            target=case,
            detail={"kind": kind},
        )
    return review


def complete_coordinator_review(
    review: CoordinatorReview,
    *,
    outcome: str,
    actor: User,
    request: HttpRequest | None = None,
) -> CoordinatorReview:
    with transaction.atomic():
        review = CoordinatorReview.objects.select_for_update().get(pk=review.pk)
        if review.status == ReviewStatus.DONE:
            return review
        review.status = ReviewStatus.DONE
        review.outcome = outcome
        review.completed_by = actor
        review.completed_at = timezone.now()
        review.save()
        record_event(
            "case.review_completed",
            actor=actor,
            request=request,
            target=review.case,
            detail={"reason": review.reason},
        )
    return review
