"""In a browser, with axe-core on every page: an officer finds a MARAC action given to her on
her home page, sorts her cases by DASH level, opens the MARAC meeting that heard her case from
its Risk tab, marks the action in progress, and gives a new action to a colleague; the
coordinator opens the meeting from the MARAC overview. The sort also works without JavaScript.
All people here are invented."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.models import AuthenticatorDevice, Role, Team
from haven.risk import services
from haven.risk.models import MaracAction
from tests.risk.factories import complete_dash
from tests.support.factories import make_case
from tests.support.journey import Authenticator, sign_in
from tests.support.personas import PASSWORD, make_user, signed_in_client

HELD_ON = dt.date(2026, 11, 10)


def _world():
    team = Team.objects.get_or_create(name="East")[0]
    officer = make_user("nia.officer@example.org", "Nia Officer", Role.CASE_OFFICER, team)
    colleague = make_user("ann.colleague@example.org", "Ann Colleague", Role.CASE_OFFICER, team)
    coordinator = make_user("cy.coordinator@example.org", "Cy Coordinator", Role.COORDINATOR)
    now = timezone.now()
    standard = make_case(created_by=coordinator, owner=officer, given_name="Newer", received_at=now)
    high = make_case(
        created_by=coordinator,
        owner=officer,
        given_name="Older",
        received_at=now - dt.timedelta(days=3),
    )
    complete_dash(standard, officer, yes=3)
    complete_dash(high, officer, yes=16)
    meeting = services.record_meeting(
        area="Derby", held_on=HELD_ON, cases=[high], actor=coordinator
    )
    services.add_action(
        high,
        description="Flag the address for joint visits only",
        owner=officer,
        due_on=timezone.localdate() + dt.timedelta(days=2),
        meeting=meeting,
        actor=coordinator,
    )
    return officer, colleague, coordinator, standard, high, meeting


@pytest.mark.django_db(transaction=True)
def test_an_officers_marac_work_from_her_home_page_to_the_meeting(journey):
    officer, colleague, _coordinator, standard, high, meeting = _world()
    page = sign_in(
        journey,
        officer.email,
        PASSWORD,
        Authenticator(AuthenticatorDevice.objects.get(user=officer).bin_key),
    )
    expect(page.get_by_text("1 MARAC action is yours to finish.")).to_be_visible()
    expect(page.get_by_text("MARAC action to do")).to_be_visible()

    journey.goto("/cases/")
    page.get_by_label("Sort by").select_option("risk")
    page.get_by_role("button", name="Sort").click()
    journey.check()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text(high.reference)
    expect(rows.nth(1)).to_contain_text(standard.reference)
    expect(page.get_by_role("columnheader", name="DASH risk")).to_have_attribute(
        "aria-sort", "descending"
    )

    journey.goto(f"/risk/cases/{high.reference}/")
    page.get_by_role("link", name="Derby, 10 November 2026").first.click()
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Derby, 10 November 2026")
    expect(page.get_by_text("Flag the address for joint visits only")).to_be_visible()
    page.get_by_role("link", name=high.reference).first.click()
    journey.check()

    page.get_by_role("link", name=re.compile("Mark as in progress")).click()
    journey.check()
    page.get_by_role("button", name="Mark as in progress").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("in progress")
    expect(page.get_by_role("table", name="MARAC actions")).to_contain_text("In progress")

    page.get_by_role("link", name="Add a MARAC action").click()
    journey.check()
    page.get_by_label("What the MARAC asked us to do").fill("Check the rent account for arrears")
    page.get_by_label("Who owns the action").select_option(label="Ann Colleague (case officer)")
    due = timezone.localdate() + dt.timedelta(days=7)
    group = page.get_by_role("group", name="Due date")
    group.get_by_label("Day").fill(str(due.day))
    group.get_by_label("Month").fill(str(due.month))
    group.get_by_label("Year").fill(str(due.year))
    page.get_by_label("MARAC meeting (optional)").select_option(label="Derby, 10 November 2026")
    page.get_by_role("button", name="Add the action").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("for Ann Colleague")
    assert MaracAction.objects.get(owner=colleague).meeting == meeting


@pytest.mark.django_db(transaction=True)
def test_the_coordinator_opens_a_meeting_from_the_marac_overview(journey):
    _officer, _colleague, coordinator, _standard, high, _meeting = _world()
    page = sign_in(
        journey,
        coordinator.email,
        PASSWORD,
        Authenticator(AuthenticatorDevice.objects.get(user=coordinator).bin_key),
    )
    journey.goto("/risk/marac/")
    page.get_by_role("link", name=re.compile("10 November 2026")).click()
    journey.check()
    expect(page.get_by_role("table", name="Cases heard at this meeting")).to_contain_text(
        high.reference
    )


@pytest.mark.django_db(transaction=True)
def test_sorting_the_case_list_works_without_javascript(no_js_page, live_server):
    officer, _colleague, _coordinator, standard, high, _meeting = _world()
    cookie = signed_in_client(officer).cookies[settings.SESSION_COOKIE_NAME]
    no_js_page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    page = no_js_page
    page.goto(f"{live_server.url}/cases/?state=any")
    expect(page.locator("tbody tr").first).to_contain_text(standard.reference)
    page.get_by_label("Sort by").select_option("risk")
    page.get_by_role("button", name="Sort").click()
    expect(page.locator("tbody tr").first).to_contain_text(high.reference)
    assert "sort=risk" in page.url and "state=any" in page.url
