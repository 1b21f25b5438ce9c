"""Browser journeys for the contact pages reuse the shared harness (tests/e2e/conftest.py)."""

from tests.e2e.conftest import (  # noqa: F401
    browser_context_args,
    browser_type_launch_args,
    journey,
    no_js_page,
    pytest_runtest_makereport,
    strict_csp_page,
)
