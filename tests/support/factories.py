"""Building synthetic cases for tests, through the same services the product uses."""

import datetime as dt
import itertools

from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import Case, Channel
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services

_counter = itertools.count(1)


def make_case(
    *,
    created_by: User,
    owner: User | None = None,
    given_name: str | None = None,
    family_name: str = "Testcase",
    date_of_birth: dt.date | None = None,
    phone: str = "",
    postcode: str = "",
    tenancy_reference: str = "",
    channel: str = Channel.PHONE,
    received_at: dt.datetime | None = None,
    immediate_danger: bool = False,
    urgency: int = 3,
    summary: str = "Synthetic disclosure for a test.",
    restricted_to: list[User] | None = None,
) -> Case:
    disclosure = record_services.Disclosure(
        channel=channel,
        received_at=received_at or timezone.now(),
        given_name=given_name or f"Person{next(_counter)}",
        family_name=family_name,
        date_of_birth=date_of_birth,
        phone=phone,
        postcode=postcode,
        tenancy_reference=tenancy_reference,
        immediate_danger=immediate_danger,
        urgency=urgency,
        summary=summary,
    )
    case = record_services.record_disclosure(disclosure, actor=created_by)
    if owner is not None:
        case = lifecycle_services.allocate_case(case, officer=owner, actor=created_by)
    if restricted_to is not None:
        case = lifecycle_services.restrict_case(
            case, named_users=restricted_to, reason="Test restriction", actor=created_by
        )
    case.refresh_from_db()
    return case
