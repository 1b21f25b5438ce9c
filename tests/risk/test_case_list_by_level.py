"""The DASH level in the case lists: the case list sorts by it (high first, not assessed last,
ties in the list's own order), and the triage queue and search results show it."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.cases.views.record import PAGE_SIZE
from tests.risk.factories import complete_dash
from tests.support.factories import make_case
from tests.support.personas import signed_in_client

pytestmark = pytest.mark.django_db

YES_FOR = {"high": 15, "medium": 11, "standard": 3}


def references_in_order(response) -> list[str]:
    """The case references of the list's rows, top to bottom."""
    return re.findall(r'href="/cases/([A-Z0-9-]+)/">\1</a>', response.content.decode())


def caption(response) -> str:
    found = re.search(r"<caption[^>]*>(.*?)</caption>", response.content.decode(), re.S)
    assert found
    return html.unescape(found.group(1)).strip()


@pytest.fixture
def mixed(alice, cora):
    """Eight cases received an hour apart (the newest last), two at each level and two never
    assessed, the levels interleaved so that the list's own order is not already the sort."""
    start = timezone.now() - dt.timedelta(days=1)
    levels = ["standard", None, "high", "medium", "high", "standard", None, "medium"]
    made = []
    for index, level in enumerate(levels):
        case = make_case(
            created_by=cora,
            owner=alice,
            given_name=f"Sorted{index}",
            received_at=start + dt.timedelta(hours=index),
        )
        if level:
            complete_dash(case, alice, yes=YES_FOR[level])
        made.append((case, level))
    return made


def test_sorted_by_level_high_first_then_medium_standard_and_not_assessed(mixed, alice):
    response = signed_in_client(alice).get(reverse("cases:list"), {"sort": "risk"})
    assert response.status_code == 200
    rank = {"high": 0, "medium": 1, "standard": 2, None: 3}
    # Within a level, the list's own order: received, newest first.
    expected = [
        case.reference
        for index, (case, level) in sorted(
            enumerate(mixed), key=lambda pair: (rank[pair[1][1]], -pair[0])
        )
    ]
    assert references_in_order(response) == expected
    assert caption(response) == "Cases, highest DASH risk level first"


def test_the_list_keeps_its_own_order_until_a_sort_is_chosen(mixed, alice):
    client = signed_in_client(alice)
    newest_first = [case.reference for case, _level in reversed(mixed)]
    assert references_in_order(client.get(reverse("cases:list"))) == newest_first
    # A sort the list does not offer is its own order, never an error.
    odd = client.get(reverse("cases:list"), {"sort": "'; drop table"})
    assert odd.status_code == 200 and references_in_order(odd) == newest_first
    assert caption(odd) == "Cases, newest first"


def test_the_sort_is_a_form_that_says_which_is_chosen_and_marks_the_sorted_column(mixed, alice):
    client = signed_in_client(alice)
    body = client.get(reverse("cases:list"), {"sort": "risk"}).content.decode()
    form = body[body.index('<form method="get"') : body.index("</form>", body.index('name="sort"'))]
    assert '<label class="govuk-label govuk-label--s" for="sort">' in form
    assert '<option value="risk" selected>Highest DASH risk level first</option>' in form
    assert '<option value="received">Newest first</option>' in form
    assert re.search(
        r'<th scope="col" class="govuk-table__header"\s+aria-sort="descending">\s*DASH risk', body
    )
    plain = client.get(reverse("cases:list")).content.decode()
    assert re.search(r'aria-sort="descending">\s*Received', plain)
    assert plain.count("aria-sort=") == 1


def test_the_sort_is_kept_across_pages_and_filters_and_the_filters_across_a_new_sort(alice, cora):
    start = timezone.now() - dt.timedelta(days=2)
    cases = [
        make_case(created_by=cora, owner=alice, received_at=start + dt.timedelta(minutes=i))
        for i in range(PAGE_SIZE + 3)
    ]
    for case in cases[:4]:
        complete_dash(case, alice, yes=16)
    client = signed_in_client(alice)
    first = client.get(reverse("cases:list"), {"sort": "risk", "state": "any"})
    body = html.unescape(first.content.decode())
    # The next page keeps the sort and the filter; so does every filter link.
    next_link = re.search(
        r'<a class="govuk-link govuk-pagination__link" href="([^"]+)" rel="next"', body
    )
    assert next_link and "sort=risk" in next_link.group(1) and "state=any" in next_link.group(1)
    filter_links = re.findall(r'href="(/cases/\?[^"]*)"', body)
    assert "/cases/?scope=mine&state=any&sort=risk&risk=high" in filter_links
    assert all("sort=risk" in link for link in filter_links)
    # Choosing another sort keeps the filters chosen, as hidden fields of the sort form.
    assert '<input type="hidden" name="state" value="any">' in body
    assert 'name="sort" value=' not in body  # the select carries the sort, not a hidden field
    second = client.get(next_link.group(1))
    on_both = references_in_order(first) + references_in_order(second)
    assert len(on_both) == len(set(on_both)) == len(cases)
    # The four high-risk cases lead the first page, newest of them first.
    assert on_both[:4] == [case.reference for case in reversed(cases[:4])]
    assert on_both[4:] == [case.reference for case in reversed(cases[4:])]


def test_sorting_and_filtering_by_level_together(mixed, alice):
    response = signed_in_client(alice).get(reverse("cases:list"), {"sort": "risk", "risk": "high"})
    highs = [case.reference for case, level in reversed(mixed) if level == "high"]
    assert references_in_order(response) == highs


@pytest.fixture
def _frozen_clock():
    # The session's "last seen" is saved when the second changes: a frozen clock keeps that
    # write out of the counts.
    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        yield


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.usefixtures("_frozen_clock")
def test_a_sorted_page_costs_the_same_queries_however_many_cases(alice, cora):
    client = signed_in_client(cora)
    url = reverse("cases:list") + "?scope=all&sort=risk"

    def add(count: int) -> None:
        for index in range(count):
            case = make_case(created_by=cora, owner=alice)
            if index % 3:
                complete_dash(case, alice, yes=(15, 11, 3)[index % 3])

    add(3)
    few = _queries(client, url)
    add(PAGE_SIZE + 5)
    assert _queries(client, url) == few
    assert _queries(client, url + "&page=2") == few
    assert _queries(client, reverse("cases:list") + "?scope=all") == few


def test_the_triage_queue_and_search_results_show_the_level(alice, cora):
    assessed = make_case(created_by=cora, given_name="Levelled", family_name="Shownhere")
    waiting = make_case(created_by=cora, given_name="Notyet", family_name="Shownhere")
    complete_dash(assessed, cora, yes=14)
    client = signed_in_client(alice)
    triage = html.unescape(client.get(reverse("cases:triage"), {"show": "all"}).content.decode())
    for page in (
        triage,
        html.unescape(client.post(reverse("cases:search"), {"name": "Shownhere"}).content.decode()),
    ):
        assert "DASH risk" in page
        row = page[page.index(assessed.reference) :]
        assert "High risk" in row[: row.index("</tr>")]
        row = page[page.index(waiting.reference) :]
        assert "Not assessed" in row[: row.index("</tr>")]
