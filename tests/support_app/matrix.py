"""Permission-matrix rows for safety and housing support (format in tests/support/matrix.py)."""

import datetime as dt

from django.utils import timezone

from haven.support import services
from tests.support.factories import make_case
from tests.support.matrix import Row, everyone, only

CASEWORK = ("case_officer", "coordinator")


def world(personas):
    officer, coordinator = personas["case_officer"], personas["coordinator"]
    case = make_case(created_by=coordinator, owner=officer, given_name="Support")
    now = timezone.now()
    lock = services.request_security(
        case, kind="lock_change", requested_at=now - dt.timedelta(hours=2), actor=officer
    )
    plan = services.agree_plan(case, agreed_on=timezone.localdate(), actor=officer)
    action = services.add_action(
        plan,
        what="Apply for a non-molestation order with the survivor",
        owner_kind="officer",
        agency="",
        due_on=timezone.localdate(),
        actor=officer,
    )
    alert = services.add_alert(
        case,
        reference="PR-MATRIX-1",
        address="1 Matrix Row, Derby",
        postcode="DE1 1AA",
        kind="no_lone_visits",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actor=officer,
    )
    perpetrator_action = services.start_perpetrator_action(
        case,
        kind="warning",
        ground="",
        survivor_wishes="She wants a warning letter sent, nothing more yet.",
        wishes_recorded_on=timezone.localdate(),
        started_on=None,
        court_date=None,
        notes="",
        actor=officer,
    )
    return {
        "case": case,
        "lock": lock,
        "action": action,
        "alert": alert,
        "perpetrator_action": perpetrator_action,
    }


def _case(world):
    return {"reference": world["case"].reference}


def _with(key):
    return lambda world: {"reference": world["case"].reference, "pk": world[key].pk}


ROWS = [
    Row("support:work", expect=only(200, *CASEWORK)),
    Row("support:lock-changes", expect=only(200, "coordinator")),
    # Every member of staff may check a property before a visit.
    Row("support:property-lookup", expect=everyone(200)),
    Row("support:case", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:security-request", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:security-complete", kwargs=_with("lock"), expect=only(200, *CASEWORK)),
    # The world's case has a plan already: agreeing another is refused on POST, shown on GET.
    Row("support:plan-agree", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:action-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:action-update", kwargs=_with("action"), expect=only(200, *CASEWORK)),
    Row("support:plan-review", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:alert-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:alert-end", kwargs=_with("alert"), expect=only(200, *CASEWORK)),
    Row("support:rehousing", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("support:perpetrator-action-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row(
        "support:perpetrator-action-update",
        kwargs=_with("perpetrator_action"),
        expect=only(200, *CASEWORK),
    ),
    Row("support:breach-add", kwargs=_with("perpetrator_action"), expect=only(200, *CASEWORK)),
]
