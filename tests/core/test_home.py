"""The home page and service navigation show each role only the places it may go."""

import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from haven.core.navigation import current_href
from tests.support.html import current_navigation_labels, navigation_labels, visible_text

# Places a role must never be shown, whatever else is added to the navigation later.
NEVER_SHOWN = {
    "staff": {"Triage", "Cases", "Search", "Users", "Access log", "Reports"},
    "case_officer": {"Users", "Access log"},
    "coordinator": {"Users"},
    "manager": {"Triage", "Search", "Users"},
    "administrator": {"Triage", "Cases", "Search", "Access log", "Reports"},
}

# Places a role must be shown once the page behind them exists (label, URL name).
ALWAYS_SHOWN = {
    "staff": [("Home", "core:home"), ("Log a concern", "cases:log-concern")],
    "case_officer": [
        ("Home", "core:home"),
        ("Triage", "cases:triage"),
        ("Cases", "cases:list"),
        ("Search", "cases:search"),
    ],
    "coordinator": [("Home", "core:home"), ("Triage", "cases:triage"), ("Access log", "audit:log")],
    # Anyone who works here may hear a disclosure: every role can log a concern.
    "manager": [("Home", "core:home"), ("Log a concern", "cases:log-concern")],
    "administrator": [
        ("Home", "core:home"),
        ("Users", "accounts:user-list"),
        ("Log a concern", "cases:log-concern"),
    ],
}


def main_content_links(html: str) -> list[str]:
    main = re.search(r"<main\b.*?</main>", html, flags=re.S)
    assert main, "the page has no <main> element"
    return [visible_text(link) for link in re.findall(r"<a\b[^>]*>(.*?)</a>", main.group(0), re.S)]


def url_exists(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@pytest.mark.parametrize("role", sorted(NEVER_SHOWN))
def test_each_role_sees_only_its_own_places(role, personas, client_for):
    response = client_for(personas[role]).get("/")
    assert response.status_code == 200
    labels = navigation_labels(response.content.decode())
    text = visible_text(response.content.decode())

    assert not NEVER_SHOWN[role] & set(labels), f"{role} is shown {NEVER_SHOWN[role] & set(labels)}"
    for label, name in ALWAYS_SHOWN[role]:
        if url_exists(name):
            assert label in labels, f"{role} should be shown {label}"
    # The home page's own list of places offers nothing the navigation does not.
    body_links = set(main_content_links(response.content.decode()))
    assert not NEVER_SHOWN[role] & body_links
    assert personas[role].get_short_name() in text


def test_the_home_page_names_the_role_and_shows_no_case(client_for, ada):
    text = visible_text(client_for(ada).get("/").content.decode())
    assert "signed in as an administrator" in text
    assert "DA-" not in text


def test_the_home_page_always_says_what_to_do_in_an_emergency(client_for, sam):
    text = visible_text(client_for(sam).get("/").content.decode())
    assert "call 999" in text


def test_signed_out_visitors_are_sent_to_sign_in(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/cases/", "/cases/"),
        ("/cases/triage/", "/cases/triage/"),
        ("/cases/DA-2026-00001/", "/cases/"),
        ("/account/", "/account/"),
        ("/accessibility/", None),
    ],
)
def test_only_the_closest_place_is_current(path, current):
    hrefs = ["/", "/cases/concern/", "/cases/triage/", "/cases/", "/cases/search/", "/account/"]
    assert current_href(path, hrefs) == current


def test_the_navigation_marks_one_current_place(client_for, cora):
    if not url_exists("cases:triage"):
        pytest.skip("the triage queue does not exist yet")
    client = client_for(cora)
    assert current_navigation_labels(client.get(reverse("cases:triage")).content.decode()) == [
        "Triage"
    ]
    assert current_navigation_labels(client.get("/").content.decode()) == ["Home"]
