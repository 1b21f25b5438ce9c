"""Reading and searching cases: what the access log records of every look."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import link_records, record_event
from haven.cases import policies
from haven.cases.models import Case, CoordinatorReview, ReviewStatus
from haven.cases.models.contact import ContactRecord, ContactStatus, SafeContactPlan
from haven.cases.models.search import SearchTerm, hash_key
from haven.cases.rules.references import normalise_reference
from haven.cases.rules.search import (
    DATE_OF_BIRTH,
    NAME_WORD,
    PHONE,
    POSTCODE,
    SearchKey,
    most_selective_first,
    name_query_key,
    phone_digits,
)


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
    if case.owner_id == actor.pk and case.owner_opened_at is None:
        mark_opened_by_owner(case)


def mark_opened_by_owner(case: Case) -> None:
    """The owner has opened their newly allocated case: it is no longer "New" on their home page.

    An update, not save(): opening a case is not a change to it (no version, no history), and the
    filter keeps a reallocation that happened meanwhile from being marked seen.
    """
    now = timezone.now()
    Case.objects.filter(pk=case.pk, owner_id=case.owner_id, owner_opened_at__isnull=True).update(
        owner_opened_at=now
    )
    case.owner_opened_at = now


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


# A page of results, and how far a search counts its matches. Ten rows are enough to spot the
# person among namesakes, and a common name fills the page at any case load, so the page weighs
# the same with a thousand cases or a hundred thousand (each row is decrypted and rendered:
# rows, not queries, are what a page of results costs). Past the count limit the officer is
# asked to narrow the search rather than shown a number that took every match to work out.
SEARCH_PAGE_SIZE = 10
SEARCH_COUNT_LIMIT = 100


# What a result row shows: nothing else is fetched (or decrypted).
SEARCH_RESULT_FIELDS = (
    "reference",
    "status",
    "restricted",
    "received_at",
    "owner__full_name",
    "team__name",
    "survivor__given_name",
    "survivor__family_name",
    "survivor__known_as",
)


@dataclass
class SearchResults:
    cases: list[Case]
    page: int
    # How many cases match, up to SEARCH_COUNT_LIMIT; `more` when there are more than that.
    count: int
    more: bool

    @property
    def first(self) -> int:
        return (self.page - 1) * SEARCH_PAGE_SIZE + 1 if self.cases else 0

    @property
    def last(self) -> int:
        return (self.page - 1) * SEARCH_PAGE_SIZE + len(self.cases)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.last < self.count

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[Case]:
        return iter(self.cases)


def search_keys(criteria: SearchCriteria) -> list[SearchKey]:
    """The index keys a search looks up, rarest first (rules/search.py)."""
    keys: list[SearchKey] = []
    if criteria.name:
        # A name with no letters or digits in it looks for nothing, and so finds nothing.
        keys.append(name_query_key(criteria.name) or (NAME_WORD, ""))
    if criteria.date_of_birth:
        keys.append((DATE_OF_BIRTH, criteria.date_of_birth.isoformat()))
    if criteria.postcode:
        keys.append((POSTCODE, criteria.postcode))
    if criteria.phone:
        keys.append((PHONE, phone_digits(criteria.phone)))
    return most_selective_first(keys)


def matching_cases(criteria: SearchCriteria, *, actor: User) -> QuerySet[Case]:
    """The cases in `actor`'s scope that match every part of the search, newest recorded first."""
    return _matching(policies.cases_visible_to(actor), criteria)


def _matching(cases: QuerySet[Case], criteria: SearchCriteria) -> QuerySet[Case]:
    """`cases` narrowed to those matching every part of the search (blind indexes only).

    The rarest key drives the query through the (term, case) index, already in case order, so
    the database stops after one page; each other key is a lookup in the same index for the
    case in hand. Nothing sorts the matches. What a search reads grows only with how many
    matches fall outside the person's scope before a page (or the count limit) is filled: for
    an officer who sees a third of the cases, about three index entries per result."""
    if criteria.reference:
        cases = cases.filter(reference=normalise_reference(criteria.reference))
    terms = [hash_key(key) for key in search_keys(criteria)]
    if not all(terms):
        # Something was typed that normalises to nothing (a phone number with no digits, say):
        # it matches no one, rather than being dropped and widening the search.
        return cases.none()
    if not terms:
        return cases.order_by("-id")
    driver, *others = terms
    cases = cases.filter(search_terms__term=driver)
    for term in others:
        cases = cases.filter(Exists(SearchTerm.objects.filter(case=OuterRef("pk"), term=term)))
    # Ordered by the driving index row's own case id (the same number as the case's), so the
    # index gives the order and no sort of the matches is needed.
    return cases.order_by("-search_terms__case_id")


def search_cases(
    criteria: SearchCriteria,
    *,
    actor: User,
    request: HttpRequest | None = None,
    page: int = 1,
) -> SearchResults:
    """Search within the user's scope, through blind indexes, one page at a time. Always
    logged: which fields were used, which cases it returned, and how many matching cases the
    person may not see (restricted ones linked); never what was typed."""
    matches = matching_cases(criteria, actor=actor)
    count = matches.values("pk")[: SEARCH_COUNT_LIMIT + 1].count()
    shown = min(count, SEARCH_COUNT_LIMIT)
    # A page past the end (a hand-edited form, or fewer matches since) becomes the last page.
    page = min(max(page, 1), max(1, -(-shown // SEARCH_PAGE_SIZE)))
    start = (page - 1) * SEARCH_PAGE_SIZE
    results = list(
        matches.select_related("survivor", "owner", "team").only(*SEARCH_RESULT_FIELDS)[
            start : min(start + SEARCH_PAGE_SIZE, shown)
        ]
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
    return SearchResults(
        cases=results,
        page=page,
        count=min(count, SEARCH_COUNT_LIMIT),
        more=count > SEARCH_COUNT_LIMIT,
    )


# How many out-of-scope matches a search counts: enough to tell one curious look from a sweep,
# and a bound on the work, whatever the case load.
OUT_OF_SCOPE_COUNT_LIMIT = 200
# How many matching cases are looked at to find the out-of-scope ones.
MATCH_SCAN_LIMIT = 5000


@dataclass(frozen=True)
class OutOfSight:
    """What a search matched that the person may not see: never shown to them, only logged."""

    count: int
    more: bool
    restricted_ids: list[int]


def out_of_sight_matches(criteria: SearchCriteria, *, actor: User) -> OutOfSight:
    """The matching cases outside `actor`'s scope, for the access log.

    Run for every search of anyone with a scope, as the same two bounded queries: whether
    anything out of sight matched must not change what the search does, or how long it takes.
    (For someone who sees every case nothing can be out of sight, and nothing is run: that
    depends on who they are, never on what matched.) Restricted cases are the ones an insider
    goes looking for, so they are named (for their own access history); the rest are only
    counted.
    """
    scope = policies.scope_of(actor)
    if scope.sees_all:
        return OutOfSight(count=0, more=False, restricted_ids=[])
    # Bounded by the matches, never by the case load: the person's scope is tested only on the
    # cases that matched, as a condition on each (testing every case they may see made each
    # officer's search grow with the number of cases; testing membership of their scope as a
    # subquery doubled the time of a common name's search).
    matched = _matching(Case.objects.all(), criteria).order_by().values("pk")[:MATCH_SCAN_LIMIT]
    hidden = Case.objects.filter(pk__in=matched).exclude(scope.on()).order_by()
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
