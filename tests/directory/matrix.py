"""Permission-matrix rows for the directory (format in tests/support/matrix.py)."""

import datetime as dt

from haven.directory import services
from haven.directory.models import Service
from tests.support.directory import ensure_shipped_services
from tests.support.factories import make_case
from tests.support.matrix import Row, only

CASEWORK = ("case_officer", "coordinator")
READERS = (*CASEWORK, "administrator")


def world(personas):
    officer, coordinator = personas["case_officer"], personas["coordinator"]
    ensure_shipped_services()
    case = make_case(created_by=coordinator, owner=officer, given_name="Directory")
    service = Service.objects.get(key="galop")
    referral = services.make_referral(
        case,
        service,
        made_on=dt.date(2026, 11, 2),
        consent=True,
        no_consent_reason="",
        notes="",
        actor=officer,
    )
    return {"case": case, "service": service, "referral": referral}


def _case(world):
    return {"reference": world["case"].reference}


def _case_and_service(world):
    return {"reference": world["case"].reference, "key": world["service"].key}


ROWS = [
    Row("directory:list", expect=only(200, *READERS)),
    Row("directory:detail", kwargs=lambda w: {"key": w["service"].key}, expect=only(200, *READERS)),
    Row("directory:add", expect=only(200, "administrator")),
    Row(
        "directory:edit",
        kwargs=lambda w: {"key": w["service"].key},
        expect=only(200, "administrator"),
    ),
    Row("directory:export", expect=only(200, "administrator")),
    Row("directory:import", expect=only(200, "administrator")),
    Row("directory:follow-ups", expect=only(200, *CASEWORK)),
    Row("directory:case", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("directory:signpost", kwargs=_case_and_service, expect=only(200, *CASEWORK)),
    Row("directory:refer", kwargs=_case_and_service, expect=only(200, *CASEWORK)),
    Row(
        "directory:referral-outcome",
        kwargs=lambda w: {"reference": w["case"].reference, "pk": w["referral"].pk},
        expect=only(200, *CASEWORK),
    ),
]
