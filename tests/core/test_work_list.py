"""The home page is a work list: what each person has to do, most pressing first, each item
linking to where the work is done, and costing the same queries with 5 cases as with 50."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from haven.cases.services import contact as contact_services
from haven.cases.services import lifecycle as lifecycle_services
from haven.core.worklist import work_list_for
from haven.platform.registries import WorkItem
from tests.support.contact import SAFE_NUMBER, make_plan, recent_weekday_at
from tests.support.factories import make_case
from tests.support.html import visible_text

NOW = "2026-11-25 10:00 +00:00"  # a Wednesday


@pytest.fixture(autouse=True)
def _frozen_clock():
    # A fixed weekday morning: first-contact clocks (working days) and "due today" hold still,
    # and the session's "last seen" is not re-saved between requests of a query count.
    with time_machine.travel(NOW, tick=False):
        yield


def home(client) -> str:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading: str) -> str:
    """The text of one section of the work list, from its heading to the next section."""
    match = re.search(
        rf"<section[^>]*>\s*<h2[^>]*>{re.escape(heading)}</h2>(.*?)</section>", html, re.S
    )
    assert match, f"no section {heading!r} on the page"
    return match.group(1)


def rows(html: str) -> list[str]:
    return [
        visible_text(row)
        for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", html, re.S)
    ][1:]


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


# --- The officer ------------------------------------------------------------------------------------


def test_an_officer_sees_their_cases_with_what_is_due_most_pressing_first(client_for, alice, cora):
    later = make_case(created_by=cora, owner=alice, given_name="Later")
    overdue = make_case(created_by=cora, owner=alice, given_name="Overdue", received_at=days_ago(8))
    danger = make_case(created_by=cora, owner=alice, given_name="Danger", immediate_danger=True)
    someone_elses = make_case(created_by=cora, given_name="Unallocated")

    page = section(home(client_for(alice)), "Your cases")
    text = visible_text(page)
    order = [r for r in rows(page)]
    # Danger first, then overdue, then the rest; each with words, not colour alone.
    assert danger.reference in order[0] and "Immediate danger" in order[0]
    assert overdue.reference in order[1] and "Overdue" in order[1]
    assert later.reference in order[2]
    assert someone_elses.reference not in text
    assert "You hold 3 open cases." in text
    assert "1 thing is overdue." in text
    # Each item links to the page where the work is done.
    assert reverse("cases:contact", kwargs={"reference": overdue.reference}) in page


def test_a_newly_allocated_case_is_new_until_the_officer_opens_it(client_for, alice, cora):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    row = next(r for r in rows(section(home(client), "Your cases")) if case.reference in r)
    assert "New" in row
    assert "1 case is newly allocated to you and not opened yet" in visible_text(home(client))

    client.get(reverse("cases:detail", kwargs={"reference": case.reference}))
    row = next(r for r in rows(section(home(client), "Your cases")) if case.reference in r)
    assert "New" not in row


def test_a_case_the_officer_took_themself_is_not_new(client_for, alice, cora):
    case = make_case(created_by=cora)
    lifecycle_services.allocate_case(case, officer=alice, actor=alice)
    row = next(
        r for r in rows(section(home(client_for(alice)), "Your cases")) if case.reference in r
    )
    assert "New" not in row


def test_opening_the_case_as_someone_else_leaves_it_new_for_the_officer(client_for, alice, cora):
    case = make_case(created_by=cora, owner=alice)
    client_for(cora).get(reverse("cases:detail", kwargs={"reference": case.reference}))
    row = next(
        r for r in rows(section(home(client_for(alice)), "Your cases")) if case.reference in r
    )
    assert "New" in row


def test_reallocating_a_case_makes_it_new_to_the_next_officer(client_for, alice, bob, cora):
    case = make_case(created_by=cora, owner=alice)
    client_for(alice).get(reverse("cases:detail", kwargs={"reference": case.reference}))
    lifecycle_services.allocate_case(case, officer=bob, actor=cora, reason="Alice on leave")
    row = next(r for r in rows(section(home(client_for(bob)), "Your cases")) if case.reference in r)
    assert "New" in row


def test_planned_contacts_and_open_reviews_are_on_the_officers_list(client_for, alice, cora):
    case = make_case(created_by=cora, owner=alice)
    make_plan(case, by=alice)
    contact_services.record_contact(
        case,
        actor=alice,
        direction="outbound",
        channel="phone",
        when=recent_weekday_at(11),
        outcome="spoke",
        destination=SAFE_NUMBER,
    )
    planned = contact_services.schedule_contact(
        case,
        actor=alice,
        channel="phone",
        when=timezone.now() + dt.timedelta(hours=3),
        destination=SAFE_NUMBER,
    )
    lifecycle_services.change_status(case, "disengaged", actor=alice, reason="No reply")

    page = section(home(client_for(alice)), "Your cases")
    text = visible_text(page)
    assert "Planned contact: phone call" in text
    assert "Due today" in text
    assert "Coordinator review open: the survivor has disengaged" in text
    assert "1 planned contact in the next 7 days" in text
    assert "1 coordinator review open" in text
    assert reverse("cases:manage", kwargs={"reference": case.reference}) in page
    assert planned.pk  # the planned contact exists: its row is the one shown


def test_the_officer_sees_the_restricted_tag_on_a_case_they_are_named_on(client_for, alice, cora):
    case = make_case(created_by=cora, owner=alice, restricted_to=[alice])
    row = next(
        r for r in rows(section(home(client_for(alice)), "Your cases")) if case.reference in r
    )
    assert "Restricted" in row


# --- The coordinator ---------------------------------------------------------------------------------


def test_the_coordinator_sees_triage_overdue_first_contacts_reviews_and_plan_breaches(
    client_for, alice, cora
):
    waiting = make_case(created_by=cora, given_name="Waiting", received_at=days_ago(8))
    restricted = make_case(created_by=cora, given_name="Hidden", restricted_to=[alice])
    late = make_case(created_by=cora, owner=alice, received_at=days_ago(8))
    reviewed = make_case(created_by=cora, owner=alice)
    lifecycle_services.change_status(reviewed, "disengaged", actor=alice, reason="No reply")
    breach_case = make_case(created_by=cora, owner=alice)
    make_plan(breach_case, by=alice)
    contact_services.record_contact(
        breach_case,
        actor=alice,
        direction="outbound",
        channel="text",
        when=recent_weekday_at(11),
        outcome="message_sent",
        destination=SAFE_NUMBER,
        notes="Sent a text by habit; she replied it was fine.",
        already_happened=True,
    )

    html = home(client_for(cora))
    triage = section(html, "Waiting for allocation")
    assert "2 cases are waiting in triage for an officer: 1 overdue for first contact." in (
        visible_text(triage)
    )
    assert rows(triage)[0].startswith("Allocate") and waiting.reference in rows(triage)[0]
    assert reverse("cases:allocate", kwargs={"reference": waiting.reference}) in triage
    hidden_row = next(r for r in rows(triage) if restricted.reference in r)
    assert "Restricted" in hidden_row

    overdue = section(html, "First contacts overdue")
    assert late.reference in overdue and "Held by Alice Officer" in visible_text(overdue)
    assert "Overdue" in visible_text(overdue)

    reviews = section(html, "Coordinator reviews")
    assert reviewed.reference in reviews
    assert "1 coordinator review is waiting for you." in visible_text(reviews)

    breaches = section(html, "Contacts against a safe-contact plan")
    assert breach_case.reference in breaches
    assert "1 contact against a safe-contact plan to follow up: 1 recorded after it happened." in (
        visible_text(breaches)
    )
    assert "Already happened" in visible_text(breaches)
    assert reverse("cases:contact-overrides") in breaches
    # Nothing of what was said reaches the home page.
    assert "by habit" not in html


def test_a_breach_followed_up_leaves_the_coordinators_list(client_for, alice, cora):
    case = make_case(created_by=cora, owner=alice)
    make_plan(case, by=alice)
    contact = contact_services.record_contact(
        case,
        actor=alice,
        direction="outbound",
        channel="text",
        when=recent_weekday_at(11),
        outcome="message_sent",
        destination=SAFE_NUMBER,
        override_reason="Police asked us to warn her today",
    )
    client = client_for(cora)
    assert case.reference in section(home(client), "Contacts against a safe-contact plan")
    client.post(reverse("cases:contact-override-follow-up", kwargs={"contact_id": contact.pk}))
    breaches = section(home(client), "Contacts against a safe-contact plan")
    assert case.reference not in breaches
    assert "0 contacts against a safe-contact plan to follow up." in visible_text(breaches)


# --- Other roles, and what the page must never do --------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "administrator", "staff"])
def test_roles_without_casework_see_where_they_can_go_and_no_case(role, personas, client_for, cora):
    case = make_case(created_by=cora)
    html = home(client_for(personas[role]))
    text = visible_text(html)
    assert "What you can do" in text
    assert "Log a concern" in text
    assert case.reference not in text
    assert "Your work list" not in text


def test_an_officer_sees_nothing_of_another_teams_case(client_for, alice, bob, cora):
    theirs = make_case(created_by=cora, owner=bob, received_at=days_ago(8))
    assert theirs.reference not in home(client_for(alice))


def test_the_navigation_stays_reachable_from_the_work_list(client_for, alice):
    text = visible_text(home(client_for(alice)))
    assert "Other places" in text
    for label in ("Triage", "Cases", "Search"):
        assert label in text


def test_work_items_sort_danger_then_by_how_late(db):
    now = timezone.now()
    items = [
        WorkItem("due later", "/", state="due", due_at=now + dt.timedelta(days=2)),
        WorkItem("new", "/", state="new"),
        WorkItem("overdue", "/", state="overdue", due_at=now - dt.timedelta(days=1)),
        WorkItem(
            "danger, due later", "/", state="due", due_at=now + dt.timedelta(days=1), priority=2
        ),
        WorkItem("due today", "/", state="due_today", due_at=now + dt.timedelta(hours=1)),
        WorkItem("very overdue", "/", state="overdue", due_at=now - dt.timedelta(days=5)),
    ]
    assert [item.title for item in sorted(items, key=WorkItem.sort_key)] == [
        "danger, due later",
        "very overdue",
        "overdue",
        "due today",
        "new",
        "due later",
    ]


@pytest.mark.parametrize("who", ["alice", "cora"])
def test_the_home_page_costs_the_same_with_5_cases_as_with_50(
    who, request, client_for, alice, cora, django_assert_max_num_queries
):
    user = request.getfixturevalue(who)

    def seed(count: int) -> None:
        for index in range(count):
            case = make_case(
                created_by=cora,
                owner=alice if index % 3 else None,
                received_at=days_ago(index % 9),
                restricted_to=[alice] if index % 7 == 0 else None,
            )
            if index % 3 == 1:
                lifecycle_services.change_status(case, "disengaged", actor=alice, reason="Quiet")

    seed(5)
    client = client_for(user)
    home(client)  # the first request after sign-in also saves the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        home(client)
    seed(45)
    # New cases' safeguarding reminders are worked out once, in one batch (four queries).
    with django_assert_max_num_queries(len(few) + 4):
        home(client)
    with django_assert_max_num_queries(len(few)):
        html = home(client)
    # Only the most pressing are listed: the rest are counted in words and a link away.
    assert re.search(r"The \d+ most pressing are shown\.", html)
    assert len(work_list_for(user, timezone.now())) >= 1
