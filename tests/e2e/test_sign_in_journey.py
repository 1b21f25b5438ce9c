"""Signing in: e-mail and password, setting up an authenticator app, recovery codes, signing in
again with a code, a wrong code, signing out; and the same with a keyboard only, and without
JavaScript. axe-core checks every page on the way (the browser harness, tests/support/browser.py)."""

import datetime as dt
import re
from contextlib import contextmanager

import pytest
import time_machine
from playwright.sync_api import Page, expect

from haven.accounts.models import AuthenticatorDevice, Role, User
from tests.support.journey import HOME_PAGE, Authenticator
from tests.support.personas import PASSWORD, make_user

EMAIL = "nadia.officer@example.org"


@pytest.fixture
def new_officer(transactional_db) -> User:
    """A case officer whose account has just been made: no second factor yet."""
    return User.objects.create_user(
        email=EMAIL, password=PASSWORD, full_name="Nadia Officer", role=Role.CASE_OFFICER
    )


@pytest.fixture
def enrolled_officer(transactional_db) -> tuple[User, Authenticator]:
    user = make_user(EMAIL, "Nadia Officer", Role.CASE_OFFICER)
    device = AuthenticatorDevice.objects.get(user=user)
    return user, Authenticator(device.bin_key)


@contextmanager
def a_moment_later(seconds: float = 2):
    """Haven's clock (and the authenticator's) a couple of seconds on, without waiting for it."""
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds), tick=True):
        yield


def sign_in_with_password(journey, email: str = EMAIL, password: str = PASSWORD) -> Page:
    page = journey.goto("/account/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign in"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Continue").click()
    return page


def enter_code(journey, code: str) -> Page:
    page = journey.page
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    return page


def test_first_sign_in_sets_up_an_authenticator_then_signs_in_again_with_a_code(
    journey, new_officer
):
    # Password: with no second factor yet, the only way on is to set one up.
    page = sign_in_with_password(journey)
    page.wait_for_url("**/account/two-factor/set-up/")
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()

    # The key for people who cannot scan the QR code, as an authenticator app would take it.
    page.get_by_text("I cannot scan the QR code").click()
    authenticator = Authenticator.from_secret(page.locator("#totp-secret").inner_text())
    journey.check()  # with the details open

    enter_code(journey, authenticator.code())
    page.wait_for_url("**/account/two-factor/recovery-codes/")
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) >= 5 and len(set(codes)) == len(codes)

    # Continuing without confirming is refused kindly, and the codes are still there.
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    journey.check()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you have saved your recovery codes"
    )
    expect(page.locator("#recovery-codes li")).to_have_count(len(codes))

    page.get_by_label("I have saved these recovery codes somewhere safe").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(HOME_PAGE)
    journey.check()
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Your account")

    # Sign out from the account page.
    sign_out(journey)

    # Sign in again: the password, then a code from the app just set up.
    page = sign_in_with_password(journey)
    page.wait_for_url("**/account/two-factor/")
    journey.check()
    enter_code(journey, authenticator.code())
    page.wait_for_url(HOME_PAGE)
    journey.check()
    expect(page.get_by_role("navigation", name="Menu")).to_contain_text("Cases")


def sign_out(journey) -> Page:
    page = journey.page
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Your account").click()
    page.wait_for_url("**/account/")
    journey.check()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/sign-in/**")
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign in"))
    return page


def test_a_wrong_code_is_refused_with_an_error_summary_and_the_right_one_then_works(
    journey, enrolled_officer
):
    _user, authenticator = enrolled_officer
    page = sign_in_with_password(journey)
    page.wait_for_url("**/account/two-factor/")
    journey.check()

    right = authenticator.code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    enter_code(journey, wrong)
    page.wait_for_load_state("load")
    journey.check()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title(re.compile("^Error: "))
    # The summary links to the field, which keeps what was typed.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Code from your authenticator app")).to_be_focused()
    expect(page.get_by_label("Code from your authenticator app")).to_have_value(wrong)

    # Haven makes each wrong code cost a short wait (1 second after the first), so a script
    # cannot try codes quickly; a person takes that long to look at the app again.
    with a_moment_later():
        page.get_by_label("Code from your authenticator app").fill(authenticator.code())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(HOME_PAGE)
    journey.check()

    sign_out(journey)


def test_a_page_asked_for_before_signing_in_is_reached_after_signing_in(journey, enrolled_officer):
    _user, authenticator = enrolled_officer
    page = journey.page
    page.goto("/account/")
    page.wait_for_url("**/account/sign-in/**")
    journey.check()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/**")
    journey.check()
    enter_code(journey, authenticator.code())
    page.wait_for_url("**/account/")
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_sign_in_with_the_keyboard_only(journey, enrolled_officer):
    _user, authenticator = enrolled_officer
    page = journey.goto("/account/sign-in/")
    keyboard = page.keyboard

    # The first Tab reaches the skip link; following it puts the next Tab inside the content.
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()

    keyboard.press("Tab")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    keyboard.type(EMAIL)
    keyboard.press("Tab")
    expect(page.get_by_label("Password", exact=True)).to_be_focused()
    keyboard.type(PASSWORD)
    keyboard.press("Enter")  # submits the form, as a keyboard user expects
    page.wait_for_url("**/account/two-factor/")
    journey.check()

    # The code field is the first thing in the content after the skip link.
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    keyboard.press("Enter")
    keyboard.press("Tab")
    expect(page.get_by_label("Code from your authenticator app")).to_be_focused()
    keyboard.type(authenticator.code())
    keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    keyboard.press("Enter")
    page.wait_for_url(HOME_PAGE)
    journey.check()


def test_sign_in_and_out_work_without_javascript(no_js_page, enrolled_officer):
    _user, authenticator = enrolled_officer
    page = no_js_page
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/")

    # Passkeys need JavaScript: the page says so and offers the code instead.
    right = authenticator.code()
    page.get_by_label("Code from your authenticator app").fill(
        f"{(int(right) + 1) % 1_000_000:06d}"
    )
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    with a_moment_later():
        page.get_by_label("Code from your authenticator app").fill(authenticator.code())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(HOME_PAGE)

    page.goto("/account/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/sign-in/**")
    page.goto("/account/")
    page.wait_for_url("**/account/sign-in/**")  # signed out: the account page needs sign-in again
