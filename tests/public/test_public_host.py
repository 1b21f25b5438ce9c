"""The public site served alone on its own host name (HAVEN_PUBLIC_HOST)."""

import pytest
from django.test import Client

from tests.support.html import visible_text

HOST = "gethelp.example-homes.test"


@pytest.fixture
def public_host(settings):
    settings.HAVEN_PUBLIC_HOST = HOST
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    return Client(HTTP_HOST=HOST)


@pytest.mark.django_db
def test_the_public_host_serves_the_get_help_pages(public_host):
    response = public_host.get("/get-help/")
    assert response.status_code == 200 and "Get help with domestic abuse" in visible_text(
        response.content.decode()
    )
    assert public_host.get("/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/account/sign-in/", "/cases/", "/audit/", "/directory/", "/admin/"]
)
def test_no_staff_page_exists_on_the_public_host(public_host, path):
    response = public_host.get(path)
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html and "Exit this page" in html
    assert "sign in" not in visible_text(html).lower()


@pytest.mark.django_db
def test_the_staff_host_is_unchanged(public_host):
    assert Client().get("/account/sign-in/").status_code == 200
