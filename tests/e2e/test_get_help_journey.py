"""The public "Get help" site in a real browser: leaving it quickly, asking nothing of any other
site, and a call-back request that reaches the staff triage queue."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from haven.cases.models import Case, Channel
from tests.support.directory import ensure_shipped_services

WELSH_PAGES = [
    "/cy/get-help/",
    "/cy/get-help/what-is-domestic-abuse/",
    "/cy/get-help/how-we-can-help/",
    "/cy/get-help/support-services/",
    "/cy/get-help/staying-safe-online/",
    "/cy/get-help/call-back/",
]

PUBLIC_PAGES = [
    "/get-help/",
    "/get-help/what-is-domestic-abuse/",
    "/get-help/how-we-can-help/",
    "/get-help/staying-safe-online/",
    "/get-help/support-services/?area=Derby&needs=deaf",
    "/get-help/call-back/",
]


@pytest.fixture
def neutral_site(settings, live_server):
    # Stands in for the neutral site (a weather page): the test must not leave the machine.
    settings.HAVEN_PUBLIC_EXIT_URL = f"{live_server.url}/accessibility/"
    return settings.HAVEN_PUBLIC_EXIT_URL


def test_pressing_shift_three_times_leaves_for_the_neutral_site(journey, neutral_site):
    page = journey.goto("/get-help/what-is-domestic-abuse/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    journey.check()


def test_the_exit_button_leaves_for_the_neutral_site(journey, neutral_site):
    page = journey.goto("/get-help/")
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url(neutral_site)
    journey.check()


def test_no_public_page_asks_another_site_for_anything(journey, live_server):
    own_host = urlparse(live_server.url).netloc
    requested: list[str] = []
    journey.page.on("request", lambda request: requested.append(request.url))
    for path in PUBLIC_PAGES:
        journey.goto(path)
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {own_host}, requested


def test_a_call_back_request_arrives_in_the_triage_queue(journey, neutral_site):
    page = journey.goto("/get-help/call-back/")
    page.get_by_role("group", name=re.compile("in danger right now")).get_by_label("No").check()
    page.get_by_label("Phone call").check()
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Weekday evenings, 5pm to 8pm").check()
    page.get_by_role("group", name=re.compile("voicemail")).get_by_label("No").check()
    page.get_by_role("group", name=re.compile("say who we are")).get_by_label("Yes").check()
    page.get_by_role("button", name="Send").click()
    journey.check()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("07700")

    case = Case.objects.get()
    assert case.channel == Channel.WEB_CALLBACK
    assert case.survivor.safe_contact_plan.allowed_channels == ["phone"]


def test_a_mistake_is_explained_and_nothing_typed_is_lost_without_javascript(no_js_page):
    page = no_js_page
    page.goto("/get-help/call-back/")
    page.get_by_label("Anything else you want us to know (optional)").fill("He has a key")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose at least one safe way for us to contact you"
    )
    expect(page.get_by_label("Anything else you want us to know (optional)")).to_have_value(
        "He has a key"
    )
    # Without JavaScript the exit control is still a plain link to the neutral site.
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()


def test_finding_a_local_service_gives_a_number_to_tap(journey):
    ensure_shipped_services()
    page = journey.goto("/get-help/support-services/")
    page.get_by_label("Where do you live?").select_option("High Peak")
    page.get_by_label("Older people").check()
    page.get_by_role("button", name="Show services").click()
    journey.check()
    expect(page.get_by_role("heading", name="Hourglass")).to_be_visible()
    expect(page.get_by_role("link", name="0808 808 8141")).to_have_attribute(
        "href", "tel:08088088141"
    )


def test_an_information_page_prints_without_the_way_out_or_the_menus(journey):
    page = journey.goto("/get-help/what-is-domestic-abuse/")
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", name="What domestic abuse is")).to_be_visible()
    expect(page.get_by_text("Children are victims too")).to_be_visible()
    expect(page.get_by_role("button", name="Exit this page")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Get help pages")).to_be_hidden()


def test_every_welsh_page_passes_the_accessibility_checks(journey):
    for path in WELSH_PAGES:
        page = journey.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "cy")


def test_the_language_switch_goes_to_the_same_page_in_welsh_and_back(journey):
    page = journey.goto("/get-help/how-we-can-help/")
    page.get_by_role("link", name="Cymraeg").click()
    page.wait_for_url("**/cy/get-help/how-we-can-help/")
    journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sut y gallwn ni helpu")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/get-help/how-we-can-help/")
    journey.check()


@pytest.mark.parametrize("path", ["/get-help/no-such-page/", "/cy/get-help/no-such-page/"])
def test_a_mistyped_help_address_still_has_the_way_out(journey, neutral_site, path):
    response = journey.page.goto(path)
    assert response is not None and response.status == 404
    page = journey.check()
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    journey.check()
