"""The browser harness, a pytest plugin (registered in tests/conftest.py): Playwright on Debian's
chromium against pytest-django's live server, usable by a browser test in any folder.

Every test that uses a browser page is marked `e2e`. Each journey gets a `journey` fixture whose page is checked by
axe-core on every page it loads: a journey that navigates somewhere and does not call
`journey.check()` there fails at teardown, so no page a journey visits escapes the check.
"""

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.support.journey import Journey

# On a busy two-core machine the first page of a run can take a few seconds; 20 s still fails
# quickly when something is genuinely broken.
DEFAULT_TIMEOUT_MS = 20_000


BROWSER_FIXTURES = {"page", "journey", "no_js_page", "strict_csp_page", "new_context"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium")
    if chromium is None:
        # Fail rather than skip: a skipped browser suite in CI would look like a passing one.
        pytest.fail(
            "The browser tests need Debian's chromium: apt-get install -y chromium "
            "(or leave them out with -m 'not e2e'). Never `playwright install`.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "en-GB",
        "timezone_id": "Europe/London",
    }


def _configure(context: BrowserContext) -> BrowserContext:
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    return context


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_call_failed = report.failed
    return report


@pytest.fixture
def journey(new_context, request) -> Iterator[Journey]:
    """A page for a journey. The context bypasses CSP only so that axe-core can be injected
    (PITFALLS.md); tests/e2e/test_security_headers_in_browser.py checks the real CSP."""
    context = _configure(new_context(bypass_csp=True))
    journey = Journey(context.new_page())
    yield journey
    # A journey that already failed stopped part-way: its unchecked pages are not news.
    if not getattr(request.node, "e2e_call_failed", False):
        journey.assert_every_page_was_checked()


@pytest.fixture
def no_js_page(new_context) -> Page:
    """A page with JavaScript switched off, for journeys that must work without it."""
    context = _configure(new_context(java_script_enabled=False))
    return context.new_page()


@pytest.fixture
def strict_csp_page(new_context) -> Page:
    """A page that enforces Haven's Content Security Policy as a real browser would."""
    context = _configure(new_context())
    return context.new_page()
