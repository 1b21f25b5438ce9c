"""The public "Get help" pages, as someone on a shared phone would meet them."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.html import visible_text
from tests.support.personas import signed_in_client

PAGES = [
    "public:home",
    "public:what-is-abuse",
    "public:how-we-help",
    "public:staying-safe-online",
    "public:services",
    "public:call-back",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_page_leaves_no_trace_and_offers_a_way_out(name, settings):
    settings.HAVEN_PUBLIC_EXIT_URL = "https://neutral.example/weather"
    response = Client().get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies, f"{name} set {list(response.cookies)}"
    assert 'href="https://neutral.example/weather"' in html and "Exit this page" in html
    assert "999" in visible_text(html)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_no_page_loads_staff_script_or_talks_of_case_records(name):
    html = Client().get(reverse(name)).content.decode()
    assert "haven.js" not in html and "session-timeout" not in html
    assert "public.js" in html
    assert "Every view is recorded" not in html and "/cases/" not in html


@pytest.mark.django_db
def test_every_address_the_page_loads_is_this_sites_own():
    html = Client().get(reverse("public:home")).content.decode()
    import re

    loaded = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert loaded and all(url.startswith("/") and not url.startswith("//") for url in loaded)


@pytest.mark.django_db
def test_a_signed_in_officer_reading_the_help_pages_keeps_their_session_untouched(alice):
    client = signed_in_client(alice)
    before = dict(client.session.items())
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert not response.cookies
    assert dict(client.session.items()) == before


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_services")
def test_the_services_finder_filters_by_area_and_need_in_the_address():
    response = Client().get(
        reverse("public:services"), {"area": "Cheshire East", "needs": ["perpetrators"]}
    )
    text = visible_text(response.content.decode())
    assert "My CWA" in text and "Respect Phoneline" in text and "Galop" not in text
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.usefixtures("shipped_services")
def test_a_hidden_service_is_not_shown_to_the_public():
    from haven.directory.models import Service

    Service.objects.filter(key="galop").update(active=False)
    assert "Galop" not in Client().get(reverse("public:services")).content.decode()
