"""Passkeys in a real browser, under the real CSP: add one from the account page, then sign in with it.

Chromium's virtual authenticator (DevTools protocol) stands in for a phone or security key.
"""

import re

from playwright.sync_api import expect

from haven.accounts.models import Role
from haven.audit.models import AuditEvent
from tests.support.journey import Authenticator
from tests.support.personas import PASSWORD, make_user


def test_a_passkey_added_on_the_account_page_completes_the_next_sign_in(
    strict_csp_page, transactional_db, live_server, settings
):
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    user = make_user("pk.user@example.org", "Pat Key", Role.CASE_OFFICER)
    authenticator = Authenticator(user.authenticatordevice_set.get().bin_key)
    page = strict_csp_page
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto("/account/sign-in/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/")
    page.get_by_label("Code from your authenticator app").fill(authenticator.code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/account/")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.get_by_text("Passkey added. You can use it")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/account/sign-in/**")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/$"))
    assert AuditEvent.objects.filter(
        action="auth.second_factor_passed", detail__method="passkey"
    ).exists()
    assert errors == [], "the passkey scripts reported errors (a CSP refusal, say)"
