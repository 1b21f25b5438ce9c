"""The coordinator's access-log journey in a real browser: reached from the navigation, filtered
with the keyboard, checked on demand, a wrong date corrected; axe-core checks every page."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.models import Role
from haven.audit.services import record_event
from tests.support.journey import Authenticator, sign_in
from tests.support.personas import PASSWORD, make_user

pytestmark = pytest.mark.e2e


@pytest.fixture
def coordinator_and_trail(transactional_db):
    coordinator = make_user("nell.coordinator@example.org", "Nell Coordinator", Role.COORDINATOR)
    officer = make_user("omar.officer@example.org", "Omar Officer", Role.CASE_OFFICER)
    record_event(
        "case.viewed",
        actor=officer,
        object_type="cases.case",
        object_id="7",
        reason="Preparing for the MARAC meeting",
    )
    record_event("case.searched", actor=officer, detail={"results": 2})
    return coordinator, Authenticator(coordinator.authenticatordevice_set.get().bin_key)


def test_the_coordinator_reviews_who_opened_a_case(journey, coordinator_and_trail):
    coordinator, authenticator = coordinator_and_trail
    page = sign_in(journey, coordinator.email, PASSWORD, authenticator)

    page.get_by_role("link", name="Access log").first.click()
    page.wait_for_url("**/audit/")
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Access log")
    expect(page.get_by_role("table")).to_contain_text("Preparing for the MARAC meeting")

    # Filter with the keyboard only: choose the officer and the action, then press Enter.
    page.get_by_label("Staff member").focus()
    page.get_by_label("Staff member").select_option(label="Omar Officer (omar.officer@example.org)")
    page.keyboard.press("Tab")
    page.get_by_label("What they did").select_option(label="Case viewed")
    page.get_by_label("Record").fill("7")
    page.get_by_label("Record").press("Enter")
    page.wait_for_url(re.compile(r".*/audit/\?.*action=case\.viewed.*"))
    journey.check()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Omar Officer")
    expect(rows.first).to_contain_text("Case 7")

    # An impossible date: a specific message, linked to the field, and what was typed is kept.
    page.locator("#id_date_from-day").fill("30")
    page.locator("#id_date_from-month").fill("2")
    page.locator("#id_date_from-year").fill("2026")
    page.get_by_role("button", name="Show entries").click()
    page.wait_for_load_state("load")
    journey.check()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Date from must be a real date")
    expect(page.locator("#id_date_from-day")).to_have_value("30")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_date_from-day")).to_be_focused()

    page.get_by_role("link", name="Clear filters").click()
    page.wait_for_url("**/audit/")
    journey.check()
    page.get_by_role("button", name="Check the log now").click()
    page.wait_for_url("**/audit/")
    journey.check()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The access log is complete")
    expect(page.get_by_text("Last checked")).to_contain_text("by Nell Coordinator")
