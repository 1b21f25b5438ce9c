"""The headers every page carries: a strict CSP with a nonce, no framing, no caching."""

import re

import pytest
from django.test import Client


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.fixture
def home_page(client_for, alice):
    return client_for(alice).get("/")


def test_scripts_need_this_responses_nonce_and_inline_script_is_never_allowed(home_page):
    csp = csp_directives(home_page["Content-Security-Policy"])
    script_src = csp["script-src"]
    nonces = [source for source in script_src if source.startswith("'nonce-")]
    assert len(nonces) == 1
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["style-src"]

    # Every script on the page carries that nonce, so the browser runs ours and nothing else.
    nonce = nonces[0][len("'nonce-") : -1]
    html = home_page.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_the_nonce_changes_on_every_response(client_for, alice):
    client = client_for(alice)
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_pages_cannot_be_framed_cached_or_sniffed(home_page):
    assert home_page["X-Frame-Options"] == "DENY"
    assert home_page["Cache-Control"] == "no-store"
    assert home_page["X-Content-Type-Options"] == "nosniff"
    assert home_page["Referrer-Policy"] == "same-origin"
    assert home_page["Cross-Origin-Opener-Policy"] == "same-origin"


def test_permissions_policy_turns_off_device_features(home_page):
    policy = home_page["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_public_pages_carry_the_same_headers_for_anonymous_visitors(db):
    response = Client().get("/accessibility/")
    assert response.status_code == 200
    assert "'nonce-" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_is_sent_over_https_with_production_settings(settings, client_for, alice):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client_for(alice).get("/", secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")


def test_production_redirects_plain_http_to_https(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/accessibility/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
