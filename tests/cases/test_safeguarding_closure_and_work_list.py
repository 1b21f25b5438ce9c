"""A missing safeguarding decision blocks closure (it cannot be handed over) and is on the
officer's work list until one is recorded; the list costs the same queries however many cases."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.cases.models import CaseStatus
from haven.cases.rules.safeguarding import Kind
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from haven.cases.services import safeguarding as safeguarding_services
from tests.support.factories import make_case
from tests.support.html import visible_text

pytestmark = pytest.mark.django_db

SECTION = "Safeguarding decisions to record"


@pytest.fixture(autouse=True)
def _frozen_clock():
    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        yield


def with_child(owner, coordinator, name="Rosa"):
    case = make_case(created_by=coordinator, owner=owner, given_name=name)
    record_services.add_household_member(case, {"name": "Mia", "age_years": 6}, actor=owner)
    return case


def decide(case, actor, kind=Kind.CHILDREN):
    return safeguarding_services.record_decision(
        case,
        safeguarding_services.Decision(kind=kind, outcome="not_needed", reason="Plan in place."),
        replaces=None,
        actor=actor,
    )


def close(case, actor):
    return lifecycle_services.close_case(
        case, reason="support_in_place", notes="", handed_over=True, actor=actor
    )


def test_closing_without_a_childrens_decision_is_refused_even_when_handed_over(alice, cora):
    case = with_child(alice, cora)
    with pytest.raises(lifecycle_services.ClosureRefused) as refused:
        close(case, alice)
    problems = " ".join(refused.value.problems.values())
    assert "record a children's safeguarding decision (1 child in the household)" in problems
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED


def test_once_decided_the_case_closes(alice, cora):
    case = with_child(alice, cora)
    decide(case, alice)
    close(case, alice)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_a_case_needing_no_decision_is_not_blocked(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    assert lifecycle_services.closure_blockers_found(case) == ([], [])


def test_the_close_page_says_what_to_finish(alice, cora, client_for):
    case = with_child(alice, cora)
    page = client_for(alice).get(reverse("cases:close", args=[case.reference]))
    text = html.unescape(visible_text(page.content.decode()))
    assert "record a children's safeguarding decision (1 child in the household)" in text


def home(client) -> str:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str) -> str:
    match = re.search(rf"<h2[^>]*>{SECTION}</h2>(.*?)</section>", page, re.S)
    assert match, "no safeguarding section on the work list"
    return match.group(1)


def test_the_officers_case_missing_a_decision_is_on_their_work_list_until_decided(
    alice, cora, client_for
):
    case = with_child(alice, cora)
    other = make_case(created_by=cora, owner=alice, given_name="Nochildren")
    client = client_for(alice)
    listed = section(home(client))
    assert case.reference in listed and other.reference not in listed
    assert "1 case you hold needs a safeguarding decision" in listed
    assert "Children&#39;s safeguarding decision needed" in listed
    decide(case, alice)
    assert SECTION not in home(client)


def test_another_officers_case_is_not_on_the_list(alice, bob, cora, client_for):
    theirs = with_child(bob, cora)
    assert SECTION not in home(client_for(alice))
    assert theirs.reference


def test_the_section_costs_the_same_queries_with_more_cases(alice, cora, client_for):
    client = client_for(alice)
    with_child(alice, cora, "First")
    home(client)  # the first request after sign-in also saves the session

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = home(client)
        assert SECTION in html
        return len(captured)

    few = count()
    for index in range(6):
        case = with_child(alice, cora, f"More{index}")
        if index % 2:
            decide(case, alice)
    # The cases that changed are worked out again once, in one batch (four queries more)...
    assert count() <= few + 4
    # ...and from then on the section costs what it did with one case.
    assert count() == few
    assert "4 cases you hold need a safeguarding decision" in section(home(client))


# --- The list is worked out from derived reminders: every change shows at once -----------------


def listed(client, case) -> bool:
    page = home(client)
    return SECTION in page and case.reference in section(page)


def test_a_child_added_to_a_case_already_on_no_list_appears_at_once(alice, cora, client_for):
    client = client_for(alice)
    case = make_case(created_by=cora, owner=alice, given_name="Nadia")
    assert not listed(client, case)

    record_services.add_household_member(case, {"name": "Leo", "age_years": 4}, actor=alice)

    assert listed(client, case)


def test_children_said_at_intake_put_the_case_on_the_list_at_once(alice, cora, client_for):
    client = client_for(alice)
    case = make_case(created_by=cora, owner=alice, given_name="Ines")
    assert not listed(client, case)

    record_services.update_record(
        case,
        {"children_in_household": "yes", "children_count": 2},
        expected_version=case.version,
        actor=alice,
        case=case,
        action="case.children_updated",
    )

    assert listed(client, case)


def test_care_and_support_needs_recorded_for_the_survivor_show_at_once(alice, cora, client_for):
    client = client_for(alice)
    case = make_case(created_by=cora, owner=alice, given_name="Maud")
    assert not listed(client, case)
    survivor = case.survivor

    record_services.update_record(
        survivor,
        {"care_and_support_needs": "Needs help with personal care after a stroke."},
        expected_version=survivor.version,
        actor=alice,
        case=case,
        action="case.needs_updated",
    )

    assert "Adult safeguarding decision needed" in section(home(client))


def test_a_decision_takes_the_case_off_the_list_at_once(alice, cora, client_for):
    client = client_for(alice)
    case = with_child(alice, cora, "Ruth")
    assert listed(client, case)

    decide(case, alice)

    assert not listed(client, case)


def test_the_day_the_only_child_turns_18_the_case_leaves_the_list(alice, cora, client_for):
    client = client_for(alice)
    case = make_case(created_by=cora, owner=alice, given_name="Ada")
    record_services.add_household_member(
        case, {"name": "Sam", "date_of_birth": dt.date(2008, 11, 27)}, actor=alice
    )
    assert listed(client, case)  # 25 November 2026: Sam is 17

    # Signed in afresh each day (a session lasts a working day at most).
    with time_machine.travel("2026-11-26 10:00 +00:00", tick=False):
        assert listed(client_for(alice), case)
    with time_machine.travel("2026-11-27 10:00 +00:00", tick=False):
        assert not listed(client_for(alice), case)
