"""Reading and searching cases: what the access log records of every look."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from haven.accounts.models import User
from haven.audit.services import link_records, record_event
from haven.cases import policies
from haven.cases.models import Case, CoordinatorReview, ReviewStatus
from haven.cases.models.contact import ContactRecord, ContactStatus, SafeContactPlan
from haven.cases.models.people import (
    dob_index,
    family_name_index,
    phone_index,
    postcode_index,
)
from haven.cases.rules.references import normalise_reference
from haven.lib.crypto import blind_index


def case_event(
    action: str, case: Case, *, actor: Any, request: HttpRequest | None, **extra: Any
) -> None:
    detail = {"case": case.reference, **extra.pop("detail", {})}
    record_event(
        action,
        actor=actor,
        request=request,
        object_type="cases.case",
        object_id=case.pk,
        detail=detail,
        **extra,
    )


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


# How many out-of-scope matches a search counts: enough to tell one curious look from a sweep,
# and a bound on the work, whatever the case load.
OUT_OF_SCOPE_COUNT_LIMIT = 200


def _matching(cases: QuerySet[Case], criteria: SearchCriteria) -> QuerySet[Case]:
    """`cases` narrowed to those matching every part of the search (blind indexes only)."""
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
    return cases


@dataclass(frozen=True)
class OutOfSight:
    """What a search matched that the person may not see: never shown to them, only logged."""

    count: int
    more: bool
    restricted_ids: list[int]


def out_of_sight_matches(criteria: SearchCriteria, *, actor: User) -> OutOfSight:
    """The matching cases outside `actor`'s scope, for the access log.

    Run for every search, the coordinator's too (for whom it finds nothing), as the same two
    bounded queries: whether anything out of sight matched must not change what the search
    does, or how long it takes. Restricted cases are the ones an insider goes looking for, so
    they are named (for their own access history); the rest are only counted.
    """
    hidden = _matching(Case.objects.all(), criteria).exclude(
        pk__in=policies.cases_visible_to(actor).values("pk")
    )
    counted = len(hidden.values_list("pk", flat=True)[: OUT_OF_SCOPE_COUNT_LIMIT + 1])
    restricted_ids = list(
        hidden.filter(restricted=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:OUT_OF_SCOPE_COUNT_LIMIT]
    )
    return OutOfSight(
        count=min(counted, OUT_OF_SCOPE_COUNT_LIMIT),
        more=counted > OUT_OF_SCOPE_COUNT_LIMIT,
        restricted_ids=restricted_ids,
    )


def search_cases(
    criteria: SearchCriteria, *, actor: User, request: HttpRequest | None = None
) -> list[Case]:
    """Exact-match search within the user's scope, through blind indexes. Always logged: which
    fields were used, which cases it returned, and how many matching cases the person may not
    see (restricted ones linked); never what was typed."""
    results = list(
        _matching(policies.cases_visible_to(actor), criteria)
        .select_related("survivor", "owner", "team")
        .only(*SEARCH_RESULT_FIELDS)
        .order_by("-received_at", "id")[:SEARCH_RESULT_LIMIT]
    )
    hidden = out_of_sight_matches(criteria, actor=actor)
    with transaction.atomic():
        event = record_event(
            "case.searched",
            actor=actor,
            request=request,
            object_type="cases.case",
            detail={
                "fields": criteria.used_fields(),
                "results": len(results),
                "cases": [case.pk for case in results],
                "out_of_scope": hidden.count,
                "out_of_scope_more": hidden.more,
                "restricted": bool(hidden.restricted_ids),
            },
        )
        # The same two statements for every search (link_records): nothing here depends on
        # whether there was anything out of sight.
        link_records(event, Case, "returned", [case.pk for case in results])
        link_records(event, Case, "matched_out_of_scope", hidden.restricted_ids)
    return results


def plan_for(case: Case) -> SafeContactPlan | None:
    """The case survivor's plan, from what the case already holds when it was fetched with
    select_related("survivor__safe_contact_plan") (no query), or from the database."""
    try:
        survivor = case.survivor
    except ObjectDoesNotExist:
        return None
    try:
        return survivor.safe_contact_plan
    except ObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class DueItem:
    """Something waiting on a case, for its overview: words, when, and the page to act on it."""

    what: str
    when: dt.datetime
    # The time it is due by (a clock applies), or None for something waiting since `when`.
    due: bool
    url_name: str


def due_on_case(case: Case, *, now: dt.datetime, limit: int = 5) -> list[DueItem]:
    """What is due on the case, soonest first: the first-contact clock, planned contacts and
    open coordinator reviews. Two queries whatever the case holds."""
    items: list[DueItem] = []
    if case.awaiting_first_contact:
        items.append(DueItem("First contact", case.first_contact_due_at, True, "cases:contact"))
    planned = (
        ContactRecord.objects.filter(case=case, status=ContactStatus.PLANNED)
        .only("id", "case_id", "channel", "direction", "when", "status")
        .order_by("when", "id")[:limit]
    )
    for contact in planned:
        items.append(
            DueItem(
                f"Planned contact: {contact.get_channel_display().lower()}",
                contact.when,
                True,
                "cases:contact",
            )
        )
    reviews = (
        CoordinatorReview.objects.filter(case=case, status=ReviewStatus.OPEN)
        .only("id", "case_id", "reason", "requested_at", "status")
        .order_by("requested_at", "id")[:limit]
    )
    for review in reviews:
        items.append(
            DueItem(
                f"Coordinator review: {review.get_reason_display().lower()}",
                review.requested_at,
                False,
                "cases:manage",
            )
        )
    return sorted(items, key=lambda item: (not item.due, item.when))
