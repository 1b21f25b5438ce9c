"""The harness must be able to fail: a page with known problems is reported, and a journey
that skips the check on a page it loads is caught."""

import pytest

from tests.support.journey import Journey, assert_accessible, axe_violations

BROKEN_PAGE = """<!doctype html><html><head><title>Broken</title></head><body><main>
<h1>Broken on purpose</h1><img src="/static/nothing.png">
<label>Unlabelled input follows</label><input type="text" id="orphan">
</main></body></html>"""


def test_axe_reports_missing_alternative_text_and_labels(new_context):
    page = new_context(bypass_csp=True).new_page()
    page.set_content(BROKEN_PAGE)

    found = {violation["id"] for violation in axe_violations(page)}

    assert {"image-alt", "label", "html-has-lang"} <= found
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_accessible(page)


def test_a_journey_that_skips_the_check_on_a_page_fails(new_context):
    journey = Journey(new_context(bypass_csp=True).new_page())
    journey.goto("/accessibility/")
    journey.page.goto("/privacy/")
    journey.page.wait_for_load_state("load")

    with pytest.raises(AssertionError, match=r"never checked with axe-core.*/privacy/"):
        journey.assert_every_page_was_checked()
