"""Helpers for browser journeys: axe-core checks, TOTP codes, pages without JavaScript."""

import base64
import binascii
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 level AA: the success criteria of A and AA at every version up to 2.2.
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

TOTP_STEP_SECONDS = 30


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return the WCAG 2.2 AA violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` to install axe-core")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_22_AA_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"<{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe-core found WCAG 2.2 AA violations on {page.url}:\n"
            + describe_violations(violations),
            pytrace=False,
        )


class Journey:
    """A page that keeps count of the documents it loads, so every one of them gets checked.

    Call `check()` on each page the journey reaches (and again after anything that changes the
    page a lot without loading a new one, such as showing an error summary by JavaScript).
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loaded: list[str] = []
        self.checked: set[int] = set()
        page.on("load", lambda loaded: self.loaded.append(loaded.url))

    def check(self) -> Page:
        # Wait for the document to finish loading so the load has been counted.
        self.page.wait_for_load_state("load")
        assert_accessible(self.page)
        self.checked.add(len(self.loaded))
        return self.page

    def goto(self, path: str) -> Page:
        """Open `path` and check the page that loads."""
        self.page.goto(path)
        return self.check()

    def assert_every_page_was_checked(self) -> None:
        unchecked = [url for index, url in enumerate(self.loaded, 1) if index not in self.checked]
        assert not unchecked, (
            "The journey loaded pages it never checked with axe-core (call journey.check()): "
            + ", ".join(unchecked)
        )


# --- Second factor ---------------------------------------------------------------------------------


def totp_key_from_secret(secret: str) -> bytes:
    """The key behind an authenticator secret as Haven shows it: base32 (spaces allowed) or hex."""
    compact = re.sub(r"[\s-]", "", secret)
    try:
        return base64.b32decode(compact.upper() + "=" * (-len(compact) % 8))
    except binascii.Error:
        return bytes.fromhex(compact)


class Authenticator:
    """What an authenticator app does: show the code for now, never the same code twice.

    Haven (rightly) refuses a code that was already used, so a second sign-in within the same
    30 seconds uses the next step's code, as an app whose clock runs a little ahead would show;
    the server's tolerance of one step accepts it.
    """

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.last_step = -1

    @classmethod
    def from_secret(cls, secret: str) -> "Authenticator":
        return cls(totp_key_from_secret(secret))

    def code(self) -> str:
        step = int(time.time()) // TOTP_STEP_SECONDS
        drift = max(0, self.last_step + 1 - step)
        self.last_step = step + drift
        return f"{totp(self.key, step=TOTP_STEP_SECONDS, drift=drift):06d}"


def sign_in(journey: Journey, email: str, password: str, authenticator: Authenticator) -> Page:
    """Sign in through the real pages (each one checked) and land on the home page."""
    page = journey.goto("/account/sign-in/")
    sign_in_on(page, email, password, authenticator, check=journey.check)
    return journey.check()


def sign_in_on(
    page: Page,
    email: str,
    password: str,
    authenticator: Authenticator,
    check: Callable[[], Any] | None = None,
) -> Page:
    """Sign in from the sign-in page `page` is on (any context: with or without JavaScript,
    with the real CSP) and wait for the home page."""
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/account/two-factor/")
    if check:
        check()
    page.get_by_label("Code from your authenticator app").fill(authenticator.code())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(HOME_PAGE)
    return page


HOME_PAGE = re.compile(r"^http://[^/]+/$")
