"""Every change to a case happens here: one transaction, one access-log event, full history."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import record_event
from haven.audit.versioning import Saved, save_versioned
from haven.cases import policies
from haven.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseReferenceCounter,
    CaseStatus,
    Channel,
    ClosureReason,
    CoordinatorReview,
    HouseholdMember,
    Perpetrator,
    ReviewReason,
    ReviewStatus,
    Survivor,
    Urgency,
)
from haven.cases.models.people import (
    TenancyStatus,
    dob_index,
    family_name_index,
    full_name_index,
    phone_index,
    postcode_index,
)
from haven.cases.rules import lifecycle, matching
from haven.cases.rules.references import format_reference, normalise_reference
from haven.lib.crypto import blind_index
from haven.lib.working_days import first_contact_due
from haven.platform.registries import closure_blockers


class ClosureRefused(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("The case cannot be closed yet")
        self.problems = problems


# --- References -------------------------------------------------------------------------------


def issue_reference(year: int) -> str:
    """The next reference for `year`. Call inside the intake transaction.

    A single UPDATE ... SET last_number = last_number + 1 holds the row lock (PostgreSQL) or the
    database write lock (SQLite, IMMEDIATE transactions) until commit, so two intakes can never
    read the same number. The first case of a year creates the row; if two race to create it,
    the loser retries the UPDATE.
    """
    for _attempt in range(3):
        updated = CaseReferenceCounter.objects.filter(year=year).update(
            last_number=F("last_number") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    CaseReferenceCounter.objects.create(year=year, last_number=1)
            except IntegrityError:
                continue
        number = CaseReferenceCounter.objects.get(year=year).last_number
        return format_reference(settings.HAVEN_CASE_REFERENCE_PREFIX, year, number)
    raise RuntimeError("Could not issue a case reference")  # pragma: no cover


def reserve_references(year: int, count: int) -> list[str]:
    """A block of consecutive references in one step (bulk seeding)."""
    with transaction.atomic():
        counter, _ = CaseReferenceCounter.objects.select_for_update().get_or_create(year=year)
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    prefix = settings.HAVEN_CASE_REFERENCE_PREFIX
    return [format_reference(prefix, year, n) for n in range(first, first + count)]


def due_for_first_contact(received_at: dt.datetime) -> dt.datetime:
    return first_contact_due(received_at, settings.HAVEN_FIRST_CONTACT_WORKING_DAYS)


# --- Duplicate matching -----------------------------------------------------------------------


@dataclass(frozen=True)
class PossibleMatch:
    case: Case
    identifiers: list[str]

    @property
    def description(self) -> str:
        return matching.describe_match(self.identifiers)


def identity_indexes(
    *,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    phone: str = "",
    tenancy_reference: str = "",
) -> dict[str, str]:
    return {
        "name": full_name_index(given_name, family_name) if family_name else "",
        "date_of_birth": dob_index(date_of_birth),
        "phone": phone_index(phone),
        "tenancy_reference": blind_index(tenancy_reference, purpose="tenancy"),
    }


def find_possible_matches(
    indexes: dict[str, str], *, exclude: Case | None = None
) -> list[PossibleMatch]:
    """Open cases whose survivor is probably the person described (every case, unscoped).

    Callers decide what the user may be told: see `policies.may_see_case`.
    """
    conditions = Q()
    if indexes.get("name"):
        conditions |= Q(name_index=indexes["name"])
    if indexes.get("date_of_birth"):
        conditions |= Q(dob_index=indexes["date_of_birth"])
    if indexes.get("phone"):
        conditions |= Q(phone_index=indexes["phone"])
    if indexes.get("tenancy_reference"):
        conditions |= Q(case__tenancy_reference_index=indexes["tenancy_reference"])
    if not conditions:
        return []
    candidates = (
        Survivor.objects.filter(conditions, case__status__in=ACTIVE_STATUSES)
        .select_related("case", "case__owner", "case__team")
        .only(
            "name_index",
            "dob_index",
            "phone_index",
            "case__id",
            "case__reference",
            "case__status",
            "case__restricted",
            "case__owner",
            "case__team",
            "case__tenancy_reference_index",
            "case__received_at",
        )
        .order_by("-case__received_at")[:50]
    )
    matches = []
    for survivor in candidates:
        if exclude is not None and survivor.case_id == exclude.pk:
            continue
        existing = {
            "name": survivor.name_index,
            "date_of_birth": survivor.dob_index,
            "phone": survivor.phone_index,
            "tenancy_reference": survivor.case.tenancy_reference_index,
        }
        identifiers = matching.matching_identifiers(indexes, existing)
        if matching.match_score(identifiers) >= matching.POSSIBLE_MATCH_THRESHOLD:
            matches.append(PossibleMatch(case=survivor.case, identifiers=identifiers))
    return matches


# --- Intake -----------------------------------------------------------------------------------


@dataclass
class Disclosure:
    """What intake captures, whichever channel it came by."""

    channel: str
    received_at: dt.datetime
    given_name: str
    family_name: str = ""
    known_as: str = ""
    date_of_birth: dt.date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    tenancy_reference: str = ""
    tenancy_status: str = "unknown"
    immediate_danger: bool = False
    urgency: int = Urgency.STANDARD
    summary: str = ""
    referrer: str = ""
    abuse_forms: list[str] = field(default_factory=list)
    interpreter_needed: bool = False
    language: str = ""
    preferred_staff_gender: str = ""

    def indexes(self) -> dict[str, str]:
        return identity_indexes(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            phone=self.phone,
            tenancy_reference=self.tenancy_reference,
        )


def _create_case(disclosure: Disclosure, *, actor: User, team: Any) -> Case:
    received_at = disclosure.received_at
    case = Case(
        reference=issue_reference(timezone.localtime(received_at).year),
        status=CaseStatus.NEW,
        channel=disclosure.channel,
        received_at=received_at,
        first_contact_due_at=due_for_first_contact(received_at),
        immediate_danger=disclosure.immediate_danger,
        urgency=Urgency.URGENT if disclosure.immediate_danger else disclosure.urgency,
        summary=disclosure.summary,
        referrer=disclosure.referrer,
        abuse_forms=list(disclosure.abuse_forms),
        tenancy_reference=disclosure.tenancy_reference,
        joint_tenancy=disclosure.tenancy_status == TenancyStatus.JOINT_TENANT,
        team=team,
        created_by=actor,
    )
    case._change_reason = "Disclosure recorded"  # type: ignore[attr-defined]
    case.save()
    Survivor.objects.create(
        case=case,
        given_name=disclosure.given_name,
        family_name=disclosure.family_name,
        known_as=disclosure.known_as,
        date_of_birth=disclosure.date_of_birth,
        phone=disclosure.phone,
        email=disclosure.email,
        address=disclosure.address,
        postcode=disclosure.postcode,
        tenancy_status=disclosure.tenancy_status,
        interpreter_needed=disclosure.interpreter_needed,
        language=disclosure.language,
        preferred_staff_gender=disclosure.preferred_staff_gender,
    )
    return case


def record_disclosure(
    disclosure: Disclosure,
    *,
    actor: User,
    request: HttpRequest | None = None,
    confirmed_not_matches: list[Case] | None = None,
) -> Case:
    """A caseworker records a disclosure: a new case, waiting in triage.

    `confirmed_not_matches` are the possible matches the caseworker has said are someone else;
    any other match the caseworker could not see is flagged to the coordinator.
    """
    with transaction.atomic():
        # A case an officer records joins their team; the coordinator's and anyone else's wait
        # in the shared triage queue.
        team = (
            actor.team
            if actor.has_perm("cases.hold_cases") and not actor.has_perm("cases.view_all_cases")
            else None
        )
        case = _create_case(disclosure, actor=actor, team=team)
        matches = find_possible_matches(disclosure.indexes(), exclude=case)
        dismissed = {c.pk for c in confirmed_not_matches or []}
        unseen = [m for m in matches if m.case.pk not in dismissed]
        if unseen:
            _flag_possible_duplicate(case, unseen[0], actor=actor, request=request)
        record_event(
            "case.created",
            actor=actor,
            request=request,
            target=case,
            detail={
                "channel": case.channel,
                "immediate_danger": case.immediate_danger,
                "possible_matches": len(matches),
                "confirmed_different": len(dismissed),
            },
        )
    return case


def log_concern(disclosure: Disclosure, *, actor: User, request: HttpRequest | None = None) -> Case:
    """Any member of staff logs a concern. They see a confirmation only, never the case."""
    disclosure.channel = Channel.STAFF_CONCERN
    with transaction.atomic():
        case = _create_case(disclosure, actor=actor, team=None)
        matches = find_possible_matches(disclosure.indexes(), exclude=case)
        if matches:
            _flag_possible_duplicate(case, matches[0], actor=actor, request=request)
        record_event(
            "case.concern_logged",
            actor=actor,
            request=request,
            target=case,
            detail={"immediate_danger": case.immediate_danger, "possible_matches": len(matches)},
        )
    return case


def _flag_possible_duplicate(
    case: Case, match: PossibleMatch, *, actor: User, request: HttpRequest | None
) -> None:
    case.possible_duplicate_of = match.case
    case.save(update_fields=["possible_duplicate_of"])
    request_coordinator_review(
        case,
        reason=f"{match.description} as {match.case.reference}.",
        kind=ReviewReason.POSSIBLE_DUPLICATE,
        actor=actor,
        request=request,
    )


def add_disclosure_to_existing_case(
    case: Case,
    disclosure: Disclosure,
    *,
    actor: User,
    request: HttpRequest | None = None,
) -> Case:
    """The caseworker confirmed the disclosure is about someone with an open case: no duplicate.

    The disclosure goes onto that case's chronology as a new incident.
    """
    from haven.cases import contact_services

    with transaction.atomic():
        contact_services.record_incident(
            case,
            actor=actor,
            occurred_on=timezone.localtime(disclosure.received_at).date(),
            summary=disclosure.summary or "New disclosure linked at intake.",
            reported_to_police=disclosure.channel == Channel.POLICE,
            crime_reference="",
            request=request,
        )
        if disclosure.immediate_danger and not case.immediate_danger:
            case.immediate_danger = True
            case.urgency = Urgency.URGENT
            case.version += 1
            case._change_reason = "Linked disclosure: immediate danger"  # type: ignore[attr-defined]
            case.save()
        record_event(
            "case.disclosure_linked",
            actor=actor,
            request=request,
            target=case,
            detail={"channel": disclosure.channel},
        )
    return case


# --- Editing the record ---------------------------------------------------------------------


def update_record(
    instance: models.Model,
    changes: dict[str, Any],
    *,
    expected_version: int,
    actor: User,
    case: Case,
    action: str,
    request: HttpRequest | None = None,
) -> Saved:
    """Save this person's changes to a case record (the case, survivor, a household member, a
    perpetrator). Only the fields they changed are written; EditConflict (nothing saved) when
    someone else changed the same fields since `expected_version` was opened."""
    with transaction.atomic():
        saved = save_versioned(
            type(instance),
            instance.pk,
            fields=list(changes),
            submitted=changes,
            opened_version=expected_version,
            actor=actor,
        )
        record_event(
            action,
            actor=actor,
            request=request,
            target=case,
            detail={"record": type(instance)._meta.model_name, "fields": saved.changed},
        )
        _restrict_if_staff_involved(case, actor=actor, request=request)
    return saved


def add_household_member(
    case: Case, values: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> HouseholdMember:
    with transaction.atomic():
        member = HouseholdMember(case=case, **values)
        member._change_reason = "Added"  # type: ignore[attr-defined]
        member.save()
        record_event(
            "case.household_member_added",
            actor=actor,
            request=request,
            target=case,
            detail={"child": member.is_child},
        )
    return member


def add_perpetrator(
    case: Case, values: dict[str, Any], *, actor: User, request: HttpRequest | None = None
) -> Perpetrator:
    with transaction.atomic():
        perpetrator = Perpetrator(case=case, **values)
        perpetrator._change_reason = "Added"  # type: ignore[attr-defined]
        perpetrator.save()
        record_event(
            "case.perpetrator_added",
            actor=actor,
            request=request,
            target=case,
            detail={"staff_member": perpetrator.is_staff_member},
        )
        _restrict_if_staff_involved(case, actor=actor, request=request)
    return perpetrator


def _restrict_if_staff_involved(case: Case, *, actor: User, request: HttpRequest | None) -> None:
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


# --- Allocation and visibility ---------------------------------------------------------------


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


# --- Lifecycle ---------------------------------------------------------------------------------


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
    from haven.cases import contact_services

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
        contact_services.record_incident(
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


# --- Coordinator reviews -----------------------------------------------------------------------


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


# --- Reading and searching -----------------------------------------------------------------------


def record_case_view(case: Case, *, actor: User, request: HttpRequest, page: str) -> None:
    record_event("case.viewed", actor=actor, request=request, target=case, detail={"page": page})


@dataclass
class SearchCriteria:
    reference: str = ""
    name: str = ""
    date_of_birth: dt.date | None = None
    postcode: str = ""
    phone: str = ""

    def used_fields(self) -> list[str]:
        return [
            name
            for name in ("reference", "name", "date_of_birth", "postcode", "phone")
            if getattr(self, name)
        ]


SEARCH_RESULT_LIMIT = 50
# What a result row shows: nothing else is fetched (or decrypted).
SEARCH_RESULT_FIELDS = (
    "reference",
    "status",
    "received_at",
    "owner__full_name",
    "team__name",
    "survivor__given_name",
    "survivor__family_name",
    "survivor__known_as",
)


def search_cases(
    criteria: SearchCriteria, *, actor: User, request: HttpRequest | None = None
) -> list[Case]:
    """Exact-match search within the user's scope, through blind indexes. Always logged:
    which fields were used and how many results, never what was typed."""
    cases = policies.cases_visible_to(actor)
    if criteria.reference:
        cases = cases.filter(reference=normalise_reference(criteria.reference))
    if criteria.name:
        index = blind_index(criteria.name, purpose="name")
        surname = family_name_index(criteria.name)
        cases = cases.filter(Q(survivor__name_index=index) | Q(survivor__family_name_index=surname))
    if criteria.date_of_birth:
        cases = cases.filter(survivor__dob_index=dob_index(criteria.date_of_birth))
    if criteria.postcode:
        cases = cases.filter(survivor__postcode_index=postcode_index(criteria.postcode))
    if criteria.phone:
        cases = cases.filter(survivor__phone_index=phone_index(criteria.phone))
    results = list(
        cases.select_related("survivor", "owner", "team")
        .only(*SEARCH_RESULT_FIELDS)
        .order_by("-received_at", "id")[:SEARCH_RESULT_LIMIT]
    )
    record_event(
        "case.searched",
        actor=actor,
        request=request,
        object_type="cases.case",
        detail={"fields": criteria.used_fields(), "results": len(results)},
    )
    return results
