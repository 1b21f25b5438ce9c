"""Issue 9's journey: a case officer asks for a lock change and the 24-hour clock shows; the
locks are changed 26 hours later, so the breach shows on the case and in the coordinator's
lock-change list. Then a member of the repairs staff checks the property before a visit and
sees what to do and whom to call, and nothing else. Every page checked with axe.

Haven's clock is set to Friday 4 December 2026, 10:00 in London and moved on 26 hours. All
people here are invented."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.models import AuthenticatorDevice, Role
from haven.support import services
from tests.support.factories import make_case
from tests.support.journey import Authenticator, Journey, sign_in
from tests.support.personas import PASSWORD, make_user

LONDON = zoneinfo.ZoneInfo("Europe/London")
FRIDAY_MORNING = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)


def person(email: str, name: str, role: str):
    user = make_user(email, name, role)
    return user, Authenticator(AuthenticatorDevice.objects.get(user=user).bin_key)


def second_journey(new_context) -> Journey:
    context = new_context(bypass_csp=True)  # only so that axe-core can be injected
    context.set_default_timeout(15_000)
    return Journey(context.new_page())


@pytest.mark.django_db(transaction=True)
def test_a_lock_change_done_after_26_hours_shows_as_a_breach(journey, new_context):
    with time_machine.travel(FRIDAY_MORNING, tick=True) as traveller:
        officer, officer_code = person(
            "lena.officer@example.org", "Lena Officer", Role.CASE_OFFICER
        )
        coordinator, coordinator_code = person(
            "cato.coordinator@example.org", "Cato Coordinator", Role.COORDINATOR
        )
        case = make_case(created_by=coordinator, owner=officer, given_name="Journey")
        page = sign_in(journey, officer.email, PASSWORD, officer_code)

        # --- Ask for the lock change: the clock starts ------------------------------------------
        journey.goto(f"/support/cases/{case.reference}/")
        page.get_by_role("link", name="Ask for a lock change or other security work").click()
        journey.check()
        page.get_by_label("Lock change").check()
        page.get_by_label("Works order reference (optional)").fill("WO-55120")
        page.get_by_role("group", name="Is the repair needed because of the abuse?").get_by_label(
            "Yes"
        ).check()
        page.get_by_role("button", name="Ask for the work").click()
        journey.check()
        expect(page.get_by_role("alert", name="Success")).to_contain_text(
            "It must be done by 5 December 2026, 10:00"
        )
        expect(page.get_by_role("table")).to_contain_text(re.compile(r"2[34] hours left"))

        # --- 26 hours later the locks are changed --------------------------------------------------
        traveller.shift(dt.timedelta(hours=26))
        # The session ended overnight (sessions last hours, not days): sign in again.
        sign_in(journey, officer.email, PASSWORD, officer_code)
        journey.goto(f"/support/cases/{case.reference}/")
        expect(page.get_by_role("table")).to_contain_text("Past the 24-hour clock")
        page.get_by_role("link", name=re.compile("Record it done")).click()
        journey.check()
        page.get_by_label("Not known").check()
        page.get_by_role("button", name="Record it done").click()
        journey.check()
        expect(page.get_by_role("alert", name="Success")).to_contain_text("after the clock ran out")
        expect(page.get_by_role("table")).to_contain_text("Past the 24-hour clock")

        # The breach is on the case record too.
        journey.goto(f"/cases/{case.reference}/")
        expect(page.get_by_text("Past the 24-hour clock")).to_be_visible()

        # --- The coordinator's view ---------------------------------------------------------------
        oversight = second_journey(new_context)
        coordinator_page = sign_in(oversight, coordinator.email, PASSWORD, coordinator_code)
        coordinator_page.get_by_role("navigation", name="Menu").get_by_role(
            "link", name="Lock changes"
        ).click()
        oversight.check()
        coordinator_page.get_by_role("link", name="Past the clock only").click()
        oversight.check()
        row = coordinator_page.get_by_role("row").filter(has_text=case.reference)
        expect(row).to_contain_text("Past the 24-hour clock")
        expect(row).to_contain_text("Lena Officer")
        oversight.assert_every_page_was_checked()


@pytest.mark.django_db(transaction=True)
def test_a_repairs_worker_checks_a_property_before_a_visit(journey):
    officer, _ = person("lena.officer@example.org", "Lena Officer", Role.CASE_OFFICER)
    repairs, repairs_code = person("ray.repairs@example.org", "Ray Repairs", Role.STAFF)
    case = make_case(created_by=officer, owner=officer, given_name="Journey")
    services.add_alert(
        case,
        reference="PR-20931",
        address="14 Rowan Way, Derby",
        postcode="DE23 6AB",
        kind="no_lone_visits",
        contact="Tenancy Services, 0345 000 0000",
        review_on=timezone.localdate() + dt.timedelta(days=90),
        actor=officer,
    )
    page = sign_in(journey, repairs.email, PASSWORD, repairs_code)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Property alerts").click()
    journey.check()
    page.get_by_role("button", name="Check the property").click()
    journey.check()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a property reference or a postcode"
    )
    page.get_by_label("Property reference or postcode").fill("de23 6ab")
    page.get_by_role("button", name="Check the property").click()
    journey.check()
    expect(page.get_by_role("main")).to_contain_text("No lone visits: visit in pairs")
    expect(page.get_by_role("main")).to_contain_text("Tenancy Services, 0345 000 0000")
    expect(page.get_by_role("main")).not_to_contain_text(case.reference)
    expect(page.get_by_role("main")).not_to_contain_text("Rowan Way")
