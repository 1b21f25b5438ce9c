"""Reading and searching cases: what the access log records of every look."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from haven.accounts.models import User
from haven.audit.services import record_event
from haven.cases import policies
from haven.cases.models import Case
from haven.cases.models.contact import SafeContactPlan
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


SEARCH_RESULT_LIMIT = 50


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
