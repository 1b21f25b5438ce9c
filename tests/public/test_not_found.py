"""A mistyped "Get help" address: someone on a shared phone still has the way out, 999 and the
way back to the help pages, and nothing of the staff side (its script, its sign-in)."""

import pytest
from django.test import Client

from tests.support.html import visible_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/get-help/no-such-page/", "Page not found"),
        ("/get-help/call-back/extra/", "Page not found"),
        ("/cy/get-help/no-such-page/", "Heb ddod o hyd i'r dudalen"),
    ],
)
def test_a_mistyped_help_address_keeps_the_way_out(path, words, settings):
    settings.HAVEN_PUBLIC_EXIT_URL = "https://neutral.example/weather"
    response = Client().get(path)
    html = response.content.decode()

    assert response.status_code == 404
    assert words in visible_text(html)
    assert 'href="https://neutral.example/weather"' in html
    assert "999" in visible_text(html)
    assert "haven.js" not in html and "public.js" in html
    assert "sign in" not in visible_text(html).lower()
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert not response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "goes_to"),
    [
        ("/get-help/call-back", "/get-help/call-back/"),
        ("/cy/get-help/call-back", "/cy/get-help/call-back/"),
        ("/get-help/support-services?area=Derby", "/get-help/support-services/?area=Derby"),
    ],
)
def test_an_address_typed_without_its_last_slash_still_reaches_the_page(typed, goes_to):
    response = Client().get(typed, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == goes_to
