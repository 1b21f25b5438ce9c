"""Pages cost the same number of queries with 3 cases as with 40: nothing per row."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.cases.services import record as record_services
from tests.support.factories import make_case


def _seed(count, *, officer, coordinator):
    cases = []
    for index in range(count):
        case = make_case(
            created_by=coordinator, owner=officer if index % 2 else None, given_name=f"Q{index}"
        )
        record_services.add_household_member(
            case, {"name": f"Child {index}", "is_child": True}, actor=officer
        )
        record_services.add_perpetrator(case, {"name": f"Perp {index}"}, actor=officer)
        cases.append(case)
    return cases


@pytest.fixture(autouse=True)
def _frozen_clock():
    # The session's "last seen" is saved when the second changes: a frozen clock keeps that
    # write out of the counts, so they compare like with like.
    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        yield


def _queries(client, url):
    client.get(url)  # the first request after sign-in also saves the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["cases:list", "cases:triage"])
def test_list_pages_do_not_grow_with_the_number_of_cases(url_name, alice, cora, client_for):
    client = client_for(cora)
    _seed(3, officer=alice, coordinator=cora)
    few = _queries(client, reverse(url_name) + "?scope=all&show=all")
    _seed(37, officer=alice, coordinator=cora)
    many = _queries(client, reverse(url_name) + "?scope=all&show=all")
    assert many == few


def test_case_page_does_not_grow_with_household_or_perpetrators(
    alice, cora, client_for, django_assert_max_num_queries
):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    url = reverse("cases:detail", args=[case.reference])
    few = _queries(client, url)
    for index in range(15):
        record_services.add_household_member(case, {"name": f"Child {index}"}, actor=alice)
        record_services.add_perpetrator(case, {"name": f"Perp {index}"}, actor=alice)
    many = _queries(client, url)
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(url)


def test_search_page_does_not_grow_with_results(alice, cora, client_for):
    client = client_for(cora)
    for _ in range(3):
        make_case(created_by=cora, family_name="Samename")
    client.post(reverse("cases:search"), {"name": "Samename"})
    with CaptureQueriesContext(connection) as few:
        client.post(reverse("cases:search"), {"name": "Samename"})
    for _ in range(20):
        make_case(created_by=cora, family_name="Samename")
    with CaptureQueriesContext(connection) as many:
        client.post(reverse("cases:search"), {"name": "Samename"})
    assert len(many) == len(few)
