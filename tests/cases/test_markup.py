"""Markup the browser would otherwise repair or drop (issue 7, defect 9); the Nu HTML checker
in tests/e2e/test_every_page_accessible.py checks every page as a whole."""

import re

from django.urls import reverse

from tests.support.contact import make_case, make_plan


def test_who_passed_it_on_shows_its_hint(alice, client_for):
    page = client_for(alice).get(reverse("cases:new")).content.decode()
    assert "help_text=" not in page
    hint = re.search(r'<div id="id_referrer-hint" class="govuk-hint">\s*(.*?)\s*</div>', page, re.S)
    assert hint, "the hint of 'Who passed it on' is not shown"
    assert "For example the agency or colleague" in hint.group(1)
    assert 'aria-describedby="id_referrer-hint"' in page


def test_the_never_rules_of_a_plan_are_a_list_outside_the_warning_text(alice, client_for):
    case = make_case(owner=alice)
    make_plan(case, by=alice, allowed_channels=["email"])  # so phoning, visits ... are "never"
    page = client_for(alice).get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Do not phone" in page
    for strong in re.findall(r"<strong\b.*?</strong>", page, re.S):
        assert "<ul" not in strong and "<li" not in strong
