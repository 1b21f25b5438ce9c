"""Issue 3's journey: a phone disclosure is recorded, waits in triage due the next working day,
is allocated, first contact is made on the survivor's safe channel, a contact the plan forbids
is refused with the rule named, and the case is closed with a reason and reopened.

Haven's clock is set to Friday 4 December 2026, 10:00 in London, so "the next working day" is
a known date across a weekend: Monday 7 December 2026. All people here are invented.
"""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from haven.accounts.models import AuthenticatorDevice, Role
from tests.support.journey import Authenticator, sign_in, sign_in_on
from tests.support.personas import PASSWORD, make_user

LONDON = zoneinfo.ZoneInfo("Europe/London")
FRIDAY_MORNING = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)
SAFE_NUMBER = "07700 900123"  # Ofcom's range for drama: never a real number


@pytest.fixture
def officer(transactional_db):
    user = make_user("olu.officer@example.org", "Olu Officer", Role.CASE_OFFICER)
    return user, Authenticator(AuthenticatorDevice.objects.get(user=user).bin_key)


@pytest.fixture
def friday_morning():
    with time_machine.travel(FRIDAY_MORNING, tick=True):
        yield


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def fill_date(page: Page, question: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=question)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def submit(journey, button: str, *, expect_url: str | None = None) -> Page:
    page = journey.page
    page.get_by_role("button", name=button).click()
    if expect_url:
        page.wait_for_url(expect_url)
    else:
        page.wait_for_load_state("load")
    return journey.check()


def success(page: Page):
    return page.get_by_role("alert", name="Success")


def error_summary(page: Page):
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    return summary


def test_a_phone_disclosure_from_intake_to_closure_and_reopening(journey, officer, friday_morning):
    user, authenticator = officer
    page = sign_in(journey, user.email, PASSWORD, authenticator)

    # --- Record a phone disclosure -------------------------------------------------------------
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    page.wait_for_url("**/cases/")
    journey.check()
    journey.goto("/cases/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a disclosure")
    choose(page, "How did the disclosure reach us?", "Phone")
    fill_date(page, "Date received", FRIDAY_MORNING.date())
    choose(page, "Is anyone in immediate danger?", "No")
    page.get_by_label("First name").fill("Rosa")
    page.get_by_label("Last name").fill("Lindqvist")
    page.get_by_label("Phone number (optional)").fill(SAFE_NUMBER)
    page.get_by_label("What happened, in brief").fill(
        "Rang the repairs line; said her partner checks her phone and she is frightened."
    )
    page.get_by_role("button", name="Record the disclosure").click()
    # Next: the safe-contact plan, agreed with the survivor on the call.
    page.wait_for_url("**/contact/plan/")
    journey.check()
    caption = re.search(r"Case (\S+)", page.locator(".govuk-caption-l").inner_text())
    assert caption, "The case pages show the case reference in their caption"
    reference = caption.group(1)

    choose(page, "How may we contact the survivor safely?", "Phone call")
    page.get_by_label("Numbers we may call or text").fill(SAFE_NUMBER)
    choose(page, "May we leave a voicemail?", "No")
    submit(journey, "Save the plan")

    # --- Triage: due the next working day, across the weekend -----------------------------------
    journey.goto("/cases/triage/?show=all")
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Rosa Lindqvist")
    expect(row).to_contain_text("Phone")
    # "Due" (not "due today" or "overdue"), by the end of Monday.
    expect(row.get_by_role("cell", name=re.compile(r"^Due 7 December 2026"))).to_be_visible()

    # --- Allocate (an officer takes the case) ---------------------------------------------------
    row.get_by_role("link", name=re.compile("Allocate")).click()
    page.wait_for_url(f"**/cases/{reference}/allocate/")
    journey.check()
    submit(journey, "Allocate", expect_url=f"**/cases/{reference}/")
    expect(success(page)).to_contain_text("allocated to you")
    expect(page.get_by_text(f"Officer: {user.full_name}")).to_be_visible()
    # The safe-contact plan stands at the top of every page of the case.
    expect(page.get_by_role("region", name="Safe contact")).to_contain_text("Phone")

    # --- First contact, on the safe channel ------------------------------------------------------
    journey.goto(f"/cases/{reference}/contact/record/")
    choose(page, "Who made contact?", "We contacted the survivor")
    choose(page, "How?", "Phone call")
    page.get_by_label("Number, e-mail address, address or person used").fill(SAFE_NUMBER)
    choose(page, "What happened?", "Spoke to the survivor")
    submit(journey, "Record the contact")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(success(page)).to_be_visible()
    # First contact made: the case no longer waits in triage.
    journey.goto("/cases/triage/?show=all")
    expect(page.get_by_role("row").filter(has_text=reference)).to_have_count(0)

    # --- A contact the plan forbids is refused, and says which rule -------------------------------
    journey.goto(f"/cases/{reference}/contact/record/")
    choose(page, "Who made contact?", "We contacted the survivor")
    choose(page, "How?", "E-mail")
    page.get_by_label("Number, e-mail address, address or person used").fill("rosa.l@example.org")
    choose(page, "What happened?", "Message, e-mail or letter sent")
    submit(journey, "Record the contact")
    summary = error_summary(page)
    expect(summary).to_contain_text("E-mails are not a safe way to contact this survivor")
    expect(summary).to_contain_text("breaks the safe-contact plan")
    # What was typed is kept, so the officer can correct it.
    expect(page.get_by_label("Number, e-mail address, address or person used")).to_have_value(
        "rosa.l@example.org"
    )

    # --- Close with a reason --------------------------------------------------------------------
    journey.goto(f"/cases/{reference}/close/")
    submit(journey, "Close the case")  # no reason yet: refused kindly
    expect(error_summary(page)).to_contain_text("Select why the case is being closed")
    choose(page, "Why is the case being closed?", "The right support is in place")
    page.get_by_label("Closure notes").fill("Safety plan in place; survivor agreed to closure.")
    submit(journey, "Close the case", expect_url=f"**/cases/{reference}/manage/")
    expect(success(page)).to_contain_text("is closed")

    # --- Reopen after a new incident -------------------------------------------------------------
    page.get_by_role("link", name="Reopen the case after a new incident").click()
    page.wait_for_url(f"**/cases/{reference}/reopen/")
    journey.check()
    fill_date(page, "Date of the new incident", FRIDAY_MORNING.date())
    page.get_by_label("What happened").fill("Ex-partner came to the door again.")
    choose(page, "Is anyone in immediate danger?", "No")
    submit(journey, "Reopen the case", expect_url=f"**/cases/{reference}/")
    expect(success(page)).to_contain_text("reopened")


def test_a_disclosure_can_be_recorded_without_javascript(no_js_page, officer):
    user, authenticator = officer
    page = no_js_page
    page.goto("/account/sign-in/")
    sign_in_on(page, user.email, PASSWORD, authenticator)

    page.goto("/cases/new/")
    page.get_by_role("button", name="Record the disclosure").click()
    page.wait_for_load_state("load")
    # Without JavaScript the error summary is still there, and its links lead to the fields.
    summary = error_summary(page)
    expect(summary).to_contain_text("How did the disclosure reach us?")
    expect(page).to_have_title(re.compile("^Error: "))

    choose(page, "How did the disclosure reach us?", "Letter")
    fill_date(page, "Date received", timezone.localdate())
    choose(page, "Is anyone in immediate danger?", "No")
    page.get_by_label("First name").fill("Imogen")
    page.get_by_label("Last name").fill("Example")
    page.get_by_label("What happened, in brief").fill("Wrote to say she is afraid to go home.")
    page.get_by_role("button", name="Record the disclosure").click()
    page.wait_for_url("**/contact/plan/")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Case ")
