"""Pages anyone can reach: the accessibility statement, the privacy notice and "page not found"."""

import re

from playwright.sync_api import expect


def test_accessibility_statement_is_accessible_and_links_to_the_privacy_notice(journey):
    page = journey.goto("/accessibility/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Accessibility statement")

    page.get_by_role("link", name="How we use information").click()
    page.wait_for_url("**/privacy/")
    journey.check()
    expect(page).to_have_title(re.compile("How we use information|Privacy"))


def test_an_address_that_does_not_exist_gets_a_kind_page_not_found(journey):
    response = journey.page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    page = journey.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title(re.compile("^Page not found"))
    expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()


def test_the_skip_link_moves_focus_to_the_main_content(journey):
    page = journey.goto("/accessibility/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # hidden until focused, then shown
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile("#main-content$"))
    # GOV.UK Frontend's skip link moves focus to <main>, so the next Tab starts in the content
    # rather than back in the header.
    expect(page.locator("main#main-content")).to_be_focused()
    journey.check()


def test_the_skip_link_works_without_javascript(no_js_page):
    no_js_page.goto("/accessibility/")
    no_js_page.keyboard.press("Tab")
    expect(no_js_page.get_by_role("link", name="Skip to main content")).to_be_focused()
    no_js_page.keyboard.press("Enter")
    expect(no_js_page).to_have_url(re.compile("#main-content$"))
    # Without JavaScript the browser scrolls to the target: the page heading is in view.
    expect(no_js_page.get_by_role("heading", level=1)).to_be_in_viewport()
