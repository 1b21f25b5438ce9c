"""Error pages look like the rest of the service, say what to do next, and never leak detail."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client
from django.urls import path

import haven.urls
from haven.core import views
from tests.support.html import visible_text


def refuse(request: HttpRequest):
    raise PermissionDenied


def break_down(request: HttpRequest):
    raise RuntimeError("a secret detail that must never reach the page")


# The project's URLs plus two views that fail on purpose, with the project's own handlers.
urlpatterns = [
    *haven.urls.urlpatterns,
    path("test-only/refused/", refuse),
    path("test-only/broken/", break_down),
]
handler400 = haven.urls.handler400
handler403 = haven.urls.handler403
handler404 = haven.urls.handler404
handler500 = haven.urls.handler500


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = __name__


def assert_govuk_page(response, heading: str) -> str:
    html = response.content.decode()
    assert 'class="govuk-template"' in html
    assert "govuk-generic-header" in html
    assert "govuk-footer" in html
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "'nonce-" in response["Content-Security-Policy"]
    return visible_text(html)


def test_an_unknown_address_gets_a_govuk_404(client_for, alice):
    response = client_for(alice).get("/no-such-page/")
    assert response.status_code == 404
    text = assert_govuk_page(response, "Page not found")
    assert "Go to the home page" in text


def test_a_refused_page_gets_a_govuk_403_that_says_who_to_ask(failing_urls, client_for, sam):
    response = client_for(sam).get("/test-only/refused/")
    assert response.status_code == 403
    text = assert_govuk_page(response, "You do not have access to this page")
    assert "coordinator or an administrator" in text


def test_a_failure_gets_a_govuk_500_without_the_detail(failing_urls, client_for, alice):
    client = client_for(alice)
    client.raise_request_exception = False
    response = client.get("/test-only/broken/")
    assert response.status_code == 500
    text = assert_govuk_page(response, "Sorry, there is a problem with the service")
    assert "call 999" in text
    assert "secret detail" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_500_page_falls_back_to_plain_text_when_the_page_itself_fails(monkeypatch, rf):
    def broken_render(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(views, "render", broken_render)
    response = views.server_error(rf.get("/"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/plain")
    assert b"call 999" in response.content


def test_anonymous_visitors_get_the_404_page_too(db):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    text = assert_govuk_page(response, "Page not found")
    # Nothing about who is signed in: the visitor is not.
    assert "Hello" not in text
