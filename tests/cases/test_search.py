"""Searching cases: every kind of term an officer types, within their scope, a page at a time.

Runs on SQLite and, with DATABASE_URL set, on PostgreSQL (CI runs both)."""

import datetime as dt
import re
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.cases.forms.record import SearchForm
from haven.cases.models import SearchTerm
from haven.cases.services import access as access_services
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from haven.platform.registries import bench_pages
from tests.support.factories import make_case

Criteria = access_services.SearchCriteria


def found(actor, **criteria):
    return access_services.search_cases(Criteria(**criteria), actor=actor).cases


@pytest.fixture
def olivia(alice, cora):
    return make_case(
        created_by=cora,
        owner=alice,
        given_name="Olivia",
        family_name="Smith-Jones",
        date_of_birth=dt.date(1990, 2, 3),
        postcode="QA1 2BD",
        phone="07700 900123",
    )


@pytest.mark.parametrize(
    "criteria",
    [
        {"name": "smith-jones"},
        {"name": "Jones"},  # either half of a double-barrelled surname
        {"name": "OLIVIA"},  # a first name alone
        {"name": "Oli"},  # the first three letters
        {"name": "Olivia Smith-Jones"},
        {"date_of_birth": dt.date(1990, 2, 3)},
        {"postcode": "qa12bd"},
        {"phone": "+44 7700 900 123"},
        {"name": "Olivia", "date_of_birth": dt.date(1990, 2, 3), "postcode": "QA1 2BD"},
    ],
)
def test_each_kind_of_search_finds_the_survivor(criteria, olivia, alice, cora):
    make_case(created_by=cora, owner=alice, given_name="Amelia", family_name="Brown")
    assert found(alice, **criteria) == [olivia]


def test_a_reference_finds_its_case(olivia, alice):
    assert found(alice, reference=olivia.reference.lower()) == [olivia]


@pytest.mark.parametrize(
    "criteria",
    [
        {"name": "Smit"},  # four letters are a whole name, not a beginning
        {"name": "Olivia Brown"},
        {"name": "Olivia", "date_of_birth": dt.date(1990, 2, 4)},  # every detail must match
        {"name": "Smith Olivia"},  # a full name is first name then last name
        {"phone": "07700 900124"},
    ],
)
def test_what_does_not_match_finds_nothing(criteria, olivia, alice):
    assert found(alice, **criteria) == []


def test_renaming_the_survivor_moves_the_case_to_the_new_name(olivia, alice):
    record_services.update_record(
        olivia.survivor,
        {"family_name": "Walker"},
        expected_version=olivia.survivor.version,
        actor=alice,
        case=olivia,
        action="case.survivor_updated",
    )
    assert found(alice, name="Walker") == [olivia]
    assert found(alice, name="Smith-Jones") == []
    assert found(alice, name="Olivia Walker") == [olivia]


@pytest.mark.parametrize(
    "criteria",
    [
        {"name": "Quill"},
        {"name": "Qui"},
        {"name": "Ruth"},
        {"name": "Ruth Quill"},
        {"date_of_birth": dt.date(1985, 5, 6)},
        {"postcode": "QN9 9ZZ"},
        {"phone": "01632 960001"},
    ],
)
def test_an_officer_never_finds_a_case_outside_their_scope(criteria, alice, bob, cora):
    details = {
        "given_name": "Ruth",
        "family_name": "Quill",
        "date_of_birth": dt.date(1985, 5, 6),
        "postcode": "QN9 9ZZ",
        "phone": "01632 960001",
    }
    mine = make_case(created_by=cora, owner=alice, **details)
    make_case(created_by=cora, owner=bob, **details)  # another team's
    # Unallocated (so in every officer's shared queue) but restricted to others.
    make_case(created_by=cora, restricted_to=[bob], **details)
    assert found(alice, **criteria) == [mine]
    assert len(found(cora, **criteria)) == 3  # the coordinator sees every case


def test_results_come_a_page_at_a_time_newest_recorded_first(alice, cora):
    size = access_services.SEARCH_PAGE_SIZE
    cases = [
        make_case(created_by=cora, owner=alice, family_name="Pagewood") for _ in range(size + 3)
    ]
    first = access_services.search_cases(Criteria(name="Pagewood"), actor=alice)
    second = access_services.search_cases(Criteria(name="Pagewood"), actor=alice, page=2)
    assert first.cases == cases[::-1][:size] and second.cases == cases[::-1][size:]
    assert (first.count, first.more, first.has_next, first.first, first.last) == (
        size + 3,
        False,
        True,
        1,
        size,
    )
    assert (second.has_previous, second.has_next, second.first, second.last) == (
        True,
        False,
        size + 1,
        size + 3,
    )
    # A page past the end (fewer matches since) shows the last page, not an empty one.
    assert access_services.search_cases(Criteria(name="Pagewood"), actor=alice, page=9).page == 2


def test_past_the_count_limit_it_says_more_rather_than_counting_everything(
    alice, cora, monkeypatch
):
    monkeypatch.setattr(access_services, "SEARCH_COUNT_LIMIT", 5)
    monkeypatch.setattr(access_services, "SEARCH_PAGE_SIZE", 2)
    for _ in range(7):
        make_case(created_by=cora, owner=alice, family_name="Manyfold")
    results = access_services.search_cases(Criteria(name="Manyfold"), actor=alice, page=50)
    assert (results.count, results.more, results.page, len(results)) == (5, True, 3, 1)


def test_the_search_index_is_filled_for_survivors_recorded_before_it(olivia, alice):
    # The migration's backfill, run again on an emptied table, rebuilds what saving builds.
    expected = set(SearchTerm.objects.values_list("case_id", "term"))
    SearchTerm.objects.all().delete()
    migration = import_module("haven.cases.migrations.0009_search_terms")
    migration.fill_search_terms(django_apps, None)
    assert set(SearchTerm.objects.values_list("case_id", "term")) == expected
    assert found(alice, name="Oli") == [olivia]


def test_the_search_page_pages_by_posting_the_search_again(alice, cora, client_for):
    size = access_services.SEARCH_PAGE_SIZE
    for _ in range(size + 1):
        make_case(created_by=cora, owner=alice, family_name="Pagewood")
    client = client_for(alice)
    first = client.post(reverse("cases:search"), {"name": "Pagewood"})
    text = first.content.decode()
    assert f"{size + 1} cases found" in text and f"Showing 1 to {size}," in text
    buttons = re.findall(r"<button[^>]*>", text)
    assert any('name="page"' in button and 'value="2"' in button for button in buttons)
    assert '<input type="hidden" name="name" value="Pagewood">' in text
    second = client.post(reverse("cases:search"), {"name": "Pagewood", "page": "2"})
    assert f"Showing {size + 1} to {size + 1}," in second.content.decode()
    odd = client.post(reverse("cases:search"), {"name": "Pagewood", "page": "-1x"})
    assert odd.status_code == 200 and f"Showing 1 to {size}," in odd.content.decode()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("name", "-- '", "Enter the name using letters"),
        ("postcode", "  --  ", "Enter a postcode"),
        ("phone", "call me", "Enter a phone number"),
    ],
)
def test_terms_that_look_for_nothing_get_an_error_and_keep_what_was_typed(
    field, typed, message, alice, client_for
):
    response = client_for(alice).post(reverse("cases:search"), {field: typed})
    text = response.content.decode()
    assert response.status_code == 200 and message in text and "govuk-error-summary" in text
    assert f'value="{typed}"'.replace("'", "&#39;") in text or typed in text


def test_search_page_queries_do_not_grow_with_the_number_of_matches(alice, cora, client_for):
    client = client_for(alice)
    url = reverse("cases:search")

    def queries(name):
        client.post(url, {"name": name})  # the first request after sign-in saves the session
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"name": name})
        assert response.status_code == 200 and name in response.content.decode()
        return len(captured)

    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        for _ in range(2):
            make_case(created_by=cora, owner=alice, family_name="Fewmatch")
        for _ in range(30):
            make_case(created_by=cora, owner=alice, family_name="Manymatch")
        assert queries("Manymatch") == queries("Fewmatch")


def test_every_benchmarked_search_fills_only_fields_the_search_form_has(olivia):
    field_names = {
        name
        for bound in SearchForm()
        for name in (
            [f"{bound.html_name}-day", f"{bound.html_name}-month", f"{bound.html_name}-year"]
            if bound.name == "date_of_birth"
            else [bound.html_name]
        )
    }
    searches = [page for page in bench_pages if page.kind == "search"]
    assert {page.label for page in searches} >= {
        "search: surname",
        "search: first name",
        "search: partial name",
        "search: date of birth",
        "search: postcode",
        "search: phone",
        "search: reference",
    }
    for page in searches:
        values = page.form(olivia)
        assert values and set(values) <= field_names, page.label


def test_allocation_does_not_change_what_a_case_is_found_by(alice, cora):
    case = make_case(created_by=cora, given_name="Unallocated", family_name="Casey")
    lifecycle_services.allocate_case(case, officer=alice, actor=cora)
    assert found(alice, name="Casey") == [case]
