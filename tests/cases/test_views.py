"""Case pages as people use them: intake, triage, the case record, visibility."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.models import Case, CaseStatus, CoordinatorReview
from haven.cases.services import lifecycle as lifecycle_services
from haven.lib.working_days import LONDON
from tests.support.factories import make_case
from tests.support.html import visible_text

CASE_PAGES = [
    "cases:detail",
    "cases:record",
    "cases:edit-summary",
    "cases:edit-survivor",
    "cases:edit-needs",
    "cases:edit-equality",
    "cases:edit-tenancy",
    "cases:edit-abuse",
    "cases:edit-children",
    "cases:household-add",
    "cases:perpetrator-add",
    "cases:manage",
    "cases:status",
    "cases:close",
    "cases:restrict",
]


def disclosure_data(**overrides):
    today = timezone.localdate()
    data = {
        "channel": "phone",
        "received_date-day": str(today.day),
        "received_date-month": str(today.month),
        "received_date-year": str(today.year),
        "received_time": "",
        "immediate_danger": "no",
        "urgency": "3",
        "given_name": "Rowan",
        "family_name": "Testington",
        "summary": "Partner checks her phone and controls the money.",
        "tenancy_status": "tenant",
    }
    data.update(overrides)
    return data


def viewed_events(case):
    return AuditEvent.objects.filter(action="case.viewed", object_id=str(case.pk))


# --- Intake ------------------------------------------------------------------------------------


def test_officer_records_a_phone_disclosure_that_lands_in_triage(alice, client_for):
    client = client_for(alice)
    response = client.post(reverse("cases:new"), disclosure_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.reference in response["Location"] or "contact" in response["Location"]
    assert case.survivor.given_name == "Rowan"
    triage = client.get(reverse("cases:triage"))
    assert case.reference in triage.content.decode()


def test_bad_intake_keeps_what_was_typed_and_says_what_is_wrong(alice, client_for):
    client = client_for(alice)
    data = disclosure_data(
        given_name="",
        family_name="Keepme",
        **{"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "1990"},
    )
    response = client.post(reverse("cases:new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter first name" in page
    assert "Date of birth (optional) must be a real date" in page
    assert 'value="Keepme"' in page
    assert Case.objects.count() == 0


def test_future_received_date_is_refused(alice, client_for):
    future = timezone.localdate() + dt.timedelta(days=3)
    data = disclosure_data(
        **{
            "received_date-day": str(future.day),
            "received_date-month": str(future.month),
            "received_date-year": str(future.year),
        }
    )
    response = client_for(alice).post(reverse("cases:new"), data)
    assert "Date received must be today or in the past" in response.content.decode()


def test_survivor_under_16_is_recorded_with_a_safeguarding_prompt(alice, client_for):
    dob = timezone.localdate() - dt.timedelta(days=15 * 365)
    data = disclosure_data(
        **{
            "date_of_birth-day": str(dob.day),
            "date_of_birth-month": str(dob.month),
            "date_of_birth-year": str(dob.year),
        }
    )
    client = client_for(alice)
    client.post(reverse("cases:new"), data)
    case = Case.objects.get()
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "applies from 16" in page
    assert "children&#39;s safeguarding referral" in page or "children's safeguarding" in page


def test_typed_script_is_shown_as_text_never_run(alice, client_for):
    client = client_for(alice)
    client.post(reverse("cases:new"), disclosure_data(summary="<script>alert(1)</script>"))
    case = Case.objects.get()
    page = client.get(reverse("cases:record", args=[case.reference])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_possible_match_is_offered_and_can_be_linked(alice, cora, client_for):
    existing = make_case(
        created_by=cora,
        owner=alice,
        given_name="Rowan",
        family_name="Testington",
        phone="07700 900555",
    )
    client = client_for(alice)
    data = disclosure_data(phone="07700900555")
    offer = client.post(reverse("cases:new"), data)
    page = offer.content.decode()
    assert "This person may already have a case" in page
    assert existing.reference in page
    assert Case.objects.count() == 1
    linked = client.post(
        reverse("cases:new"), {**data, "decision": "link", "match": existing.reference}
    )
    assert linked["Location"] == reverse("cases:detail", args=[existing.reference])
    assert Case.objects.count() == 1
    assert existing.chronology.filter(kind="incident").exists()


def test_confirming_a_different_person_records_a_new_case(alice, cora, client_for):
    make_case(
        created_by=cora,
        owner=alice,
        given_name="Rowan",
        family_name="Testington",
        phone="07700 900556",
    )
    client = client_for(alice)
    data = disclosure_data(phone="07700 900556", decision="different")
    client.post(reverse("cases:new"), data)
    assert Case.objects.count() == 2


def _messages_after_intake(client, **data) -> list[str]:
    """The confirmation an officer reads after recording a disclosure, reference blanked."""
    response = client.post(reverse("cases:new"), disclosure_data(**data))
    assert response.status_code == 302  # recorded, not asked about a match it may see
    return [
        re.sub(r"DA-\d{4}-\d+", "DA-…", str(message))
        for message in get_messages(response.wsgi_request)
    ]


@pytest.mark.parametrize("restricted", [False, True], ids=["another team's", "restricted"])
def test_a_match_the_officer_cannot_see_is_flagged_and_the_officer_cannot_tell(
    restricted, bob, alice, cora, client_for
):
    hidden = make_case(
        created_by=cora,
        owner=alice,
        given_name="Rowan",
        family_name="Testington",
        phone="07700 900557",
        restricted_to=[alice] if restricted else None,
    )
    with_match = _messages_after_intake(
        client_for(bob), phone="07700 900557", family_name="Testington"
    )
    without_match = _messages_after_intake(
        client_for(bob), phone="07700 900999", given_name="Sasha", family_name="Unmatched"
    )

    # The same words whether or not a case Bob may not see matched: nothing confirms it exists.
    assert with_match == without_match
    assert not any(hidden.reference in message for message in with_match)
    flagged = Case.objects.exclude(pk=hidden.pk).get(
        survivor__phone_index=hidden.survivor.phone_index
    )
    assert CoordinatorReview.objects.filter(case=flagged, reason="possible_duplicate").exists()


# --- A staff member's concern -------------------------------------------------------------------


def test_staff_member_logs_a_concern_and_sees_nothing_of_the_case(sam, client_for):
    client = client_for(sam)
    response = client.post(
        reverse("cases:log-concern"),
        {"given_name": "Morgan", "immediate_danger": "yes", "summary": "Heard screaming."},
        follow=True,
    )
    case = Case.objects.get()
    page = response.content.decode()
    assert "Concern sent" in page
    assert case.reference not in page and "Morgan" not in page
    assert "call 999" in page
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 403
    assert client.get(reverse("cases:list")).status_code == 403
    assert case.channel == "staff_concern"


def test_concern_form_errors_are_specific(sam, client_for):
    response = client_for(sam).post(reverse("cases:log-concern"), {"given_name": "Morgan"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Answer the question: Do you think someone is in immediate danger now?" in page
    assert 'value="Morgan"' in page


# --- Visibility --------------------------------------------------------------------------------


def test_officer_in_another_team_gets_a_404(alice, bob, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    assert client_for(bob).get(reverse("cases:detail", args=[case.reference])).status_code == 404


def test_restricted_case_is_a_404_for_others_and_the_attempt_is_logged(alice, cora, client_for):
    case = make_case(created_by=cora, owner=None, restricted_to=[cora])
    response = client_for(alice).get(reverse("cases:detail", args=[case.reference]))
    assert response.status_code == 404
    refused = AuditEvent.objects.get(action="case.access_refused", object_id=str(case.pk))
    assert refused.actor_id == alice.pk
    assert not viewed_events(case).exists()
    assert client_for(cora).get(reverse("cases:detail", args=[case.reference])).status_code == 200


def test_named_officer_can_open_a_restricted_case(alice, bob, cora, client_for):
    case = make_case(created_by=cora, owner=alice, restricted_to=[bob])
    assert client_for(bob).get(reverse("cases:detail", args=[case.reference])).status_code == 200


@pytest.mark.parametrize("role_user", ["max_manager", "ada"])
def test_managers_and_administrators_see_no_case_content(
    role_user, alice, cora, client_for, request
):
    case = make_case(created_by=cora, owner=alice)
    user = request.getfixturevalue(role_user)
    assert client_for(user).get(reverse("cases:detail", args=[case.reference])).status_code == 403


@pytest.mark.parametrize("name", CASE_PAGES)
def test_every_case_view_writes_one_access_event(name, alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    response = client_for(alice).get(reverse(name, args=[case.reference]))
    assert response.status_code == 200
    assert viewed_events(case).count() == 1


def test_case_list_filters_mine_and_team(alice, bob, cora, client_for):
    mine = make_case(created_by=cora, owner=alice)
    other = make_case(created_by=cora, owner=bob)
    page = client_for(alice).get(reverse("cases:list")).content.decode()
    assert mine.reference in page and other.reference not in page
    everything = client_for(cora).get(reverse("cases:list") + "?scope=all").content.decode()
    assert mine.reference in everything and other.reference in everything


# --- Triage -------------------------------------------------------------------------------------


# A Wednesday in an ordinary week: the clocks below do not depend on the day the suite runs.
ORDINARY_WEDNESDAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


@time_machine.travel(ORDINARY_WEDNESDAY, tick=False)
def test_triage_orders_by_danger_then_urgency_and_shows_the_clock(alice, cora, client_for):
    now = timezone.now()
    overdue = make_case(created_by=cora, received_at=now - dt.timedelta(days=6), given_name="Old")
    urgent = make_case(created_by=cora, urgency=1, given_name="Urgent")
    danger = make_case(created_by=cora, immediate_danger=True, given_name="Danger")
    page = client_for(alice).get(reverse("cases:triage")).content.decode()
    assert (
        page.index(danger.reference) < page.index(urgent.reference) < page.index(overdue.reference)
    )
    assert "Overdue" in page
    assert "call 999" in page


@time_machine.travel(ORDINARY_WEDNESDAY, tick=False)
def test_triage_due_today(alice, cora, client_for, settings):
    settings.HAVEN_FIRST_CONTACT_WORKING_DAYS = 0
    today = timezone.localdate()
    make_case(created_by=cora, received_at=dt.datetime.combine(today, dt.time(0, 1), tzinfo=LONDON))
    assert "Due today" in client_for(alice).get(reverse("cases:triage")).content.decode()


def test_coordinator_allocates_seeing_caseloads_and_what_matches_in_words(
    alice, bob, cora, client_for
):
    alice.gender, alice.languages = "Woman", "Polish"
    alice.save()
    bob.gender, bob.languages = "Man", ""
    bob.save()
    for _ in range(3):
        make_case(created_by=cora, owner=bob)
    closed = make_case(created_by=cora, owner=bob)
    lifecycle_services.close_case(
        closed, reason="survivor_request", notes="", handed_over=False, actor=bob
    )
    case = make_case(created_by=cora)
    survivor = case.survivor
    survivor.preferred_staff_gender = "woman"
    survivor.interpreter_needed, survivor.language = True, "Tigrinya"
    survivor.save()
    client = client_for(cora)
    page = visible_text(
        client.get(reverse("cases:allocate", args=[case.reference])).content.decode()
    )
    assert "The survivor asked for a member of staff who is a woman" in page
    # Each officer: open cases held (a closed one does not count), then what matches, in words.
    assert "No open cases. A woman: yes; speaks Tigrinya: no; interpreter needed." in page
    assert "3 open cases. A woman: no; speaks Tigrinya: no; interpreter needed." in page
    response = client.post(reverse("cases:allocate", args=[case.reference]), {"officer": alice.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.owner == alice and case.status == CaseStatus.IN_TRIAGE


def test_allocation_page_shows_what_intake_recorded_about_children_and_the_perpetrator(
    alice, cora, client_for
):
    client = client_for(alice)
    client.post(
        reverse("cases:new"),
        disclosure_data(
            children_in_household="yes",
            children_count="2",
            perpetrator_relationship="intimate_relationship",
            perpetrator_housing="household_member",
            perpetrator_has_key="yes",
            court_orders=["non_molestation"],
        ),
    )
    case = Case.objects.get()
    page = visible_text(
        client_for(cora).get(reverse("cases:allocate", args=[case.reference])).content.decode()
    )
    assert "Children 2 children" in page
    assert (
        "Perpetrator Partner or ex-partner, lives there, has a key, non-molestation order" in page
    )


def test_only_the_coordinator_reassigns(alice, bob, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    url = reverse("cases:allocate", args=[case.reference])
    assert client_for(alice).get(url).status_code == 403
    response = client_for(cora).post(url, {"officer": bob.pk})
    assert "Enter the reason for the reassignment" in response.content.decode()
    client_for(cora).post(url, {"officer": bob.pk, "reason": "Alice is on leave"})
    case.refresh_from_db()
    assert case.owner == bob


def test_an_officer_may_take_a_case_but_not_give_it_to_someone_else(alice, bob, cora, client_for):
    case = make_case(created_by=cora)
    client = client_for(alice)
    refused = client.post(reverse("cases:allocate", args=[case.reference]), {"officer": bob.pk})
    assert refused.status_code == 200  # bob is not a choice for alice
    assert "Select" in refused.content.decode()
    client.post(reverse("cases:allocate", args=[case.reference]), {"officer": alice.pk})
    case.refresh_from_db()
    assert case.owner == alice


# --- Editing and concurrency -------------------------------------------------------------------


def test_second_save_is_refused_and_what_was_typed_is_kept(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    url = reverse("cases:edit-tenancy", args=[case.reference])
    form = {
        "tenancy_reference": "T100",
        "property_reference": "",
        "tenancy_type": "secure",
        "version": str(case.version),
    }
    first = client_for(alice).post(url, form)
    assert first.status_code == 302
    second = client_for(cora).post(url, {**form, "tenancy_reference": "T200"})
    page = second.content.decode()
    assert "Someone else changed this record since you opened it" in page
    assert "T100" in page  # what is saved now
    assert "Alice Officer" in page  # and who saved it
    assert 'value="T200"' in page  # what they typed, still in the form
    case.refresh_from_db()
    assert case.tenancy_reference == "T100"


def test_a_re_save_after_a_conflict_never_reverts_a_field_the_person_did_not_touch(
    alice, cora, client_for
):
    case = make_case(created_by=cora, owner=alice)
    url = reverse("cases:edit-tenancy", args=[case.reference])
    opened = {
        "tenancy_reference": "T100",
        "property_reference": "",
        "tenancy_type": "secure",
        "version": str(case.version),
    }
    # Alice changes the property reference and the tenancy reference.
    client_for(alice).post(
        url, {**opened, "property_reference": "P-9", "tenancy_reference": "T150"}
    )
    # Cora, from the page she opened earlier, changes the tenancy reference only: a clash.
    clash = client_for(cora).post(url, {**opened, "tenancy_reference": "T200"})
    page = clash.content.decode()
    assert 'value="P-9"' in page  # Alice's other change is on the form now, not Cora's old view
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    # Cora saves again, as invited, from the form as shown.
    client_for(cora).post(
        url,
        {**opened, "property_reference": "P-9", "tenancy_reference": "T200", "version": version},
    )
    case.refresh_from_db()
    assert (case.tenancy_reference, case.property_reference) == ("T200", "P-9")


def test_add_pages_show_no_conflict_on_an_empty_form(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    for name in ("cases:household-add", "cases:perpetrator-add"):
        page = client.get(reverse(name, args=[case.reference])).content.decode()
        assert "you opened" not in page  # no "changed since you opened it" of any wording
        assert "What clashes" not in page


def test_impossible_date_of_birth_is_refused_on_edit(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    url = reverse("cases:edit-survivor", args=[case.reference])
    response = client_for(alice).post(
        url,
        {
            "given_name": "Rowan",
            "tenancy_status": "tenant",
            "date_of_birth-day": "30",
            "date_of_birth-month": "2",
            "date_of_birth-year": "1980",
            "version": str(case.survivor.version),
        },
    )
    assert "must be a real date" in response.content.decode()


def test_adding_a_child_shows_on_the_case(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    client.post(
        reverse("cases:household-add", args=[case.reference]),
        {
            "name": "Kit Testington",
            "is_child": "on",
            "age_years": "6",
            "relationship_to_survivor": "child",
            "version": "1",
        },
    )
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Kit Testington" in page


# --- Lifecycle through the pages ---------------------------------------------------------------


def test_close_needs_a_reason_then_reopen(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    url = reverse("cases:close", args=[case.reference])
    missing = client.post(url, {})
    assert "Select why the case is being closed" in missing.content.decode()
    client.post(url, {"reason": "survivor_request"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    today = timezone.localdate()
    client.post(
        reverse("cases:reopen", args=[case.reference]),
        {
            "occurred_on-day": str(today.day),
            "occurred_on-month": str(today.month),
            "occurred_on-year": str(today.year),
            "summary": "New incident at the flat.",
            "immediate_danger": "no",
        },
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REOPENED


def test_coordinator_sees_and_completes_reviews(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    review = lifecycle_services.request_coordinator_review(case, reason="Three calls", actor=alice)
    client = client_for(cora)
    assert case.reference in client.get(reverse("cases:reviews")).content.decode()
    client.post(reverse("cases:review", args=[review.pk]), {"outcome": "Spoke to police"})
    review.refresh_from_db()
    assert review.status == "done"
    assert client_for(alice).get(reverse("cases:reviews")).status_code == 403


# --- Search -------------------------------------------------------------------------------------


def test_search_is_a_post_within_scope(alice, bob, cora, client_for):
    mine = make_case(created_by=cora, owner=alice, family_name="Quillon")
    theirs = make_case(created_by=cora, owner=bob, family_name="Quillon")
    client = client_for(alice)
    page = client.post(reverse("cases:search"), {"name": "QUILLON"}).content.decode()
    assert mine.reference in page and theirs.reference not in page
    empty = client.post(reverse("cases:search"), {}).content.decode()
    assert "Enter at least one thing to search for" in empty
    # A GET never searches, whatever is in the address.
    assert (
        mine.reference not in client.get(reverse("cases:search") + "?name=Quillon").content.decode()
    )


def test_case_list_pages_through_many_cases(alice, cora, client_for):
    cases = [make_case(created_by=cora, owner=alice) for _ in range(27)]
    client = client_for(alice)
    first = client.get(reverse("cases:list")).content.decode()
    assert "page=2" in first
    newest_first = sorted(cases, key=lambda c: (-c.received_at.timestamp(), c.pk))
    assert newest_first[0].reference in first and newest_first[26].reference not in first
    second = client.get(reverse("cases:list") + "?scope=mine&state=active&page=2").content.decode()
    assert newest_first[26].reference in second and newest_first[0].reference not in second
    # Nonsense page numbers are not an error.
    assert client.get(reverse("cases:list") + "?page=abc").status_code == 200


def test_concern_with_an_address_keeps_it_as_the_address(sam, cora, client_for):
    client_for(sam).post(
        reverse("cases:log-concern"),
        {
            "given_name": "Morgan",
            "tenancy_reference": "Flat 2, 10 Alder Road",
            "immediate_danger": "no",
            "summary": "Raised voices.",
        },
    )
    case = Case.objects.get()
    assert case.survivor.address == "Flat 2, 10 Alder Road"
    assert case.tenancy_reference == ""


def test_concern_with_a_tenancy_reference_is_matched_to_an_open_case(sam, alice, cora, client_for):
    existing = make_case(
        created_by=cora,
        owner=alice,
        given_name="Morgan",
        family_name="Fenwick",
        tenancy_reference="T123456",
    )
    client_for(sam).post(
        reverse("cases:log-concern"),
        {
            "given_name": "Morgan",
            "family_name": "Fenwick",
            "tenancy_reference": "t123456",
            "immediate_danger": "no",
            "summary": "Raised voices.",
        },
    )
    concern = Case.objects.exclude(pk=existing.pk).get()
    assert concern.possible_duplicate_of_id == existing.pk


def test_linking_to_a_case_not_offered_is_refused(alice, bob, cora, client_for):
    offered = make_case(
        created_by=cora,
        owner=alice,
        given_name="Rowan",
        family_name="Testington",
        phone="07700 900558",
    )
    hidden = make_case(created_by=cora, owner=bob)
    data = disclosure_data(phone="07700 900558", decision="link", match=hidden.reference)
    response = client_for(alice).post(reverse("cases:new"), data)
    assert "Select the existing case to add the disclosure to" in response.content.decode()
    assert hidden.reference not in response.content.decode()
    assert not offered.chronology.exists() and not hidden.chronology.exists()
