"""An officer adds a child to the household, sees the children's safeguarding prompt on the case
and in triage, records that a referral was made (after correcting a missing answer), and the
prompt is gone. Every page checked with axe."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.models import AuthenticatorDevice, Role
from haven.cases.models import SafeguardingDecision
from tests.support.factories import make_case
from tests.support.journey import Authenticator, sign_in
from tests.support.personas import PASSWORD, make_user

PROMPT = "Children's safeguarding decision needed"


@pytest.mark.django_db(transaction=True)
def test_an_officer_records_a_childrens_safeguarding_referral_and_the_prompt_goes(journey):
    officer = make_user("sade.officer@example.org", "Sade Officer", Role.CASE_OFFICER)
    coordinator = make_user("cai.coordinator@example.org", "Cai Coordinator", Role.COORDINATOR)
    case = make_case(created_by=coordinator, owner=officer, given_name="Journey")
    page = sign_in(
        journey,
        officer.email,
        PASSWORD,
        Authenticator(AuthenticatorDevice.objects.get(user=officer).bin_key),
    )

    # --- A child joins the record: the prompt appears ------------------------------------------
    journey.goto(f"/cases/{case.reference}/")
    expect(page.get_by_text(PROMPT)).to_have_count(0)
    journey.goto(f"/cases/{case.reference}/record/")
    page.get_by_role("link", name="Add a household member or child").click()
    journey.check()
    page.get_by_label("Name").fill("Ola")
    page.get_by_label("This is a child (under 18)").check()
    page.get_by_role("button", name="Save").click()
    journey.check()
    prompt = page.locator(".haven-safeguarding-prompt")
    expect(prompt).to_contain_text(PROMPT)
    expect(prompt).to_contain_text("1 child in the household.")

    journey.goto("/cases/triage/?show=all")
    row = page.get_by_role("row").filter(has_text=case.reference)
    expect(row).to_contain_text(PROMPT)

    # --- Record the decision, correcting what was missed ---------------------------------------
    journey.goto(f"/cases/{case.reference}/contact/")
    page.get_by_role("link", name="Record the children's safeguarding decision").click()
    journey.check()
    page.get_by_label("Yes, a referral has been made").check()
    page.get_by_label("Who the referral was made to").fill("Northshire children's services")
    page.get_by_role("button", name="Save the decision").click()
    journey.check()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date the referral was made")
    expect(page.get_by_label("Who the referral was made to")).to_have_value(
        "Northshire children's services"
    )
    today = timezone.localdate()
    group = page.get_by_role("group", name="Date the referral was made")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_url(f"**/cases/{case.reference}/")
    journey.check()

    # --- The prompt has gone; the decision is on the record ------------------------------------
    expect(page.get_by_role("alert", name="Success")).to_contain_text(
        "Children's safeguarding decision recorded"
    )
    expect(page.locator(".haven-safeguarding-prompt")).to_have_count(0)
    card = page.locator(".govuk-summary-card").filter(has_text="Safeguarding")
    expect(card).to_contain_text(re.compile(r"Referral made on .* to Northshire children"))
    expect(card).to_contain_text("Decided by Sade Officer")
    journey.goto("/cases/triage/?show=all")
    expect(page.get_by_role("row").filter(has_text=case.reference)).not_to_contain_text(PROMPT)
    assert SafeguardingDecision.objects.get().referred_on == today
