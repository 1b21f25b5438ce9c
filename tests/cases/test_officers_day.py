"""Issue 7, the officer's day: intake records what triage needs as facts on the case record,
triage and allocation show them, and the case opens on an overview."""

import datetime as dt
import html as html_lib

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.cases.models import Case, ContactRecord, Perpetrator
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.services import record as record_services
from haven.lib.working_days import LONDON
from tests.cases.test_views import disclosure_data
from tests.support.factories import make_case
from tests.support.html import visible_text

FACTS = {
    "children_in_household": "yes",
    "children_count": "2",
    "perpetrator_name": "Dale Synthetic",
    "perpetrator_relationship": "intimate_relationship",
    "perpetrator_housing": "household_member",
    "perpetrator_has_key": "yes",
    "court_orders": ["non_molestation"],
}


def page_text(client, name, case):
    """What a person reads: tags gone, and entities (&#39;) as the characters they show."""
    html = client.get(reverse(name, args=[case.reference])).content.decode()
    return html_lib.unescape(visible_text(html))


# --- Intake -------------------------------------------------------------------------------


def test_intake_records_children_and_the_perpetrator_on_the_case_record(alice, client_for):
    client = client_for(alice)
    response = client.post(reverse("cases:new"), disclosure_data(**FACTS))
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.children_in_household, case.children_count) == ("yes", 2)
    perpetrator = Perpetrator.objects.get(case=case)
    # One fact, one place: the perpetrator's record holds what intake heard.
    assert perpetrator.name == "Dale Synthetic"
    assert perpetrator.relationship == "intimate_relationship"
    assert perpetrator.housing == "household_member"
    assert perpetrator.has_key == "yes"
    assert perpetrator.court_orders == ["non_molestation"]
    record = page_text(client, "cases:record", case)
    assert "Children in the household 2 children" in record
    assert "Has a key to the survivor's home Yes" in record
    assert "Court orders Non-molestation order" in record


def test_an_unnamed_perpetrator_is_recorded_when_triage_facts_are_known(alice, client_for):
    client = client_for(alice)
    client.post(
        reverse("cases:new"),
        disclosure_data(perpetrator_has_key="yes", perpetrator_housing="living_elsewhere"),
    )
    perpetrator = Perpetrator.objects.get()
    assert perpetrator.name == ""
    assert "Perpetrator: Name not given" in page_text(client, "cases:detail", perpetrator.case)


def test_intake_with_nothing_about_the_perpetrator_records_none(alice, client_for):
    client_for(alice).post(
        reverse("cases:new"),
        disclosure_data(perpetrator_relationship="unknown", perpetrator_has_key="unknown"),
    )
    assert not Perpetrator.objects.exists()
    case = Case.objects.get()
    assert case.children_in_household == "" and case.children_count is None


def test_not_known_court_orders_are_stored_as_not_known_and_none_as_none(alice, client_for):
    client = client_for(alice)
    client.post(
        reverse("cases:new"),
        disclosure_data(court_orders=["unknown"], perpetrator_has_key="no", given_name="A"),
    )
    client.post(reverse("cases:new"), disclosure_data(court_orders=["none"], given_name="B"))
    orders = dict(Perpetrator.objects.values_list("case__survivor__given_name", "court_orders"))
    assert orders == {"A": [], "B": ["none"]}


def test_an_order_ticked_with_none_is_refused_and_what_was_typed_kept(alice, client_for):
    response = client_for(alice).post(
        reverse("cases:new"),
        disclosure_data(
            court_orders=["none", "restraining"],
            perpetrator_name="Kept Name",
            **{"given_name": "X"},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select the court orders in place, or &#39;No court orders&#39;" in page
    assert 'href="#id_court_orders_0"' in page  # the error summary leads to the boxes
    assert 'value="Kept Name"' in page
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("answer", "count", "message"),
    [
        ("no", "2", "Only give the number of children if there are children in the household"),
        ("yes", "0", "Number of children must be 1 or more"),
        ("yes", "many", "Number of children must be a number, like 2"),
        ("yes", "99", "Number of children must be 30 or fewer"),
    ],
)
def test_a_number_of_children_that_makes_no_sense_gets_a_specific_message(
    alice, client_for, answer, count, message
):
    response = client_for(alice).post(
        reverse("cases:new"),
        disclosure_data(children_in_household=answer, children_count=count),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'value="{count}"' in response.content.decode()


def test_the_intake_form_asks_the_triage_questions_without_javascript(alice, client_for):
    page = client_for(alice).get(reverse("cases:new")).content.decode()
    assert "Are there children in the household?" in page
    # "How many" is a question of its own, never hidden: no script decides whether it is seen.
    assert "How many children? (optional)" in page
    assert "govuk-radios__conditional" not in page
    assert "Does the perpetrator have a key to the survivor&#39;s home?" in page
    assert 'data-behaviour="exclusive"' in page
    assert '<div class="govuk-checkboxes__divider">or</div>' in page


def test_a_possible_match_page_carries_the_new_facts_through(alice, cora, client_for):
    make_case(created_by=cora, owner=alice, given_name="Rowan", phone="07700 900555")
    client = client_for(alice)
    data = disclosure_data(phone="07700900555", **FACTS)
    offer = client.post(reverse("cases:new"), data).content.decode()
    assert 'name="court_orders" value="non_molestation"' in offer
    client.post(reverse("cases:new"), {**data, "decision": "different"})
    case = Case.objects.order_by("-id").first()
    assert case.children_count == 2
    assert case.perpetrators.get().has_key == "yes"


# --- Triage -------------------------------------------------------------------------------


def test_the_triage_row_shows_the_facts_concisely(alice, client_for):
    client = client_for(alice)
    client.post(reverse("cases:new"), disclosure_data(**FACTS))
    page = html_lib.unescape(
        visible_text(client.get(reverse("cases:triage") + "?show=all").content.decode())
    )
    assert (
        "2 children · Perpetrator: partner or ex-partner, lives there, has a key, "
        "non-molestation order"
    ) in page


def test_triage_stays_at_a_constant_number_of_queries_with_facts(alice, cora, client_for):
    client = client_for(cora)
    url = reverse("cases:triage") + "?show=all"

    def seed(count):
        for index in range(count):
            case = make_case(created_by=cora, given_name=f"T{index}")
            record_services.add_perpetrator(
                case, {"name": "", "has_key": "yes", "court_orders": ["occupation"]}, actor=cora
            )
            record_services.add_household_member(
                case, {"name": f"Child {index}", "is_child": True}, actor=cora
            )

    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        seed(2)
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        seed(12)
        with CaptureQueriesContext(connection) as many:
            client.get(url)
    assert len(many) == len(few)


# --- Allocation ---------------------------------------------------------------------------


def test_caseloads_are_counted_in_one_query_for_many_officers(alice, bob, cora):
    make_case(created_by=cora, owner=alice)
    make_case(created_by=cora, owner=alice)
    with CaptureQueriesContext(connection) as captured:
        loads = lifecycle_services.open_caseloads([alice.pk, bob.pk, cora.pk])
    assert loads == {alice.pk: 2, bob.pk: 0, cora.pk: 0}
    assert len(captured) == 1


# --- The overview -------------------------------------------------------------------------


ORDINARY_WEDNESDAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


@time_machine.travel(ORDINARY_WEDNESDAY, tick=False)
def test_the_case_opens_on_an_overview_of_what_matters(alice, cora, client_for):
    client = client_for(alice)
    client.post(reverse("cases:new"), disclosure_data(**FACTS))
    case = Case.objects.get()
    lifecycle_services.allocate_case(case, officer=alice, actor=cora)
    record_services.add_household_member(
        case,
        {
            "name": "Kit Synthetic",
            "is_child": True,
            "age_years": 6,
            "relationship_to_survivor": "child",
        },
        actor=alice,
    )
    lifecycle_services.request_coordinator_review(
        case, reason="Check in.", kind="other", actor=alice
    )
    page = page_text(client, "cases:detail", case)
    # Who she is and how to contact her safely (the banner, once, inside the overview).
    assert "Name Rowan Testington" in page
    assert page.count("Safe contact") == 1
    assert "No safe-contact plan has been agreed yet" in page
    # Children, with those recorded by name.
    assert "In the household 2 children" in page
    assert "Kit Synthetic Age 6, child" in page
    # The perpetrator's status.
    assert "Perpetrator: Dale Synthetic" in page
    assert "Lives at the survivor's home Yes" in page
    assert "Has a key Yes" in page
    assert "Court orders Non-molestation order" in page
    # What is due, and who holds the case.
    assert "First contact Due by 26 November 2026" in page
    assert "Coordinator review: another reason Waiting since" in page
    assert "Officer Alice Officer" in page
    # The long record is on its own tab, not here.
    assert "Equality monitoring" not in page
    assert "View the full case record" in page


def test_the_overview_uses_two_columns_on_wide_screens(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    html = client_for(alice).get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert html.count('class="govuk-grid-column-one-half-from-desktop"') == 2
    assert "govuk-grid-column-two-thirds" not in html


def test_planned_contacts_show_as_due_on_the_overview(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    ContactRecord.objects.create(
        case=case,
        direction="outbound",
        channel="phone",
        status="planned",
        when=timezone.now() + dt.timedelta(days=2),
        recorded_by=alice,
    )
    page = page_text(client_for(alice), "cases:detail", case)
    assert "Planned contact: phone call" in page


def test_the_record_tab_holds_the_long_sections_and_edits_return_to_it(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)
    record = page_text(client, "cases:record", case)
    for heading in ("Disclosure", "Needs", "Tenancy and property", "Equality monitoring"):
        assert heading in record
    response = client.post(
        reverse("cases:edit-children", args=[case.reference]),
        {"children_in_household": "yes", "children_count": "3", "version": str(case.version)},
    )
    assert response["Location"] == reverse("cases:record", args=[case.reference])
    case.refresh_from_db()
    assert (case.children_in_household, case.children_count) == ("yes", 3)


def test_the_children_edit_page_shows_not_known_as_an_answer(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    page = client_for(alice).get(reverse("cases:edit-children", args=[case.reference]))
    html = page.content.decode()
    assert 'value="unknown" checked' in html


def test_case_pages_stay_at_a_constant_number_of_queries(alice, cora, client_for):
    case = make_case(created_by=cora, owner=alice)
    client = client_for(alice)

    def count(name):
        url = reverse(name, args=[case.reference])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        few = {name: count(name) for name in ("cases:detail", "cases:record")}
        for index in range(8):
            record_services.add_household_member(
                case, {"name": f"Child {index}", "is_child": True}, actor=alice
            )
            record_services.add_perpetrator(
                case, {"name": f"P{index}", "court_orders": ["dvpo"]}, actor=alice
            )
            lifecycle_services.request_coordinator_review(
                case, reason=f"Review {index}", kind="other", actor=alice
            )
            ContactRecord.objects.create(
                case=case,
                direction="outbound",
                channel="phone",
                status="planned",
                when=timezone.now() + dt.timedelta(days=index + 1),
                recorded_by=alice,
            )
        many = {name: count(name) for name in ("cases:detail", "cases:record")}
    assert many == few
