"""A case officer tells a survivor about a service, refers her to another, and records the
answer; an administrator keeps the directory up to date. Every page checked with axe."""

import re

import pytest
from playwright.sync_api import expect

from haven.accounts.models import AuthenticatorDevice, Role
from haven.directory.models import Service
from tests.support.directory import ensure_shipped_services
from tests.support.factories import make_case
from tests.support.journey import Authenticator, sign_in
from tests.support.personas import PASSWORD, make_user


def signed_in(journey, email: str, name: str, role: str):
    ensure_shipped_services()
    user = make_user(email, name, role)
    sign_in(
        journey, email, PASSWORD, Authenticator(AuthenticatorDevice.objects.get(user=user).bin_key)
    )
    return user, journey.page


@pytest.mark.django_db(transaction=True)
def test_an_officer_refers_a_survivor_and_records_the_answer(journey):
    officer, page = signed_in(
        journey, "rhea.officer@example.org", "Rhea Officer", Role.CASE_OFFICER
    )
    coordinator = make_user("cal.coordinator@example.org", "Cal Coordinator", Role.COORDINATOR)
    case = make_case(created_by=coordinator, owner=officer, given_name="Journey")
    journey.goto(f"/directory/cases/{case.reference}/")
    page.get_by_label("Area").select_option("Derby")
    page.get_by_label("Housing and homelessness").check()
    page.get_by_role("button", name="Find services").click()
    journey.check()

    page.get_by_role("link", name=re.compile("Refer to Housing Options")).click()
    journey.check()
    page.get_by_role("group", name="Did the survivor agree to the referral?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Record the referral").click()
    journey.check()
    expect(page.get_by_role("alert", name="Success")).to_contain_text("Referral to Housing Options")
    expect(page.get_by_role("table")).to_contain_text("Waiting")

    page.get_by_role("link", name=re.compile("Record the answer")).click()
    journey.check()
    page.get_by_label("Accepted").check()
    page.get_by_role("button", name="Record the answer").click()
    journey.check()
    expect(page.get_by_role("table")).to_contain_text("Accepted")


@pytest.mark.django_db(transaction=True)
def test_an_administrator_changes_a_service(journey):
    _admin, page = signed_in(journey, "abe.admin@example.org", "Abe Admin", Role.ADMINISTRATOR)
    journey.goto("/directory/services/shelter/edit/")
    page.get_by_label("Opening hours").fill("Monday to Friday, 8am to 8pm")
    page.get_by_role("button", name="Save the service").click()
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Shelter")
    assert Service.objects.get(key="shelter").opening_hours == "Monday to Friday, 8am to 8pm"
