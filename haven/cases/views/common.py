"""What every case page shares: the one decorator that fetches the case in the person's scope
(else a 404, and the attempt logged), writes the one view event, and the page's tabs.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.accounts.policies import signed_in_user
from haven.cases import policies
from haven.cases.models import (
    Case,
    CaseStatus,
    Survivor,
)
from haven.cases.navigation import badges_for, tabs_for
from haven.cases.rules import triage as triage_rules
from haven.cases.services import access as access_services
from haven.cases.services import safeguarding as safeguarding_services
from haven.lib.working_days import ClockState, clock_state

PAGE_SIZE = 25


STATUTORY_AGE = 16


def survivor_of(case: Case) -> Survivor | None:
    try:
        return case.survivor
    except Survivor.DoesNotExist:
        return None


# Words first; the tone picks the colour shared by every app (templates/components/tags.html).
CLOCK_TAGS = {
    ClockState.DUE: ("Due", "info"),
    ClockState.DUE_TODAY: ("Due today", "due"),
    ClockState.OVERDUE: ("Overdue", "overdue"),
}


def clock_for(case: Case, now: dt.datetime | None = None) -> dict[str, str] | None:
    """The first-contact clock as a GOV.UK tag: words first, colour second."""
    if case.first_contact_at is not None or case.status == CaseStatus.CLOSED:
        return None
    state = clock_state(case.first_contact_due_at, now or timezone.now())
    text, tone = CLOCK_TAGS[state]
    return {"state": state, "text": text, "tone": tone}


def perpetrator_facts(perpetrators: Any) -> list[triage_rules.PerpetratorFacts]:
    return [
        triage_rules.PerpetratorFacts(
            relationship=p.relationship,
            housing=p.housing,
            has_key=p.has_key,
            court_orders=tuple(p.court_orders or ()),
        )
        for p in perpetrators
    ]


def recorded_children(members: Any) -> int:
    return sum(1 for member in members if member.is_child)


def case_facts(case: Case) -> dict[str, Any]:
    """Children and each perpetrator's status, in words, unknowns included (someone will ask).
    Reads the case's household members and perpetrators: prefetch them where it matters."""
    perpetrators = list(case.perpetrators.all())
    return {
        "children": triage_rules.children_phrase(
            case.children_in_household,
            case.children_count,
            recorded_children(case.household_members.all()),
        ),
        "perpetrators": [
            {
                "perpetrator": perpetrator,
                "summary": triage_rules.sentence(
                    triage_rules.perpetrator_phrases(facts, include_unknown=True)
                ),
                "lives_there": triage_rules.lives_there(facts.housing),
                "court_orders": triage_rules.court_orders_phrase(facts.court_orders),
            }
            for perpetrator, facts in zip(
                perpetrators, perpetrator_facts(perpetrators), strict=True
            )
        ],
    }


def due_rows(items: list[access_services.DueItem], now: dt.datetime) -> list[dict[str, Any]]:
    """What is due, each with its clock as a tag (words first) where a clock applies."""
    rows = []
    for item in items:
        clock = None
        if item.due:
            text, tone = CLOCK_TAGS[clock_state(item.when, now)]
            clock = {"text": text, "tone": tone}
        rows.append({"item": item, "clock": clock})
    return rows


def posted(request: HttpRequest) -> Any:
    """The submitted data for a POST (even an empty one, so it is checked), else None."""
    return request.POST if request.method == "POST" else None


def require_caseworker(request: HttpRequest) -> None:
    policies.require_caseworker(signed_in_user(request))


PLAN_RELATED = ["survivor__safe_contact_plan"]


def case_page(
    page: str | None,
    *,
    prefetch_related: Sequence[Any] = (),
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The one decorator of every view of a case.

    The view is called with the case instead of its reference: the case in the signed-in
    person's scope (roles with no case access get a 403 that names no case; a case out of
    scope is a 404 and the attempt is in the access log), and every GET of it writes one
    `case.viewed` event naming `page` (None: the view logs its own event, as a download does).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, reference: str, **kwargs: Any) -> HttpResponse:
            user = signed_in_user(request)
            case = policies.get_case_for(
                user,
                reference,
                request=request,
                select_related=PLAN_RELATED,
                prefetch_related=list(prefetch_related),
            )
            if request.method == "GET" and page is not None:
                access_services.record_case_view(case, actor=user, request=request, page=page)
            return view(request, case, **kwargs)

        return wrapped

    return decorator


def render_case(
    request: HttpRequest,
    template: str,
    case: Case,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """A case page: the case header, the safe-contact banner and the tabs, with the tab of this
    page (by its URL name) marked current."""
    user = signed_in_user(request)
    today = timezone.localdate()
    survivor = survivor_of(case)
    age = survivor.age_on(today) if survivor else None
    url_name = request.resolver_match.view_name if request.resolver_match else ""
    base = {
        "case": case,
        "plan": access_services.plan_for(case),
        "survivor": survivor,
        "survivor_age": age,
        "under_statutory_age": age is not None and age < STATUTORY_AGE,
        "case_tabs": tabs_for(case.reference, url_name, user),
        "case_badges": badges_for(case, user),
        "clock": clock_for(case),
        "may_restrict": policies.may_restrict(user, case),
        "is_coordinator": policies.is_coordinator(user),
        # Shown on every tab until a decision is recorded: a prompt seen only on one tab is
        # a prompt missed. Shares its queries with the record page's safeguarding card.
        "safeguarding_prompts": safeguarding_services.prompts_for_case(case, today),
    }
    base.update(context or {})
    return render(request, template, base, status=status)
