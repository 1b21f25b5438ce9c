"""Intake and the case record: references, duplicate matching, recording a disclosure or a
concern, and editing the record (only what the person changed is written).
"""

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
from haven.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseReferenceCounter,
    CaseStatus,
    Channel,
    HouseholdMember,
    Perpetrator,
    ReviewReason,
    Survivor,
    Urgency,
)
from haven.cases.models.people import (
    TenancyStatus,
    dob_index,
    full_name_index,
    phone_index,
)
from haven.cases.rules import matching
from haven.cases.rules.references import format_reference
from haven.cases.services import chronology, lifecycle
from haven.lib.crypto import blind_index


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
    # What triage needs ("" is not known). Perpetrator facts become a perpetrator record.
    children_in_household: str = ""
    children_count: int | None = None
    perpetrator_name: str = ""
    perpetrator_relationship: str = ""
    perpetrator_housing: str = ""
    perpetrator_has_key: str = ""
    court_orders: list[str] = field(default_factory=list)

    @property
    def names_a_perpetrator(self) -> bool:
        """Anything said about the perpetrator: a name, or a fact triage needs, even unnamed."""
        return any(
            (
                self.perpetrator_name,
                self.perpetrator_relationship,
                self.perpetrator_housing,
                self.perpetrator_has_key,
                self.court_orders,
            )
        )

    def indexes(self) -> dict[str, str]:
        return identity_indexes(
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            phone=self.phone,
            tenancy_reference=self.tenancy_reference,
        )


def create_case(disclosure: Disclosure, *, actor: User | None, team: Any) -> Case:
    """The case and its survivor, waiting in triage (no event: each caller writes its own)."""
    received_at = disclosure.received_at
    case = Case(
        reference=issue_reference(timezone.localtime(received_at).year),
        status=CaseStatus.NEW,
        channel=disclosure.channel,
        received_at=received_at,
        first_contact_due_at=lifecycle.due_for_first_contact(received_at),
        immediate_danger=disclosure.immediate_danger,
        urgency=Urgency.URGENT if disclosure.immediate_danger else disclosure.urgency,
        summary=disclosure.summary,
        referrer=disclosure.referrer,
        abuse_forms=list(disclosure.abuse_forms),
        tenancy_reference=disclosure.tenancy_reference,
        joint_tenancy=disclosure.tenancy_status == TenancyStatus.JOINT_TENANT,
        children_in_household=disclosure.children_in_household,
        children_count=disclosure.children_count
        if disclosure.children_in_household == "yes"
        else None,
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
    if disclosure.names_a_perpetrator:
        # One fact, one place: what intake heard about the perpetrator is the start of his
        # record on the case, not a copy beside it.
        perpetrator = Perpetrator(
            case=case,
            name=disclosure.perpetrator_name,
            relationship=disclosure.perpetrator_relationship,
            housing=disclosure.perpetrator_housing,
            has_key=disclosure.perpetrator_has_key,
            court_orders=list(disclosure.court_orders),
        )
        perpetrator._change_reason = "Recorded at intake"  # type: ignore[attr-defined]
        perpetrator.save()
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
        case = create_case(disclosure, actor=actor, team=team)
        matches = find_possible_matches(disclosure.indexes(), exclude=case)
        dismissed = {c.pk for c in confirmed_not_matches or []}
        unseen = [m for m in matches if m.case.pk not in dismissed]
        if unseen:
            flag_possible_duplicate(case, unseen[0], actor=actor, request=request)
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
        case = create_case(disclosure, actor=actor, team=None)
        matches = find_possible_matches(disclosure.indexes(), exclude=case)
        if matches:
            flag_possible_duplicate(case, matches[0], actor=actor, request=request)
        record_event(
            "case.concern_logged",
            actor=actor,
            request=request,
            target=case,
            detail={"immediate_danger": case.immediate_danger, "possible_matches": len(matches)},
        )
    return case


def flag_possible_duplicate(
    case: Case, match: PossibleMatch, *, actor: User | None, request: HttpRequest | None
) -> None:
    """Ask the coordinator whether `case` is `match`'s person: only they may see both."""
    case.possible_duplicate_of = match.case
    case.save(update_fields=["possible_duplicate_of"])
    lifecycle.request_coordinator_review(
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
    with transaction.atomic():
        chronology.record_incident(
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
        lifecycle.restrict_if_staff_involved(case, actor=actor, request=request)
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
        lifecycle.restrict_if_staff_involved(case, actor=actor, request=request)
    return perpetrator
