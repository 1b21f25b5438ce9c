"""A restricted case carries a "Restricted" tag, in words, in every list where it appears: the
case lists, the triage queue, search results, the reviews, the contacts against a plan and the
home page's work list; for the coordinator, and for an officer named on it."""

import re

import pytest
from django.urls import reverse

from haven.cases.services import contact as contact_services
from haven.cases.services import lifecycle as lifecycle_services
from tests.support.contact import SAFE_NUMBER, make_plan, recent_weekday_at
from tests.support.factories import make_case
from tests.support.html import visible_text

pytestmark = pytest.mark.django_db


def row_with(html: str, reference: str) -> str:
    """The visible text of the table row (or list item) that names the case."""
    for row in re.findall(r"<tr\b.*?</tr>", html, re.S):
        if reference in row:
            return visible_text(row)
    raise AssertionError(f"{reference} is not in any row")


@pytest.fixture
def cases(alice, cora):
    restricted = make_case(
        created_by=cora, owner=alice, family_name="Sameperson", restricted_to=[alice]
    )
    ordinary = make_case(created_by=cora, owner=alice, family_name="Sameperson")
    waiting = make_case(created_by=cora, family_name="Waiting", restricted_to=[alice])
    for case in (restricted, waiting):
        lifecycle_services.request_coordinator_review(case, reason="Check", actor=alice)
    make_plan(restricted, by=alice)
    contact_services.record_contact(
        restricted,
        actor=alice,
        direction="outbound",
        channel="text",
        when=recent_weekday_at(11),
        outcome="message_sent",
        destination=SAFE_NUMBER,
        notes="A text went out from the old template.",
        already_happened=True,
    )
    return {"restricted": restricted, "ordinary": ordinary, "waiting": waiting}


def pages_for(client, *, coordinator: bool) -> dict[str, str]:
    pages = {
        "case list": client.get(reverse("cases:list") + "?scope=all").content.decode(),
        "triage": client.get(reverse("cases:triage") + "?show=all").content.decode(),
        "search": client.post(reverse("cases:search"), {"name": "Sameperson"}).content.decode(),
        "home": client.get(reverse("core:home")).content.decode(),
    }
    if coordinator:
        pages["reviews"] = client.get(reverse("cases:reviews")).content.decode()
        pages["plan overrides"] = client.get(reverse("cases:contact-overrides")).content.decode()
    return pages


WHERE = {
    "case list": "restricted",
    "triage": "waiting",
    "search": "restricted",
    "home": "restricted",
    "reviews": "waiting",
    "plan overrides": "restricted",
}


@pytest.mark.parametrize("who", ["cora", "alice"])
def test_every_list_tags_a_restricted_case_in_words(who, request, client_for, cases):
    coordinator = who == "cora"
    pages = pages_for(client_for(request.getfixturevalue(who)), coordinator=coordinator)
    for name, html in pages.items():
        reference = cases[WHERE[name]].reference
        assert "Restricted" in row_with(html, reference), f"no Restricted tag in the {name}"


def test_an_ordinary_case_is_not_tagged(client_for, cora, cases):
    pages = pages_for(client_for(cora), coordinator=True)
    for name in ("case list", "search"):
        assert "Restricted" not in row_with(pages[name], cases["ordinary"].reference), name


def test_the_coordinator_sees_it_on_the_review_page_too(client_for, cora, cases):
    from haven.cases.models import CoordinatorReview

    review = CoordinatorReview.objects.get(case=cases["waiting"])
    text = visible_text(
        client_for(cora).get(reverse("cases:review", args=[review.pk])).content.decode()
    )
    assert "Restricted" in text
