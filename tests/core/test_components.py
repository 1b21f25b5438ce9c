"""The shared page components every app builds its pages from (haven/templates/components/ and
the two base templates): what a person sees and what a screen reader hears."""

import re
from typing import Any

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from markupsafe import Markup

from tests.support.html import visible_text


def render(source: str, **context: Any) -> str:
    return engines["jinja2"].from_string(source).render(context)


class TestFilterTabs:
    SOURCE = (
        '{% from "components/filter_tabs.html" import filter_tabs %}'
        '{{ filter_tabs("Whose cases", "/cases/", "scope", options, current, keep) }}'
    )

    def test_the_current_choice_is_marked_and_not_a_link(self) -> None:
        html = render(
            self.SOURCE,
            options=[("mine", "My cases"), ("all", "All cases")],
            current="mine",
            keep={},
        )
        assert '<nav class="haven-filter-tabs" aria-label="Whose cases">' in html
        assert '<strong aria-current="page">My cases</strong>' in html
        assert re.findall(r"<a [^>]*>([^<]*)</a>", html) == ["All cases"]

    def test_choosing_one_filter_keeps_the_others(self) -> None:
        html = render(
            self.SOURCE,
            options=[("mine", "My cases"), ("all", "All cases")],
            current="mine",
            keep={"state": "closed"},
        )
        assert 'href="/cases/?state=closed&amp;scope=all"' in html

    def test_values_are_escaped_in_the_link(self) -> None:
        html = render(self.SOURCE, options=[("a&b", "Odd")], current="x", keep={"q": '"><script>'})
        assert "<script>" not in html
        assert 'href="/cases/?q=%22%3E%3Cscript%3E&amp;scope=a%26b"' in html


class TestTags:
    @pytest.mark.parametrize(
        ("tone", "colour"),
        [
            ("overdue", "govuk-tag--red"),
            ("done", "govuk-tag--green"),
            ("flag", "govuk-tag--purple"),
        ],
    )
    def test_a_tone_gives_its_colour_and_the_words_stay(self, tone: str, colour: str) -> None:
        html = render(
            '{% from "components/tags.html" import tag %}{{ tag("Overdue", tone) }}', tone=tone
        )
        assert re.search(rf'<strong class="govuk-tag {colour}">\s*Overdue\s*</strong>', html)

    def test_an_unknown_tone_is_a_plain_tag_not_an_error(self) -> None:
        html = render('{% from "components/tags.html" import tag %}{{ tag("Draft", "nonsense") }}')
        assert re.search(r'<strong class="govuk-tag">\s*Draft\s*</strong>', html)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Why", error_messages={"required": "Enter why"})


class TestFormPage:
    SOURCE = (
        '{% from "components/form_page.html" import form_page with context %}'
        '{% call form_page(form, "Reopen the case", "Reopen") %}<p id="intro">Why this matters</p>{% endcall %}'
    )

    def test_errors_come_first_and_what_was_typed_is_kept(self) -> None:
        form = ReasonForm(data={"reason": ""})
        form.is_valid()
        html = render(
            self.SOURCE, form=form, csrf_input=Markup('<input name="csrfmiddlewaretoken">')
        )
        text = visible_text(html)
        # The summary, then the heading, the caller's words, the field and the one button.
        assert text.index("There is a problem") < text.index("Reopen the case")
        assert (
            text.index("Reopen the case")
            < text.index("Why this matters")
            < text.index("Why Error: Enter why")
        )
        assert html.count("Enter why") == 2  # in the summary and beside the field
        form_html = html[html.index("<form") : html.index("</form>")]
        assert 'name="csrfmiddlewaretoken"' in form_html
        assert re.search(r"<button[^>]*>\s*Reopen\s*</button>", form_html)

    def test_a_typed_value_is_shown_again(self) -> None:
        form = ReasonForm(data={"reason": "A new incident"})
        form.is_valid()
        html = render(self.SOURCE, form=form, csrf_input="")
        assert re.search(r'<input[^>]*name="reason"[^>]*value="A new incident"', html)


@pytest.mark.django_db
class TestBaseTemplates:
    def context(self) -> dict[str, Any]:
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        return {
            "request": request,
            "csp_nonce": "n",
            "service_name": "Haven",
            "landlord_name": "Example Homes",
            "navigation": [{"text": "Cases", "href": "/cases/"}],
        }

    def render_page(self, base: str) -> str:
        source = (
            f'{{% extends "{base}" %}}{{% block title %}}Get help{{% endblock %}}'
            "{% block main_content %}<p>Hello</p>{% endblock %}"
        )
        return render(source, **self.context())

    def test_a_public_page_knows_nothing_of_staff(self) -> None:
        html = self.render_page("public_base.html")
        assert "<p>Hello</p>" in html
        assert "haven.js" not in html and "session-timeout" not in html
        assert "Every view is recorded" not in html and "/cases/" not in html
        assert re.search("<title[^>]*>\\s*Get help \u2013 Example Homes\\s*</title>", html)

    def test_a_staff_page_has_the_service_navigation_and_staff_footer(self) -> None:
        html = self.render_page("base.html")
        assert 'class="govuk-service-navigation' in html and 'href="/cases/"' in html
        assert "Every view is recorded" in html and "haven.js" in html
        assert re.search(
            "<title[^>]*>\\s*Get help \u2013 Haven \u2013 Example Homes\\s*</title>", html
        )
