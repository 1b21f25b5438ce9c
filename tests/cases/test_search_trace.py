"""Search traces: each search records which cases it returned and how many matching cases the
searcher may not see, never the terms; a case's access history shows the searches that found it,
and a restricted case the searches that matched it out of sight. The out-of-sight work is the
same for every search, so neither the page nor its timing tells the searcher anything."""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.audit.models import AuditEvent, AuditEventLink
from haven.cases.services import access as access_services
from tests.support.factories import make_case


def search(client, **terms):
    response = client.post(reverse("cases:search"), terms)
    assert response.status_code == 200
    return response.content.decode()


def last_search(actor):
    return AuditEvent.objects.filter(action="case.searched", actor=actor).latest("sequence")


def access_history(client, case):
    response = client.get(reverse("audit:log"), {"record": case.reference})
    assert response.status_code == 200
    return response.content.decode()


def links(event, relation):
    return sorted(
        int(object_id)
        for object_id in AuditEventLink.objects.filter(event=event, relation=relation).values_list(
            "object_id", flat=True
        )
    )


def test_a_search_records_the_cases_it_returned(alice, cora, client_for):
    found = [make_case(created_by=cora, owner=alice, family_name="Marsh") for _ in range(3)]
    make_case(created_by=cora, owner=alice, family_name="Other")
    search(client_for(alice), name="Marsh")
    event = last_search(alice)
    assert sorted(event.detail["cases"]) == sorted(case.pk for case in found)
    assert event.detail["results"] == 3
    assert links(event, "returned") == sorted(case.pk for case in found)
    assert links(event, "matched_out_of_scope") == []
    assert "marsh" not in (str(event.detail) + event.reason).lower()


def test_the_case_access_history_shows_who_found_it_in_a_search(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice, family_name="Fenwick")
    search(client_for(alice), name="Fenwick")
    html = access_history(client_for(cora), case)
    assert "Appeared in a search by Alice Officer" in html
    assert f"Case {case.reference}" in html


def test_a_restricted_case_out_of_sight_is_counted_flagged_and_shows_the_attempt(
    alice, bob, cora, client_for
):
    hidden = make_case(created_by=cora, family_name="Harrow", restricted_to=[bob])
    elsewhere = make_case(created_by=cora, owner=bob, family_name="Harrow")
    html = search(client_for(alice), name="Harrow")
    # Alice is told nothing: no result, no count, no hint.
    assert hidden.reference not in html and elsewhere.reference not in html
    event = last_search(alice)
    assert event.detail["results"] == 0
    assert event.detail["cases"] == []
    assert event.detail["out_of_scope"] == 2
    assert event.detail["restricted"] is True
    # Only the restricted one is named (for its history); the other is only counted.
    assert links(event, "matched_out_of_scope") == [hidden.pk]

    history = access_history(client_for(cora), hidden)
    assert "Matched a search by Alice Officer, who may not see it" in history
    assert "Matched a search" not in access_history(client_for(cora), elsewhere)


def test_the_coordinator_sees_everything_so_nothing_is_out_of_sight(alice, bob, cora, client_for):
    make_case(created_by=cora, family_name="Lowry", restricted_to=[bob])
    search(client_for(cora), name="Lowry")
    event = last_search(cora)
    assert event.detail["results"] == 1
    assert event.detail["out_of_scope"] == 0
    assert event.detail["restricted"] is False


def _statements(client, **terms):
    with CaptureQueriesContext(connection) as captured:
        search(client, **terms)
    # The shape of each statement, without its values: which tables, which operations.
    return [re.sub(r"'[^']*'|\s?-?\b\d+\b|\"s\d+_x\d+\"", "?", query["sql"]) for query in captured]


def test_the_same_statements_run_whether_or_not_anything_out_of_sight_matched(
    alice, bob, cora, client_for
):
    make_case(created_by=cora, family_name="Quarry", restricted_to=[bob])
    for _ in range(3):
        make_case(created_by=cora, owner=bob, family_name="Quarry")
    client = client_for(alice)
    search(client, name="Nobody")  # the first request also saves the session
    nothing_hidden = _statements(client, name="Nobody")
    something_hidden = _statements(client, name="Quarry")
    assert len(something_hidden) == len(nothing_hidden)
    assert something_hidden == nothing_hidden
    assert last_search(alice).detail["restricted"] is True


def test_a_page_of_results_is_linked_in_one_statement(alice, cora, client_for):
    for _ in range(access_services.SEARCH_PAGE_SIZE + 3):
        make_case(created_by=cora, owner=alice, family_name="Plenty")
    client = client_for(alice)
    with CaptureQueriesContext(connection) as captured:
        search(client, name="Plenty")
    inserts = [q for q in captured if "INSERT INTO" in q["sql"] and "auditeventlink" in q["sql"]]
    assert len(inserts) == 2, "one statement for returned cases, one for out-of-sight matches"
    assert len(links(last_search(alice), "returned")) == access_services.SEARCH_PAGE_SIZE


def test_out_of_sight_matches_are_counted_up_to_a_limit(alice, bob, cora, monkeypatch):
    monkeypatch.setattr(access_services, "OUT_OF_SCOPE_COUNT_LIMIT", 2)
    for _ in range(3):
        make_case(created_by=cora, owner=bob, family_name="Many")
    access_services.search_cases(access_services.SearchCriteria(name="Many"), actor=alice)
    event = last_search(alice)
    assert event.detail["out_of_scope"] == 2
    assert event.detail["out_of_scope_more"] is True


def test_links_cannot_be_changed_or_removed(alice, cora):
    make_case(created_by=cora, owner=alice, family_name="Fixed")
    access_services.search_cases(access_services.SearchCriteria(name="Fixed"), actor=alice)
    link = AuditEventLink.objects.get()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEventLink.objects.filter(pk=link.pk).update(object_id="999")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEventLink.objects.filter(pk=link.pk).delete()
    assert AuditEventLink.objects.get().object_id == link.object_id


def test_the_coordinator_reaches_the_access_history_from_the_case(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    link = f"{reverse('audit:log')}?record={case.reference}"
    manage = reverse("cases:manage", args=[case.reference])
    assert link in client_for(cora).get(manage).content.decode()
    assert link not in client_for(alice).get(manage).content.decode()
