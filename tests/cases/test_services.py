"""Case services against the database: every change in one place, logged, with history."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.audit.versioning import EditConflict
from haven.cases.models import (
    Case,
    CaseStatus,
    Channel,
    CoordinatorReview,
    ReviewReason,
    ReviewStatus,
)
from haven.cases.models.chronology import ChronologyEntry
from haven.cases.services import access as access_services
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from haven.lib.working_days import LONDON
from tests.support.factories import make_case


def events(action):
    return AuditEvent.objects.filter(action=action)


def test_references_count_up_within_a_year(cora):
    first = make_case(created_by=cora)
    second = make_case(created_by=cora)
    year = timezone.localtime().year
    assert first.reference == f"DA-{year}-00001"
    assert second.reference == f"DA-{year}-00002"


def test_reference_year_is_the_year_received(cora):
    case = make_case(created_by=cora, received_at=dt.datetime(2025, 12, 31, 23, 30, tzinfo=LONDON))
    assert case.reference == "DA-2025-00001"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_never_share_a_reference():
    issued, errors = [], []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            from django.db import transaction

            for _ in range(5):
                with transaction.atomic():
                    issued.append(record_services.issue_reference(2031))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(issued) == [f"DA-2031-{n:05d}" for n in range(1, 41)]


def test_disclosure_is_due_the_next_working_day(cora):
    friday_evening = dt.datetime(2026, 11, 27, 19, 0, tzinfo=LONDON)
    case = make_case(created_by=cora, received_at=friday_evening)
    assert timezone.localtime(case.first_contact_due_at).date() == dt.date(2026, 11, 30)
    assert case.status == CaseStatus.NEW


def test_first_contact_standard_is_configurable(cora, settings):
    settings.HAVEN_FIRST_CONTACT_WORKING_DAYS = 2
    case = make_case(created_by=cora, received_at=dt.datetime(2026, 11, 25, 9, tzinfo=LONDON))
    assert timezone.localtime(case.first_contact_due_at).date() == dt.date(2026, 11, 27)


def test_recording_a_disclosure_is_logged_without_content(cora):
    case = make_case(created_by=cora, given_name="Zebedee", summary="Very private words")
    event = events("case.created").get(object_id=str(case.pk))
    assert "Zebedee" not in str(event.detail) and "private" not in str(event.detail)
    assert event.detail["channel"] == Channel.PHONE


def test_identifying_details_are_encrypted_at_rest(cora):
    case = make_case(created_by=cora, given_name="Zebedee", phone="07700 900123")
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name, phone FROM cases_survivor WHERE case_id = %s", [case.pk])
        given_name, phone = cursor.fetchone()
        cursor.execute("SELECT summary FROM cases_case WHERE id = %s", [case.pk])
        (summary,) = cursor.fetchone()
    assert "Zebedee" not in given_name and given_name.startswith("fernet:")
    assert "900123" not in phone
    assert summary.startswith("fernet:")


def test_possible_duplicate_is_flagged_to_the_coordinator(alice, cora, sam):
    existing = make_case(
        created_by=cora, owner=alice, given_name="Jo", family_name="Bloggs", phone="07700 900001"
    )
    disclosure = record_services.Disclosure(
        channel=Channel.STAFF_CONCERN,
        received_at=timezone.now(),
        given_name="JO",
        family_name="bloggs",
        phone="+44 7700 900001",
        summary="Bruises seen.",
    )
    concern = record_services.log_concern(disclosure, actor=sam)
    assert concern.pk != existing.pk
    assert concern.possible_duplicate_of_id == existing.pk
    review = CoordinatorReview.objects.get(case=concern)
    assert review.reason == ReviewReason.POSSIBLE_DUPLICATE
    assert existing.reference in review.details


def test_closed_cases_are_not_offered_as_matches(alice, cora):
    old = make_case(created_by=cora, owner=alice, phone="07700 900002")
    lifecycle_services.close_case(
        old, reason="survivor_request", notes="", handed_over=False, actor=alice
    )
    indexes = record_services.identity_indexes(phone="07700 900002")
    assert record_services.find_possible_matches(indexes) == []


def test_allocation_moves_a_new_case_into_triage(alice, cora):
    case = make_case(created_by=cora)
    case = lifecycle_services.allocate_case(case, officer=alice, actor=cora)
    assert case.owner == alice and case.team == alice.team
    assert case.status == CaseStatus.IN_TRIAGE
    assert events("case.allocated").filter(object_id=str(case.pk)).exists()


def test_reassignment_needs_a_reason_and_is_logged_with_it(alice, bob, cora):
    case = make_case(created_by=cora, owner=alice)
    with pytest.raises(ValueError):
        lifecycle_services.allocate_case(case, officer=bob, actor=cora)
    lifecycle_services.allocate_case(case, officer=bob, actor=cora, reason="Alice on leave")
    event = events("case.reassigned").get(object_id=str(case.pk))
    assert event.reason == "Alice on leave"
    assert case.history.first().history_change_reason == "Alice on leave"


def test_first_contact_opens_the_case(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    case = lifecycle_services.record_first_contact(case, actor=alice, contacted_at=timezone.now())
    assert case.status == CaseStatus.OPEN and case.first_contact_at is not None


def test_closing_is_refused_while_a_review_is_open(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    lifecycle_services.request_coordinator_review(
        case, reason="Three calls unanswered.", actor=alice
    )
    with pytest.raises(lifecycle_services.ClosureRefused) as refused:
        lifecycle_services.close_case(
            case, reason="support_in_place", notes="", handed_over=False, actor=alice
        )
    assert "coordinator review is still open" in refused.value.problems["handed_over"]
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED


def test_no_contact_closure_after_the_coordinator_reviewed_risk(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    review = lifecycle_services.request_coordinator_review(case, reason="No answer x3", actor=alice)
    lifecycle_services.complete_coordinator_review(
        review, outcome="Risk reviewed; police aware", actor=cora
    )
    case = lifecycle_services.close_case(
        case, reason="no_contact_risk_reviewed", notes="", handed_over=False, actor=alice
    )
    assert case.status == CaseStatus.CLOSED
    assert events("case.closed").filter(object_id=str(case.pk)).exists()


def test_asking_twice_for_the_same_review_gives_one_review(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    first = lifecycle_services.request_coordinator_review(case, reason="Three failed", actor=alice)
    second = lifecycle_services.request_coordinator_review(case, reason="Four failed", actor=alice)
    assert first.pk == second.pk
    assert CoordinatorReview.objects.filter(case=case, status=ReviewStatus.OPEN).count() == 1


def test_disengagement_asks_for_a_review_and_never_closes(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    lifecycle_services.record_first_contact(case, actor=alice, contacted_at=timezone.now())
    case = lifecycle_services.change_status(
        case, CaseStatus.DISENGAGED, actor=alice, reason="No replies"
    )
    assert case.status == CaseStatus.DISENGAGED
    assert CoordinatorReview.objects.filter(case=case, reason=ReviewReason.DISENGAGED).exists()


def test_reopening_records_a_new_incident_and_restarts_the_clock(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    lifecycle_services.record_first_contact(case, actor=alice, contacted_at=timezone.now())
    lifecycle_services.close_case(
        case, reason="survivor_request", notes="", handed_over=False, actor=alice
    )
    case = lifecycle_services.reopen_case(
        case,
        actor=alice,
        occurred_on=timezone.localdate(),
        summary="He came back to the flat.",
        reported_to_police=True,
        crime_reference="CR/123/26",
    )
    assert case.status == CaseStatus.REOPENED
    assert case.first_contact_at is None and case.reopened_count == 1
    assert ChronologyEntry.objects.filter(case=case, kind="incident").count() == 1


def test_the_same_field_changed_from_an_old_version_is_a_conflict_showing_both_values(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    survivor = case.survivor
    opened_version = survivor.version
    record_services.update_record(
        survivor,
        {"known_as": "Jojo", "gender": ""},
        expected_version=opened_version,
        actor=alice,
        case=case,
        action="case.survivor_updated",
    )
    with pytest.raises(EditConflict) as clash:
        record_services.update_record(
            survivor,
            {"known_as": "Jo-Jo", "gender": ""},
            expected_version=opened_version,
            actor=cora,
            case=case,
            action="case.survivor_updated",
        )
    [conflict] = clash.value.conflicts
    assert (conflict.theirs, conflict.yours, conflict.by) == ("Jojo", "Jo-Jo", "Alice Officer")
    survivor.refresh_from_db()
    assert survivor.known_as == "Jojo"


def test_different_fields_changed_at_once_are_both_kept(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    survivor = case.survivor
    opened = {"known_as": survivor.known_as, "gender": survivor.gender}
    opened_version = survivor.version
    record_services.update_record(
        survivor,
        {**opened, "known_as": "Jojo"},
        expected_version=opened_version,
        actor=alice,
        case=case,
        action="case.survivor_updated",
    )
    saved = record_services.update_record(
        survivor,
        {**opened, "gender": "Woman"},
        expected_version=opened_version,
        actor=cora,
        case=case,
        action="case.survivor_updated",
    )
    survivor.refresh_from_db()
    # Cora's save did not put back the name she had on screen when she opened the page.
    assert (survivor.known_as, survivor.gender) == ("Jojo", "Woman")
    assert "Alice Officer also changed known as" in saved.kept_message()


def test_a_staff_member_perpetrator_restricts_the_case(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    record_services.add_perpetrator(
        case, {"name": "Pat Colleague", "is_staff_member": True}, actor=alice
    )
    case.refresh_from_db()
    assert case.restricted
    assert set(case.restricted_to.all()) == {alice}


def test_search_is_scoped_and_logs_fields_not_terms(alice, bob, cora):
    mine = make_case(created_by=cora, owner=alice, family_name="Quill", postcode="QA1 1AA")
    make_case(created_by=cora, owner=bob, family_name="Quill", postcode="QA1 1AA")
    found = access_services.search_cases(access_services.SearchCriteria(name="quill"), actor=alice)
    assert found.cases == [mine]
    assert (
        len(
            access_services.search_cases(
                access_services.SearchCriteria(postcode="qa11aa"), actor=cora
            )
        )
        == 2
    )
    event = events("case.searched").filter(actor=alice).get()
    # Bob's Quill is out of Alice's sight: counted, never named (it is not restricted).
    assert event.detail == {
        "fields": ["name"],
        "results": 1,
        "cases": [mine.pk],
        "out_of_scope": 1,
        "out_of_scope_more": False,
        "restricted": False,
    }
    assert "quill" not in str(event.detail).lower()


def test_search_by_date_of_birth_and_reference(alice, cora):
    case = make_case(created_by=cora, owner=alice, date_of_birth=dt.date(1990, 2, 3))
    by_dob = access_services.search_cases(
        access_services.SearchCriteria(date_of_birth=dt.date(1990, 2, 3)), actor=alice
    )
    by_ref = access_services.search_cases(
        access_services.SearchCriteria(reference=case.reference.lower()), actor=alice
    )
    assert by_dob.cases == [case] and by_ref.cases == [case]


def test_edits_keep_history(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    record_services.update_record(
        case,
        {"summary": "Updated"},
        expected_version=case.version,
        actor=alice,
        case=case,
        action="case.summary_updated",
    )
    assert case.history.count() >= 3
    assert Case.objects.get(pk=case.pk).summary == "Updated"
