"""Issue 8's journey: an officer completes a DASH with 14 Yes answers; the case shows high risk
and a MARAC prompt; the officer refers, checks the prefilled referral form and downloads it as a
PDF; a MARAC action assigned to the officer shows as due, and then as done. Every page is
checked with axe-core. All people here are invented."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from haven.accounts.models import AuthenticatorDevice, Role
from haven.risk.models import FormGeneration
from tests.support.factories import make_case
from tests.support.journey import Authenticator, sign_in
from tests.support.personas import PASSWORD, make_user


@pytest.mark.django_db(transaction=True)
def test_high_risk_dash_to_marac_referral_form_and_action(journey, tmp_path):
    officer = make_user("nia.officer@example.org", "Nia Officer", Role.CASE_OFFICER)
    coordinator = make_user("cy.coordinator@example.org", "Cy Coordinator", Role.COORDINATOR)
    case = make_case(
        created_by=coordinator, owner=officer, given_name="Journey", family_name="Survivor"
    )
    page = sign_in(
        journey,
        officer.email,
        PASSWORD,
        Authenticator(AuthenticatorDevice.objects.get(user=officer).bin_key),
    )

    journey.goto(f"/risk/cases/{case.reference}/")
    page.get_by_role("button", name="Start a DASH risk assessment").click()
    journey.check()
    for number in range(1, 25):
        page.locator(f'input[name="q{number}"][value="{"yes" if number <= 14 else "no"}"]').check()
    page.get_by_role("button", name="Submit the assessment").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("score 14, high risk (dash)")

    journey.goto(f"/cases/{case.reference}/")
    expect(page.locator(".govuk-tag--pink").first).to_have_text("High risk (DASH)")
    expect(page.get_by_text("This case meets the criteria for a MARAC referral")).to_be_visible()

    page.get_by_role("link", name="Refer to the MARAC").click()
    journey.check()
    page.get_by_label("MARAC area").select_option("Derby")
    expect(page.get_by_label("Visible high risk (14 or more Yes answers)")).to_be_checked()
    page.get_by_role("group", name="Does the survivor know about the referral?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Did the survivor agree to the referral?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Record the referral").click()
    journey.check()
    expect(page.get_by_label("Survivor's name")).to_have_value("Journey Survivor")
    page.get_by_label("Who the survivor fears, and who is safe to talk to").fill(
        "Fears her ex-partner; her aunt is safe to talk to"
    )
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Make the PDF").click()
    saved = tmp_path / "referral.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert FormGeneration.objects.count() == 1
    if shutil.which("pdftotext"):
        text = subprocess.run(  # noqa: S603
            [shutil.which("pdftotext") or "pdftotext", str(saved), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "Journey Survivor" in text and "her aunt is safe" in text

    journey.goto(f"/risk/cases/{case.reference}/")
    page.get_by_role("link", name="Add a MARAC action").click()
    journey.check()
    page.get_by_label("What the MARAC asked us to do").fill("Fit a door viewer and a chain")
    due = timezone.localdate() + dt.timedelta(days=7)
    group = page.get_by_role("group", name="Due date")
    group.get_by_label("Day").fill(str(due.day))
    group.get_by_label("Month").fill(str(due.month))
    group.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add the action").click()
    journey.check()

    page.get_by_role("link", name="Risk and MARAC", exact=True).first.click()
    journey.check()
    expect(page.get_by_role("table").first).to_contain_text(f"Due {due:%-d %B %Y}")
    page.get_by_role("link", name=re.compile("Mark as done")).click()
    journey.check()
    page.get_by_label("What was done (the evidence the MARAC will ask for)").fill(
        "Viewer and chain fitted on Tuesday"
    )
    page.get_by_role("button", name="Mark as done").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("marked as done")
    expect(page.get_by_text("Viewer and chain fitted on Tuesday")).to_be_visible()
