"""The access log's "from where": the real client behind nginx, never a forged header."""

import pytest
from django.test import RequestFactory

from haven.audit.services import request_origin


@pytest.fixture
def behind_nginx(settings):
    settings.HAVEN_TRUSTED_PROXIES = ["127.0.0.1", "::1"]


def origin(**meta):
    request = RequestFactory().get("/", **meta)
    return request_origin(request)[0]


def test_the_real_client_is_recorded_when_the_trusted_proxy_says_who_it_is(behind_nginx):
    assert origin(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "203.0.113.7"
    assert origin(REMOTE_ADDR="::1", HTTP_X_REAL_IP="2001:db8::5") == "2001:db8::5"


def test_a_client_cannot_forge_its_address_by_sending_the_header_itself(behind_nginx):
    assert origin(REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="203.0.113.7") == "198.51.100.9"


def test_with_no_trusted_proxy_configured_the_header_is_ignored(settings):
    settings.HAVEN_TRUSTED_PROXIES = []
    assert origin(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7") == "127.0.0.1"


def test_a_header_that_is_not_an_address_is_not_recorded(behind_nginx):
    assert origin(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="<script>") == "127.0.0.1"
