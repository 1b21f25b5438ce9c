"""Issue 7, the officer's day, in a browser with axe on every page: an officer records a
disclosure with what triage needs (children, the perpetrator's connection, home, key and court
orders); the triage row shows it; the coordinator allocates seeing each officer's open
caseload and what matches the survivor's requests in words; the case opens on its overview.
And the same intake without JavaScript, where the server refuses what a script would untick.
All people here are invented.
"""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from haven.accounts.models import Role
from haven.cases.models import Case
from tests.support.browser import _configure
from tests.support.factories import make_case
from tests.support.journey import Authenticator, Journey, sign_in, sign_in_on
from tests.support.personas import PASSWORD, make_user


def person(email, name, role, **extra):
    user = make_user(email, name, role)
    for field, value in extra.items():
        setattr(user, field, value)
    user.save()
    return user, Authenticator(TOTPDevice.objects.get(user=user).bin_key)


@pytest.fixture
def people(transactional_db):
    return {
        "officer": person(
            "ola.officer@example.org", "Ola Officer", Role.CASE_OFFICER, gender="Woman"
        ),
        "other": person(
            "ben.officer@example.org", "Ben Officer", Role.CASE_OFFICER, languages="Polish"
        ),
        "coordinator": person("cara.coordinator@example.org", "Cara Coordinator", Role.COORDINATOR),
    }


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def fill_intake(page: Page) -> None:
    today = timezone.localdate()
    choose(page, "How did the disclosure reach us?", "Phone")
    received = page.get_by_role("group", name="Date received")
    received.get_by_label("Day").fill(str(today.day))
    received.get_by_label("Month").fill(str(today.month))
    received.get_by_label("Year").fill(str(today.year))
    choose(page, "Is anyone in immediate danger?", "No")
    page.get_by_label("First name").fill("Marta")
    page.get_by_label("Last name").fill("Synthetic")
    page.get_by_label("What happened, in brief").fill(
        "Her ex-partner still has a key and lets himself in at night."
    )


def test_intake_to_triage_to_allocation_to_the_overview(journey, new_context, people):
    officer, officer_key = people["officer"]
    other, _ = people["other"]
    coordinator, coordinator_key = people["coordinator"]
    for _ in range(2):
        make_case(created_by=coordinator, owner=other)

    # --- Intake, with what triage needs ------------------------------------------------------
    page = sign_in(journey, officer.email, PASSWORD, officer_key)
    journey.goto("/cases/new/")
    fill_intake(page)
    choose(page, "Are there children in the household?", "Yes")
    page.get_by_label("How many children? (optional)").fill("2")
    page.get_by_label("The perpetrator's name (optional)").fill("Dariusz Synthetic")
    choose(
        page,
        "How is the perpetrator personally connected to the survivor?",
        "In, or have been in, an intimate personal relationship",
    )
    choose(page, "Does the perpetrator live at the survivor's home?", "No, they live elsewhere")
    choose(page, "Does the perpetrator have a key to the survivor's home?", "Yes")
    orders = page.get_by_role("group", name="Which court orders are in place?")
    orders.get_by_label("Non-molestation order").check()
    # "Not known" is exclusive: ticking it unticks the order, and the order unticks it again.
    orders.get_by_label("Not known").check()
    expect(orders.get_by_label("Non-molestation order")).not_to_be_checked()
    orders.get_by_label("Non-molestation order").check()
    expect(orders.get_by_label("Not known")).not_to_be_checked()
    page.get_by_role("button", name="Record the disclosure").click()
    page.wait_for_url("**/contact/plan/")
    journey.check()
    reference = Case.objects.order_by("-id").first().reference

    # --- The triage row says it, in a line ---------------------------------------------------
    journey.goto("/cases/triage/?show=all")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(
        "2 children · Perpetrator: partner or ex-partner, lives elsewhere, has a key, "
        "non-molestation order"
    )

    # --- The coordinator allocates, seeing caseloads and what matches ------------------------
    survivor = Case.objects.get(reference=reference).survivor
    survivor.preferred_staff_gender = "woman"
    survivor.interpreter_needed, survivor.language = True, "Polish"
    survivor.save()
    coordinators = Journey(_configure(new_context(bypass_csp=True)).new_page())
    second = sign_in(coordinators, coordinator.email, PASSWORD, coordinator_key)
    coordinators.goto(f"/cases/{reference}/allocate/")
    expect(second.get_by_role("heading", name="What triage needs to know")).to_be_visible()
    choice = second.get_by_role("group", name="Allocate to")
    expect(choice).to_contain_text(
        "No open cases. A woman: yes; speaks Polish: no; interpreter needed."
    )
    expect(choice).to_contain_text("2 open cases. A woman: not recorded; speaks Polish: yes.")
    choice.get_by_label("Ola Officer (Woman)").check()
    second.get_by_role("button", name="Allocate").click()
    second.wait_for_url(f"**/cases/{reference}/")
    coordinators.check()
    coordinators.assert_every_page_was_checked()

    # --- The case overview -------------------------------------------------------------------
    journey.goto(f"/cases/{reference}/")
    expect(page.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("region", name="Safe contact")).to_have_count(1)
    perpetrator = page.get_by_role("heading", name="Perpetrator: Dariusz Synthetic")
    expect(perpetrator).to_be_visible()
    overview = page.locator("main")
    expect(overview).to_contain_text("Has a key")
    expect(overview).to_contain_text("Non-molestation order")
    expect(overview).to_contain_text("2 children")
    expect(overview).to_contain_text("Ola Officer")
    expect(overview).to_contain_text("First contact")
    # Two columns side by side on a wide screen.
    page.set_viewport_size({"width": 1280, "height": 900})
    left, right = page.locator(".govuk-grid-column-one-half-from-desktop").all()
    assert left.bounding_box()["x"] < right.bounding_box()["x"]
    assert abs(left.bounding_box()["y"] - right.bounding_box()["y"]) < 5
    # The long record is a tab away.
    page.get_by_role("link", name="Case record").first.click()
    page.wait_for_url(f"**/cases/{reference}/record/")
    journey.check()
    expect(page.get_by_role("heading", name="Equality monitoring (optional)")).to_be_visible()


def test_the_triage_facts_can_be_recorded_without_javascript(no_js_page, people):
    officer, officer_key = people["officer"]
    page = no_js_page
    page.goto("/account/sign-in/")
    sign_in_on(page, officer.email, PASSWORD, officer_key)
    page.goto("/cases/new/")
    fill_intake(page)
    # Without JavaScript every question is on the page.
    expect(page.get_by_label("How many children? (optional)")).to_be_visible()
    choose(page, "Are there children in the household?", "Yes")
    page.get_by_label("How many children? (optional)").fill("3")
    orders = page.get_by_role("group", name="Which court orders are in place?")
    # Nothing unticks "No court orders" without JavaScript: the server says what is wrong.
    orders.get_by_label("Occupation order").check()
    orders.get_by_label("No court orders").check()
    page.get_by_role("button", name="Record the disclosure").click()
    page.wait_for_load_state("load")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the court orders in place, or 'No court orders'")
    expect(page.get_by_label("How many children? (optional)")).to_have_value("3")
    orders = page.get_by_role("group", name="Which court orders are in place?")
    orders.get_by_label("No court orders").uncheck()
    page.get_by_role("button", name="Record the disclosure").click()
    page.wait_for_url("**/contact/plan/")
    case = Case.objects.order_by("-id").first()
    assert case.children_count == 3
    assert case.perpetrators.get().court_orders == ["occupation"]
