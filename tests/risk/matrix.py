"""Permission-matrix rows for risk work (format in tests/support/matrix.py)."""

import datetime as dt

from django.utils import timezone

from haven.risk import services
from tests.risk.factories import answers_with, complete_dash, refer
from tests.support.factories import make_case
from tests.support.matrix import Row, only

CASEWORK = ("case_officer", "coordinator")


def world(personas):
    officer, coordinator = personas["case_officer"], personas["coordinator"]
    case = make_case(created_by=coordinator, owner=officer, given_name="Risk")
    assessment = complete_dash(case, officer, yes=15)
    draft = services.save_dash_draft(
        case, None, answers=answers_with(3), judgement={}, actor=officer
    )
    referral = refer(case, officer)
    meeting = services.record_meeting(
        area="Derby", held_on=timezone.localdate(), cases=[case], actor=coordinator
    )
    action = services.add_action(
        case,
        description="Fit a door viewer",
        owner=officer,
        due_on=timezone.localdate() + dt.timedelta(days=7),
        meeting=meeting,
        actor=coordinator,
    )
    application = services.record_dvds_application(
        case, route="right_to_ask", applied_on=timezone.localdate(), notes="", actor=officer
    )
    safeguarding_referral = services.record_safeguarding_referral(
        case,
        kind="children",
        agency="Children's services",
        referred_on=timezone.localdate(),
        reason="Children in the household",
        reference="",
        actor=officer,
    )
    return {
        "case": case,
        "safeguarding_referral": safeguarding_referral,
        "assessment": assessment,
        "draft": draft,
        "referral": referral,
        "action": action,
        "meeting": meeting,
        "application": application,
    }


def _case(w):
    return {"reference": w["case"].reference}


def _with(name):
    return lambda w: {"reference": w["case"].reference, "pk": w[name].pk}


ROWS = [
    Row("risk:overview", expect=only(200, *CASEWORK)),
    Row("risk:high-risk", expect=only(200, *CASEWORK)),
    Row("risk:marac", expect=only(200, "coordinator")),
    Row("risk:meeting-add", expect=only(200, "coordinator")),
    # An officer sees a meeting that heard a case of theirs; to anyone else it is not there.
    Row(
        "risk:meeting",
        kwargs=lambda w: {"pk": w["meeting"].pk},
        expect=only(200, *CASEWORK),
        outsiders=404,
    ),
    Row("risk:case", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:dash-new", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:dash-other", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:dash-detail", kwargs=_with("assessment"), expect=only(200, *CASEWORK)),
    Row("risk:dash-edit", kwargs=_with("draft"), expect=only(200, *CASEWORK)),
    Row("risk:marac-refer", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:marac-form", kwargs=_with("referral"), expect=only(200, *CASEWORK)),
    Row("risk:action-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:action-start", kwargs=_with("action"), expect=only(200, *CASEWORK)),
    Row("risk:action-done", kwargs=_with("action"), expect=only(200, *CASEWORK)),
    Row("risk:mappa-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:dvds-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row("risk:dvds-decision", kwargs=_with("application"), expect=only(200, *CASEWORK)),
    Row("risk:safeguarding-add", kwargs=_case, expect=only(200, *CASEWORK)),
    Row(
        "risk:safeguarding-outcome",
        kwargs=_with("safeguarding_referral"),
        expect=only(200, *CASEWORK),
    ),
]
