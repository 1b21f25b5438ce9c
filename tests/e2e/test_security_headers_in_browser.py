"""Under Haven's real Content Security Policy (no bypass), pages load without violations and
GOV.UK Frontend's JavaScript still starts: its inline script and module carry the nonce."""

import pytest
from playwright.sync_api import Page, expect

from haven.accounts.models import AuthenticatorDevice, Role
from tests.support.journey import Authenticator, sign_in_on
from tests.support.personas import PASSWORD, make_user


def watch_csp_violations(page: Page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/no-such-page/"])
def test_public_pages_break_no_csp_rule_and_start_govuk_frontend(strict_csp_page, path):
    violations = watch_csp_violations(strict_csp_page)

    strict_csp_page.goto(path)

    # The nonce'd inline script in the GOV.UK template marks the body; the module initialises
    # the skip link. Both would be blocked by the CSP if the nonce were missing.
    expect(strict_csp_page.locator("body.govuk-frontend-supported")).to_have_count(1)
    expect(strict_csp_page.locator(".govuk-skip-link[data-govuk-skip-link-init]")).to_have_count(1)
    assert violations == []


def test_an_injected_inline_script_is_blocked(strict_csp_page):
    violations = watch_csp_violations(strict_csp_page)
    strict_csp_page.goto("/accessibility/")

    strict_csp_page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.injected = true"; document.body.append(s); }"""
    )

    assert strict_csp_page.evaluate("window.injected === undefined")
    assert any("inline script" in text for text in violations)


def test_signed_in_pages_break_no_csp_rule(strict_csp_page, transactional_db):
    user = make_user("cleo.coordinator@example.org", "Cleo Coordinator", Role.COORDINATOR)
    authenticator = Authenticator(AuthenticatorDevice.objects.get(user=user).bin_key)
    violations = watch_csp_violations(strict_csp_page)

    strict_csp_page.goto("/account/sign-in/")
    sign_in_on(strict_csp_page, user.email, PASSWORD, authenticator)
    for path in ["/account/", "/cases/", "/cases/triage/", "/cases/new/", "/cases/search/"]:
        strict_csp_page.goto(path)
        expect(strict_csp_page.locator("body.govuk-frontend-supported")).to_have_count(1)

    assert violations == []
