"""Permission-matrix rows for the case-management URLs (format in tests/support/matrix.py)."""

from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from tests.support.factories import make_case
from tests.support.matrix import Row, everyone, only

CASEWORK = ("case_officer", "coordinator")


def world(personas):
    officer, coordinator = personas["case_officer"], personas["coordinator"]
    case = make_case(created_by=coordinator, owner=officer, given_name="Matrix")
    member = record_services.add_household_member(
        case, {"name": "Matrix Child", "is_child": True, "age_years": 7}, actor=officer
    )
    perpetrator = record_services.add_perpetrator(
        case, {"name": "Matrix Perpetrator"}, actor=officer
    )
    closed = make_case(created_by=coordinator, owner=officer, given_name="Closed")
    lifecycle_services.close_case(
        closed, reason="survivor_request", notes="", handed_over=False, actor=officer
    )
    # Nina is named on this restricted case, and on no other: it must open no other case to her.
    make_case(
        created_by=coordinator,
        given_name="Elsewhere",
        restricted_to=[personas["named_elsewhere"]],
    )
    review = lifecycle_services.request_coordinator_review(
        case, reason="Three calls unanswered.", actor=officer
    )
    return {
        "case": case,
        "closed": closed,
        "member": member,
        "perpetrator": perpetrator,
        "review": review,
    }


def _case(world):
    return {"reference": world["case"].reference}


CASE_PAGES = [
    "cases:detail",
    "cases:record",
    "cases:edit-summary",
    "cases:edit-survivor",
    "cases:edit-needs",
    "cases:edit-equality",
    "cases:edit-tenancy",
    "cases:edit-abuse",
    "cases:edit-children",
    "cases:household-add",
    "cases:perpetrator-add",
    "cases:manage",
    "cases:status",
    "cases:close",
    "cases:restrict",
]

ROWS = [
    Row("cases:log-concern", expect=everyone(200)),
    Row("cases:concern-logged", expect=everyone(200)),
    Row("cases:new", expect=only(200, *CASEWORK)),
    Row("cases:triage", expect=only(200, *CASEWORK)),
    Row("cases:list", expect=only(200, *CASEWORK)),
    Row("cases:search", expect=only(200, *CASEWORK)),
    Row("cases:reviews", expect=only(200, "coordinator")),
    Row(
        "cases:review",
        kwargs=lambda w: {"review_id": w["review"].pk},
        expect=only(200, "coordinator"),
    ),
    *[Row(name, kwargs=_case, expect=only(200, *CASEWORK)) for name in CASE_PAGES],
    Row(
        "cases:household-edit",
        kwargs=lambda w: {"reference": w["case"].reference, "member_id": w["member"].pk},
        expect=only(200, *CASEWORK),
    ),
    Row(
        "cases:perpetrator-edit",
        kwargs=lambda w: {"reference": w["case"].reference, "perpetrator_id": w["perpetrator"].pk},
        expect=only(200, *CASEWORK),
    ),
    *[
        Row(
            "cases:safeguarding-decision",
            kwargs=lambda w, kind=kind: {"reference": w["case"].reference, "kind": kind},
            expect=only(200, *CASEWORK),
        )
        for kind in ("children", "adult")
    ],
    # The case is alice's: only the coordinator may reassign it.
    Row("cases:allocate", kwargs=_case, expect=only(200, "coordinator")),
    Row(
        "cases:reopen",
        kwargs=lambda w: {"reference": w["closed"].reference},
        expect=only(200, *CASEWORK),
    ),
    # A search is a POST (terms never go in a URL); it is allowed exactly where the page is.
    Row(
        "cases:search",
        method="post",
        data={"reference": "DA-2026-99999"},
        expect=only(200, *CASEWORK, anonymous=302),
    ),
]
