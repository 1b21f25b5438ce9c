"""The access log page: the coordinator sees who did what, when, from where and why, can filter
it, and every viewing is itself logged."""

import datetime as dt
import re
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.audit.services import record_event
from haven.platform.registries import EventType, event_types

URL = reverse("audit:log")


def entry_rows(html: str) -> list[str]:
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, flags=re.S)


@pytest.fixture
def coordinator(cora, client_for):
    return client_for(cora)


def test_the_coordinator_sees_who_did_what_when_from_where_and_why(coordinator, alice, rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.44", HTTP_USER_AGENT="Firefox on a test bench")
    request.user = alice
    record_event(
        "case.viewed",
        request=request,
        object_type="cases.case",
        object_id="17",
        reason="Checking the safety plan before a home visit",
    )
    response = coordinator.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    row = entry_rows(html)[0]
    assert "Alice Officer" in row
    assert "alice@example.org" in row
    assert "Case viewed" in row
    assert "17" in row
    assert "192.0.2.44" in row
    assert "Firefox on a test bench" in row
    assert "Checking the safety plan before a home visit" in row


def test_viewing_the_log_is_itself_logged(coordinator, cora):
    coordinator.get(URL, {"action": "", "record": ""})
    viewing = AuditEvent.objects.get(action="audit.log_viewed")
    assert viewing.actor == cora
    assert viewing.detail["filters"] == []


def test_what_was_typed_as_a_record_is_not_copied_into_the_log(coordinator, alice, cora):
    record_event("case.viewed", actor=alice, object_type="cases.case", object_id="5")
    # Record numbers work for any record; a case reference is tried too where cases exist.
    coordinator.get(URL, {"record": "5"})
    viewing = AuditEvent.objects.filter(action="audit.log_viewed").get()
    assert viewing.detail["filters"] == ["record"]
    assert "5" not in str(viewing.detail)  # what was typed is not copied into the log


def test_entries_are_newest_first(coordinator, alice):
    for n in range(3):
        record_event("case.viewed", actor=alice, object_type="cases.case", object_id=str(n))
    first = entry_rows(coordinator.get(URL).content.decode())
    assert [re.search(r"Case (\d)<", row).group(1) for row in first[:3]] == ["2", "1", "0"]
    # This viewing is logged, and shows as the newest entry next time.
    assert "Access log viewed" in entry_rows(coordinator.get(URL).content.decode())[0]


def test_filters_narrow_the_entries(coordinator, alice, bob):
    record_event("case.viewed", actor=alice, object_type="cases.case", object_id="1")
    record_event("case.searched", actor=alice)
    record_event("case.viewed", actor=bob, object_type="cases.case", object_id="2")

    by_bob = entry_rows(coordinator.get(URL, {"staff": bob.pk}).content.decode())
    assert len(by_bob) == 1
    assert "Bob Officer" in by_bob[0]

    searches = entry_rows(coordinator.get(URL, {"action": "case.searched"}).content.decode())
    assert len(searches) == 1
    assert "Alice Officer" in searches[0]

    about_case_2 = entry_rows(coordinator.get(URL, {"record": " 2 "}).content.decode())
    assert len(about_case_2) == 1
    assert "Bob Officer" in about_case_2[0]


def test_filtering_by_date_range(coordinator, alice):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)):
        record_event("case.viewed", actor=alice, object_id="early")
    with time_machine.travel(dt.datetime(2026, 3, 9, 9, 0, tzinfo=dt.UTC)):
        record_event("case.viewed", actor=alice, object_id="later")
    query = {
        "date_from-day": "1",
        "date_from-month": "3",
        "date_from-year": "2026",
        "date_to-day": "2",
        "date_to-month": "3",
        "date_to-year": "2026",
    }
    rows = entry_rows(coordinator.get(URL, query).content.decode())
    assert len(rows) == 1
    assert "2 March 2026" in rows[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"date_from-day": "31", "date_from-month": "2", "date_from-year": "2026"},
            "Date from must be a real date",
        ),
        ({"date_to-day": "1", "date_to-month": "13"}, "Date to must include a year"),
        (
            {
                "date_from-day": "9",
                "date_from-month": "3",
                "date_from-year": "2026",
                "date_to-day": "1",
                "date_to-month": "3",
                "date_to-year": "2026",
            },
            "Date to must be the same as or after date from",
        ),
        ({"staff": "999999"}, "Choose a staff member from the list"),
        ({"staff": "<script>"}, "Choose a staff member from the list"),
        ({"action": "<b>case</b>"}, "Choose an action from the list"),
        ({"record": "x" * 61}, "Record must be 60 characters or fewer"),
    ],
)
def test_bad_filters_get_a_specific_message_and_keep_what_was_typed(coordinator, query, message):
    response = coordinator.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    assert "Correct the filters above to see entries" in html
    for value in query.values():
        if value.isdigit() and len(value) < 5:
            assert f'value="{value}"' in html
    assert "<script>" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_out_of_range_dates_and_page_positions_do_not_break_the_page(coordinator):
    query = {
        "date_to-day": "31",
        "date_to-month": "12",
        "date_to-year": "9999",
        "before": "99999999999999999999999",
        "after": "-3",
    }
    assert coordinator.get(URL, query).status_code == 200


def test_pages_of_fifty_with_older_and_newer_links(coordinator, alice):
    for n in range(120):
        record_event("case.viewed", actor=alice, object_type="cases.case", object_id=str(n))
    first = coordinator.get(URL, {"action": "case.viewed"}).content.decode()
    assert len(entry_rows(first)) == 50
    assert "Newer entries" not in first
    older_href = re.search(r'href="([^"]*before=\d+[^"]*)"[^>]*rel="next"', first)
    assert older_href is not None
    older_href = older_href.group(1).replace("&amp;", "&")
    assert "action=case.viewed" in older_href  # filters survive paging

    second = coordinator.get(older_href).content.decode()
    second_rows = entry_rows(second)
    assert len(second_rows) == 50
    assert "Case 69<" in second_rows[0]
    assert "Newer entries" in second

    newer_href = re.search(r'href="([^"]*after=\d+[^"]*)"[^>]*rel="prev"', second)
    back = coordinator.get(newer_href.group(1).replace("&amp;", "&")).content.decode()
    assert "Case 119<" in entry_rows(back)[0]


def test_the_page_costs_the_same_number_of_queries_however_many_entries(coordinator, alice):
    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert coordinator.get(URL, {"action": "case.viewed"}).status_code == 200
        return len(captured.captured_queries)

    # Time stands still, so the session is not re-saved by one request and not another.
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(5):
            record_event("case.viewed", actor=alice, object_type="cases.case", object_id=str(n))
        queries_for_page()  # warm up: the session and the cached list of actions
        few = queries_for_page()
        for n in range(60):
            record_event("case.viewed", actor=alice, object_type="cases.case", object_id=str(n))
        assert queries_for_page() == few


def test_chain_status_and_checking_it_on_demand(coordinator, alice, cora):
    html = coordinator.get(URL).content.decode()
    assert "The log has not been checked yet." in html

    response = coordinator.post(reverse("audit:check"), follow=True)
    html = response.content.decode()
    assert "The access log is complete: all" in html
    assert "Complete" in html
    assert "by Cora Coordinator" in html
    check = AuditEvent.objects.get(action="audit.chain_checked")
    assert check.actor == cora


def test_the_button_checks_only_what_was_added_since_the_last_complete_check(coordinator, alice):
    call_command("verify_audit_chain", stdout=StringIO())  # the nightly complete check
    record_event("case.viewed", actor=alice, object_id="1")
    html = coordinator.post(reverse("audit:check"), follow=True).content.decode()
    text = " ".join(html.split())
    assert "the 2 entries added since the last complete check are unchanged" in text
    assert "The whole log is checked again on the server" in text


def test_the_check_button_needs_a_post(coordinator):
    assert coordinator.get(reverse("audit:check")).status_code == 405


@pytest.mark.parametrize("persona", ["alice", "max_manager", "ada", "sam"])
def test_nobody_else_can_read_the_log(request, client_for, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="audit.log_viewed").exists()


def test_only_the_coordinator_is_shown_the_way_in(client_for, cora, alice):
    assert 'href="/audit/"' in client_for(cora).get(reverse("core:home")).content.decode()
    assert 'href="/audit/"' not in client_for(alice).get(reverse("core:home")).content.decode()


def test_dates_are_shown_in_uk_time(coordinator, alice):
    with time_machine.travel(dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)):
        record_event("case.viewed", actor=alice, object_id="1")
    rows = entry_rows(coordinator.get(URL, {"staff": alice.pk}).content.decode())
    assert "1 July 2026, 1:30pm" in rows[0]
    assert timezone.get_current_timezone_name() == "Europe/London"


def test_an_action_newer_than_the_list_of_actions_can_still_be_filtered(coordinator, alice):
    coordinator.get(URL)  # the list of actions in the log is now cached
    newer = EventType("risk.dash_recorded", "DASH risk assessment recorded", "cases.case")
    with event_types.temporarily(newer):
        record_event("risk.dash_recorded", actor=alice)
        rows = entry_rows(coordinator.get(URL, {"action": "risk.dash_recorded"}).content.decode())
    assert len(rows) == 1
    assert "DASH risk assessment recorded" in rows[0]


def test_a_case_reference_finds_that_case_and_is_shown_for_each_entry(coordinator, alice, bob):
    from tests.support.factories import make_case

    case = make_case(created_by=alice)
    other = make_case(created_by=alice)
    record_event("case.viewed", actor=bob, target=case, reason="Covering for Alice")
    record_event("case.viewed", actor=bob, target=other)

    html = coordinator.get(URL, {"record": f" {case.reference.lower()} "}).content.decode()

    rows = entry_rows(html)
    assert rows
    assert all(f"Case {case.reference}" in row for row in rows)
    assert "Covering for Alice" in rows[0]
    assert other.reference not in html.split("<tbody", 1)[1]
    viewing = AuditEvent.objects.filter(action="audit.log_viewed").get()
    # Who looked up the trail of a case is part of that case's trail.
    assert (viewing.object_type, viewing.object_id) == ("cases.case", str(case.pk))


def test_what_others_typed_or_sent_is_shown_as_text_never_run(coordinator, rf, alice):
    request = rf.get("/", HTTP_USER_AGENT="<script>alert('agent')</script>")
    request.user = alice
    record_event("case.viewed", request=request, reason="<img src=x onerror=alert(1)>")
    html = coordinator.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
