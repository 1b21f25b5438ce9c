"""An officer records a children's safeguarding referral on the Risk tab, finds the referral
waiting to hear, and records what came of it; every page checked with axe-core. All people here
are invented."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.models import AuthenticatorDevice, Role
from tests.support.factories import make_case
from tests.support.journey import Authenticator, sign_in
from tests.support.personas import PASSWORD, make_user


@pytest.mark.django_db(transaction=True)
def test_record_a_safeguarding_referral_and_its_outcome(journey):
    officer = make_user("sam.officer@example.org", "Sam Officer", Role.CASE_OFFICER)
    coordinator = make_user("cy.coordinator@example.org", "Cy Coordinator", Role.COORDINATOR)
    case = make_case(created_by=coordinator, owner=officer, given_name="Journey")
    page = sign_in(
        journey,
        officer.email,
        PASSWORD,
        Authenticator(AuthenticatorDevice.objects.get(user=officer).bin_key),
    )

    journey.goto(f"/risk/cases/{case.reference}/")
    page.get_by_role("link", name="Record a safeguarding referral").click()
    journey.check()
    page.get_by_role("button", name="Record the referral").click()
    journey.check()  # the errors, too, must be accessible
    expect(
        page.get_by_text("Enter the agency or team the referral was made to").first
    ).to_be_visible()
    page.get_by_label("Children's social care").check()
    page.get_by_label("Agency or local authority team").fill("Derby children's services")
    page.get_by_label("Why the referral was made").fill("Two children live at the address.")
    page.get_by_label("The agency's reference (optional)").fill("CS-77")
    page.get_by_role("button", name="Record the referral").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("referral recorded")
    expect(page.get_by_text("Derby children's services (reference CS-77)")).to_be_visible()

    page.get_by_role("link", name=re.compile("Record the outcome")).click()
    journey.check()
    page.get_by_label("Accepted: the agency is acting on it").check()
    page.get_by_role("button", name="Record the outcome").click()
    journey.check()
    expect(page.get_by_text(re.compile("Accepted: the agency is acting on it, "))).to_be_visible()
