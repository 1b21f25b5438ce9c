"""A MARAC action can only be given to someone who will find it: anyone doing risk work who
may open the case (its officer, their team, a coordinator; on a restricted case only those
named on it). Another team's officer, or someone outside a restricted case, would never see
it, and the MARAC would wait for work nobody knows about. Whoever owns one finds it on their
risk list and their work list, whether or not they hold the case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.accounts.models import Role
from haven.risk.models import MaracAction
from tests.support.factories import make_case
from tests.support.personas import make_user, signed_in_client

pytestmark = pytest.mark.django_db


def _post(client, case, owner):
    due = timezone.localdate() + dt.timedelta(days=14)
    return client.post(
        reverse("risk:action-add", args=[case.reference]),
        {
            "description": "Share the CCTV with the police",
            "owner": str(owner.pk),
            "due_on-day": due.day,
            "due_on-month": due.month,
            "due_on-year": due.year,
        },
    )


def test_the_coordinator_is_offered_only_people_who_can_open_the_case(alice, bob, cora):
    case = make_case(created_by=cora, owner=alice)  # team North: Bob (South) cannot open it
    page = signed_in_client(cora).get(reverse("risk:action-add", args=[case.reference]))

    html = page.content.decode()
    assert "Alice Officer" in html and "Cora Coordinator" in html
    assert "Bob Officer" not in html


def test_an_action_for_someone_outside_the_case_is_refused_and_keeps_what_was_typed(
    alice, bob, cora
):
    case = make_case(created_by=cora, owner=alice)

    response = _post(signed_in_client(cora), case, bob)

    assert response.status_code == 400
    assert "Share the CCTV with the police" in response.content.decode()
    assert not MaracAction.objects.exists()


def test_on_a_restricted_case_only_the_people_named_on_it_are_offered(alice, bob, cora):
    case = make_case(created_by=cora, owner=alice, restricted_to=[alice])
    html = signed_in_client(cora).get(reverse("risk:action-add", args=[case.reference]))

    assert "Alice Officer" in html.content.decode()
    assert "Bob Officer" not in html.content.decode()
    assert _post(signed_in_client(cora), case, alice).status_code == 302
    assert MaracAction.objects.get().owner == alice


def test_a_teammate_given_an_action_on_a_case_she_does_not_hold_finds_it(alice, cora, team_north):
    nina = make_user("nina@example.org", "Nina Teammate", Role.CASE_OFFICER, team_north)
    case = make_case(created_by=cora, owner=alice)

    html = signed_in_client(cora).get(reverse("risk:action-add", args=[case.reference]))
    assert "Nina Teammate" in html.content.decode()
    _post(signed_in_client(cora), case, nina)

    listed = signed_in_client(nina).get(reverse("risk:overview")).content.decode()
    assert case.reference in listed


def test_the_owner_finds_the_action_on_their_risk_list(alice, cora):
    case = make_case(created_by=cora, owner=alice)
    _post(signed_in_client(cora), case, alice)

    listed = signed_in_client(alice).get(reverse("risk:overview")).content.decode()

    assert case.reference in listed
