"""Passkeys (django-otp-webauthn) as a second factor only, fitted to Haven's sign-in."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django_otp_webauthn import exceptions
from django_otp_webauthn.helpers import WebAuthnHelper

from haven.audit.models import AuditEvent
from tests.support.accounts import make_passkey, password_step

pytestmark = pytest.mark.django_db

BEGIN = "otp_webauthn:credential-authentication-begin"
COMPLETE = "otp_webauthn:credential-authentication-complete"


def post_json(client: Client, name: str, body: dict | None = None):
    return client.post(reverse(name), data=json.dumps(body or {}), content_type="application/json")


def test_a_passkey_cannot_replace_the_password():
    response = post_json(Client(), BEGIN)
    assert response.status_code == 403
    assert "Sign in with your e-mail address and password first" in response.json()["detail"]


def test_the_second_factor_page_offers_a_passkey_with_a_fallback_without_javascript(alice):
    make_passkey(alice)
    client = Client()
    password_step(client, alice.email)
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "Passkeys need JavaScript" in page
    assert 'id="passkey-verification-available-template"' in page
    assert 'id="id_code"' in page  # the authenticator code works without JavaScript
    assert 'src="/static/django_otp_webauthn/otp_webauthn_auth.js" nonce="' in page
    config = page.split('id="otp_webauthn_config"')[1].split(">", 1)[1].split("</script>")[0]
    assert json.loads(config)["autocompleteLoginFieldSelector"] is None


def test_a_passkey_finishes_signing_in_like_a_code(alice, monkeypatch):
    passkey = make_passkey(alice)
    monkeypatch.setattr(
        WebAuthnHelper, "authenticate_complete", lambda self, user, state, data: passkey
    )
    client = Client()
    password_step(client, alice.email)
    key_before = client.cookies["haven-session"].value
    begin = post_json(client, BEGIN)
    assert begin.status_code == 200 and "challenge" in begin.json()

    done = post_json(client, COMPLETE, {"id": "whatever the browser sent"})
    assert done.status_code == 200
    assert done.json()["redirect_url"] == reverse("core:home")
    assert client.cookies["haven-session"].value != key_before
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="auth.second_factor_passed")
    assert event.detail == {"method": "passkey"} and event.actor_id == alice.pk


def test_a_refused_passkey_is_logged_and_does_not_sign_in(alice, monkeypatch):
    make_passkey(alice)

    def refuse(self, user, state, data):
        raise exceptions.CredentialNotFound()

    monkeypatch.setattr(WebAuthnHelper, "authenticate_complete", refuse)
    client = Client()
    password_step(client, alice.email)
    post_json(client, BEGIN)
    refused = post_json(client, COMPLETE, {"id": "x"})
    assert refused.status_code == 404
    assert client.get("/")["Location"] == reverse("accounts:two-factor")
    event = AuditEvent.objects.get(action="auth.second_factor_failed")
    assert event.detail == {"method": "passkey", "problem": "credential_not_found"}


def test_adding_a_passkey_needs_a_full_sign_in(alice, client_for):
    half = Client()
    password_step(half, alice.email)
    assert post_json(half, "otp_webauthn:credential-registration-begin").status_code == 403

    full = client_for(alice)
    begin = post_json(full, "otp_webauthn:credential-registration-begin")
    assert begin.status_code == 200
    assert begin.json()["rp"]["id"] == "localhost"


def test_adding_a_passkey_is_logged(alice, client_for, monkeypatch):
    passkey = make_passkey(alice, name="Phone")
    monkeypatch.setattr(
        WebAuthnHelper, "register_complete", lambda self, user, state, data: passkey
    )
    client = client_for(alice)
    post_json(client, "otp_webauthn:credential-registration-begin")
    done = post_json(client, "otp_webauthn:credential-registration-complete", {"id": "x"})
    assert done.status_code == 200
    event = AuditEvent.objects.get(action="auth.passkey_added")
    assert event.object_id == str(passkey.pk) and event.actor_id == alice.pk
    assert "Passkey added" in client.get(reverse("accounts:account")).content.decode()
