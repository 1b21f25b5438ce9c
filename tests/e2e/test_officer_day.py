"""In a browser, checked with axe-core on every page: the officer's and the coordinator's home
page work lists, and a contact against the safe-contact plan recorded as already happened, then
followed up by the coordinator."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.models import Role, Team
from tests.support.contact import SAFE_NUMBER, make_plan, recent_weekday_at
from tests.support.factories import make_case
from tests.support.personas import make_user, signed_in_client

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(transactional_db):
    team = Team.objects.get_or_create(name="North")[0]
    return {
        "officer": make_user("olu@example.org", "Olu Officer", Role.CASE_OFFICER, team),
        "coordinator": make_user("cleo@example.org", "Cleo Coordinator", Role.COORDINATOR, team),
    }


def sign_in_as(page, user, live_server):
    page.context.clear_cookies()
    cookie = signed_in_client(user).cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def row(page, reference):
    return page.get_by_role("row").filter(has_text=reference)


def test_the_officers_work_list(journey, people, live_server):
    officer, coordinator = people["officer"], people["coordinator"]
    late = make_case(
        created_by=coordinator,
        owner=officer,
        received_at=timezone.now() - dt.timedelta(days=8),
    )
    fresh = make_case(created_by=coordinator, owner=officer, restricted_to=[officer])
    sign_in_as(journey.page, officer, live_server)

    page = journey.goto("/")
    work = page.get_by_role("region", name="Your cases")
    expect(work).to_contain_text("You hold 2 open cases. 1 thing is overdue.")
    expect(row(work, late.reference)).to_contain_text("Overdue")
    expect(row(work, fresh.reference)).to_contain_text("New")
    expect(row(work, fresh.reference)).to_contain_text("Restricted")
    # The most pressing first.
    expect(work.get_by_role("row").nth(1)).to_contain_text(late.reference)

    row(work, fresh.reference).get_by_role("link", name="Make first contact").click()
    page.wait_for_url(f"**/cases/{fresh.reference}/contact/")
    journey.check()

    page = journey.goto("/")
    expect(row(page.get_by_role("region", name="Your cases"), fresh.reference)).not_to_contain_text(
        "New"
    )


def test_the_coordinators_work_list(journey, people, live_server):
    officer, coordinator = people["officer"], people["coordinator"]
    waiting = make_case(created_by=coordinator, immediate_danger=True, restricted_to=[officer])
    late = make_case(
        created_by=coordinator,
        owner=officer,
        received_at=timezone.now() - dt.timedelta(days=8),
    )
    sign_in_as(journey.page, coordinator, live_server)

    page = journey.goto("/")
    triage = page.get_by_role("region", name="Waiting for allocation")
    expect(triage).to_contain_text("1 case is waiting in triage for an officer")
    expect(row(triage, waiting.reference)).to_contain_text("Immediate danger")
    expect(row(triage, waiting.reference)).to_contain_text("Restricted")
    expect(
        row(page.get_by_role("region", name="First contacts overdue"), late.reference)
    ).to_contain_text("Held by Olu Officer")
    expect(page.get_by_role("region", name="Coordinator reviews")).to_contain_text(
        "0 coordinator reviews are waiting for you."
    )
    # The places in the navigation are still a link away.
    expect(page.get_by_role("main").get_by_role("link", name="Access log")).to_be_visible()

    row(triage, waiting.reference).get_by_role("link", name="Allocate").click()
    page.wait_for_url(f"**/cases/{waiting.reference}/allocate/")
    journey.check()


def fill_when(page, moment):
    local = timezone.localtime(moment)
    page.get_by_label("Day").fill(str(local.day))
    page.get_by_label("Month").fill(str(local.month))
    page.get_by_label("Year").fill(str(local.year))
    page.get_by_label("Time of the contact").fill(f"{local.hour}:{local.minute:02d}")


def record_a_text_against_the_plan(journey, reference):
    page = journey.goto(f"/cases/{reference}/contact/record/")
    page.get_by_label("Text message").check()
    fill_when(page, recent_weekday_at(11))
    page.get_by_label("Number, e-mail address, address or person used").fill(SAFE_NUMBER)
    page.get_by_label("Message, e-mail or letter sent").check()
    page.get_by_label("Notes (optional)").fill(
        "Sent a text from habit. She replied that it was fine and asked us to call next time."
    )
    page.get_by_role("button", name="Record the contact").click()
    journey.check()
    return page


def test_a_contact_that_already_happened_is_recorded_and_followed_up(journey, people, live_server):
    officer, coordinator = people["officer"], people["coordinator"]
    case = make_case(created_by=coordinator, owner=officer)
    make_plan(case, by=officer)
    sign_in_as(journey.page, officer, live_server)

    page = record_a_text_against_the_plan(journey, case.reference)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Text messages are not a safe way to contact this survivor"
    )
    expect(page.get_by_text("Nobody is blamed")).to_be_visible()
    page.get_by_label("This has already happened").check()
    page.get_by_role("button", name="Record the contact").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        "the coordinator has been told"
    )
    expect(page.get_by_text("Against the plan").first).to_be_visible()

    sign_in_as(page, coordinator, live_server)
    page = journey.goto("/")
    breaches = page.get_by_role("region", name="Contacts against a safe-contact plan")
    expect(breaches).to_contain_text("1 recorded after it happened")
    expect(row(breaches, case.reference)).to_contain_text("Already happened")
    row(breaches, case.reference).get_by_role("link").first.click()
    page.wait_for_url("**/cases/oversight/contact-overrides/")
    journey.check()
    listed = row(page, case.reference)
    expect(listed).to_contain_text("Recorded after it happened")
    listed.get_by_role("button", name="Mark as followed up").click()
    journey.check()
    expect(page.get_by_text("Nothing is waiting to be followed up")).to_be_visible()


def test_already_happened_works_without_javascript(no_js_page, people, live_server):
    officer = people["officer"]
    case = make_case(created_by=people["coordinator"], owner=officer)
    make_plan(case, by=officer)
    page = no_js_page
    sign_in_as(page, officer, live_server)
    page.goto(f"/cases/{case.reference}/contact/record/")
    page.get_by_label("Text message").check()
    fill_when(page, recent_weekday_at(11))
    page.get_by_label("Number, e-mail address, address or person used").fill(SAFE_NUMBER)
    page.get_by_label("Message, e-mail or letter sent").check()
    page.get_by_label("Notes (optional)").fill("Sent a text by mistake; she was fine.")
    page.get_by_role("button", name="Record the contact").click()
    page.get_by_label("This has already happened").check()
    page.get_by_role("button", name="Record the contact").click()
    expect(page.get_by_text("the coordinator has been told")).to_be_visible()
