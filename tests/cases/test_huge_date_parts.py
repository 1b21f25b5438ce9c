"""A day, month or year of 2**31 or more is a mistake to explain, not a server error (issue 7, #4)."""

import pytest
from django.urls import reverse

from tests.support.contact import make_case

HUGE = "2147483648"

# (day, month, year) and the message the person sees.
HUGE_PARTS = [
    (("1", "1", HUGE), "Year must include 4 numbers"),
    ((HUGE, "1", "2026"), "must be a real date"),
    (("1", HUGE, "2026"), "must be a real date"),
    (("99999999999999999999", "99999999999999999999", "2026"), "must be a real date"),
]


def _date(name, parts):
    day, month, year = parts
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def _assert_explained(response, message):
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page


@pytest.mark.parametrize(("parts", "message"), HUGE_PARTS)
def test_search_by_a_huge_date_of_birth(client_for, alice, parts, message):
    response = client_for(alice).post(reverse("cases:search"), _date("date_of_birth", parts))
    _assert_explained(response, message)


@pytest.mark.parametrize(("parts", "message"), HUGE_PARTS)
def test_intake_with_a_huge_date_received(client_for, alice, parts, message):
    response = client_for(alice).post(
        reverse("cases:new"),
        {
            "channel": "phone",
            **_date("received_date", parts),
            "immediate_danger": "no",
            "urgency": "3",
            "given_name": "Sam",
            "family_name": "Synthetic",
            "summary": "Synthetic disclosure",
        },
    )
    _assert_explained(response, message)


@pytest.mark.parametrize(("parts", "message"), HUGE_PARTS)
def test_intake_with_a_huge_date_of_birth(client_for, alice, parts, message):
    response = client_for(alice).post(
        reverse("cases:new"),
        {"channel": "phone", **_date("date_of_birth", parts), "summary": "Synthetic"},
    )
    _assert_explained(response, message)


@pytest.mark.parametrize(("parts", "message"), HUGE_PARTS)
def test_an_incident_with_a_huge_date(client_for, alice, parts, message):
    case = make_case(owner=alice)
    response = client_for(alice).post(
        reverse("cases:chronology-incident", args=[case.reference]),
        {
            **_date("occurred_on", parts),
            "summary": "Synthetic incident",
            "reported_to_police": "no",
        },
    )
    _assert_explained(response, message)
