"""In a browser: the safe-contact plan, a refused contact, an override, the chronology.

Every page the journey loads is checked with axe-core (WCAG 2.2 AA); the no-JavaScript journey
proves the same steps work with scripts switched off.
"""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from tests.support.contact import make_case, recent_weekday_at
from tests.support.personas import make_user, signed_in_client

pytestmark = pytest.mark.e2e


@pytest.fixture
def officer(transactional_db):
    from haven.accounts.models import Role, Team

    team = Team.objects.get_or_create(name="North")[0]
    return make_user("olu@example.org", "Olu Officer", Role.CASE_OFFICER, team)


def sign_in(page, user, live_server):
    client = signed_in_client(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def fill_when(page, moment):
    local = timezone.localtime(moment)
    page.get_by_label("Day").fill(str(local.day))
    page.get_by_label("Month").fill(str(local.month))
    page.get_by_label("Year").fill(str(local.year))
    page.get_by_label("Time of the contact").fill(f"{local.hour}:{local.minute:02d}")


def test_plan_refusal_override_and_chronology(journey, officer, live_server):
    case = make_case(owner=officer)
    sign_in(journey.page, officer, live_server)
    page = journey.goto(f"/cases/{case.reference}/contact/")
    expect(page.locator("#safe-contact")).to_contain_text(
        "No safe-contact plan has been agreed yet"
    )

    page.get_by_role("link", name="Record the safe-contact plan").first.click()
    journey.check()
    page.get_by_label("Phone call").check()
    page.get_by_label("Numbers we may call or text").fill("07700 900321")
    page.locator("#id_safe_1_days").select_option("weekdays")
    page.locator("#id_safe_1_start").fill("9am")
    page.locator("#id_safe_1_end").fill("5pm")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("Code word (optional)").fill("lighthouse")
    page.get_by_role("button", name="Save the plan").click()
    journey.check()
    banner = page.locator("#safe-contact")
    expect(banner).to_contain_text("Phone call to 07700 900321")
    expect(banner).to_contain_text("Do not leave voicemail")
    expect(banner.get_by_text("lighthouse")).to_be_hidden()
    banner.get_by_text("Show the code word").click()
    expect(banner.get_by_text("lighthouse")).to_be_visible()

    # A text message: the plan does not allow texts, so the contact is refused with the rule.
    page.get_by_role("button", name="Record a contact").click()
    journey.check()
    page.get_by_label("Text message").check()
    fill_when(page, recent_weekday_at(11))
    page.get_by_label("Number, e-mail address, address or person used").fill("07700 900321")
    page.get_by_label("Message, e-mail or letter sent").check()
    page.get_by_role("button", name="Record the contact").click()
    journey.check()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Text messages are not a safe way to contact this survivor")
    expect(page.get_by_label("Number, e-mail address, address or person used")).to_have_value(
        "07700 900321"
    )

    # It was a decision, not something found out afterwards: an override, with a reason.
    page.get_by_label("I decided to go ahead despite the plan").check()
    page.get_by_label("Reason for going ahead").fill(
        "The survivor texted us from this number asking for a reply by text today"
    )
    page.get_by_role("button", name="Record the contact").click()
    journey.check()
    expect(page.get_by_text("Contact recorded")).to_be_visible()
    expect(page.get_by_text("Against the plan").first).to_be_visible()

    journey.goto(f"/cases/{case.reference}/chronology/")
    expect(page.get_by_text("Went ahead against the plan")).to_be_visible()


def test_recording_a_note_and_filtering_work_without_javascript(no_js_page, officer, live_server):
    case = make_case(owner=officer)
    page = no_js_page
    sign_in(page, officer, live_server)
    page.goto(f"/cases/{case.reference}/chronology/note/")
    page.get_by_label("Add a note").fill("Spoke to the housing officer about the lock change.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Spoke to the housing officer about the lock change.")).to_be_visible()
    page.get_by_label("Show").select_option("incident")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Nothing has been recorded of this kind yet")).to_be_visible()
    assert "kind=incident" in page.url
