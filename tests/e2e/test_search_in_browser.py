"""Searching for a common surname in a browser: a page of results, the next page, each page
accessible (axe) and valid HTML (the Nu checker), and paging works without JavaScript."""

import pytest
from django.urls import reverse

from haven.accounts.models import AuthenticatorDevice, Role
from tests.e2e.test_every_page_accessible import nu_html_errors
from tests.support.factories import make_case
from tests.support.journey import Authenticator, sign_in, sign_in_on
from tests.support.personas import PASSWORD, make_user, signed_in_client


@pytest.fixture
def officer_with_many_smiths(transactional_db):
    officer = make_user("olu.officer@example.org", "Olu Officer", Role.CASE_OFFICER)
    coordinator = make_user("cy.coordinator@example.org", "Cy Coordinator", Role.COORDINATOR)
    for _ in range(13):
        make_case(created_by=coordinator, owner=officer, family_name="Smith")
    return officer, Authenticator(AuthenticatorDevice.objects.get(user=officer).bin_key)


def search_for_smith(page, check=lambda: None):
    page.goto("/cases/search/")
    check()
    page.get_by_label("Survivor's name").fill("Smith")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state("load")


def test_a_common_surname_pages_through_its_results(officer_with_many_smiths, journey, tmp_path):
    officer, authenticator = officer_with_many_smiths
    sign_in(journey, officer.email, PASSWORD, authenticator)
    page = journey.page
    search_for_smith(page, journey.check)
    journey.check()
    assert page.get_by_role("heading", name="13 cases found").is_visible()
    assert page.get_by_text("Showing 1 to 10, most recently recorded first").is_visible()
    page.get_by_role("button", name="Next page").click()
    page.wait_for_load_state("load")
    journey.check()
    assert page.get_by_text("Showing 11 to 13").is_visible()
    # The search is still there to change, and its terms never went into the address.
    assert page.get_by_label("Survivor's name").input_value() == "Smith"
    assert "Smith" not in page.url
    # The pages as served (the browser's copy has axe-core injected into it).
    client = signed_in_client(officer)
    served = {
        f"page {number}": client.post(
            reverse("cases:search"), {"name": "Smith", "page": str(number)}
        ).content.decode()
        for number in (1, 2)
    }
    errors = nu_html_errors(served, tmp_path)
    assert not errors, errors


def test_paging_works_without_javascript(officer_with_many_smiths, no_js_page):
    officer, authenticator = officer_with_many_smiths
    page = no_js_page
    page.goto("/account/sign-in/")
    sign_in_on(page, officer.email, PASSWORD, authenticator)
    search_for_smith(page)
    page.get_by_role("button", name="Next page").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Showing 11 to 13").is_visible()
    page.get_by_role("button", name="Previous page").click()
    page.wait_for_load_state("load")
    assert page.get_by_text("Showing 1 to 10").is_visible()
