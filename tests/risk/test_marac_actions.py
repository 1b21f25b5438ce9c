"""MARAC actions: open, in progress, done (with evidence); given by whoever records them to
anyone who may work on the case, never to someone the case is hidden from; on the owner's work
list and in the coordinator's overdue view."""

import datetime as dt
import html

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.audit.models import AuditEvent
from haven.cases import policies as case_policies
from haven.cases.models import Case
from haven.cases.services import lifecycle as lifecycle_services
from haven.risk import closure, policies, rules, services
from haven.risk.models import MaracAction
from tests.support.factories import make_case
from tests.support.html import visible_text
from tests.support.personas import Role, make_user, signed_in_client

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(visible_text(response.content.decode()))


@pytest.fixture
def ann(team_north):
    """Alice's colleague in team North: she may work on Alice's cases."""
    return make_user("ann@example.org", "Ann Colleague", Role.CASE_OFFICER, team_north)


@pytest.fixture
def case(alice, cora):
    return make_case(created_by=cora, owner=alice, given_name="Actioned")


def add(case, owner, actor, *, days=7, meeting=None):
    return services.add_action(
        case,
        description="Fit a door viewer",
        owner=owner,
        due_on=timezone.localdate() + dt.timedelta(days=days),
        meeting=meeting,
        actor=actor,
    )


def date_fields(prefix: str, day: dt.date) -> dict[str, int]:
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


# --- Statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize("current", [*rules.ActionState, "nonsense"])
@pytest.mark.parametrize("to", [*rules.ActionState, "nonsense"])
def test_an_action_moves_only_forwards_open_in_progress_done(current, to):
    allowed = {
        ("open", "in_progress"),
        ("open", "done"),
        ("in_progress", "done"),
    }
    assert rules.may_move_action(current, to) == ((str(current), str(to)) in allowed)


def test_in_progress_then_done_with_evidence(case, alice, cora):
    action = add(case, alice, cora)
    client = signed_in_client(alice)
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "Mark as in progress" in tab
    page = client.get(reverse("risk:action-start", args=[case.reference, action.pk]))
    assert "Fit a door viewer" in text_of(page)
    response = client.post(reverse("risk:action-start", args=[case.reference, action.pk]))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert AuditEvent.objects.filter(action="risk.marac_action_started").count() == 1
    tab = text_of(client.get(reverse("risk:case", args=[case.reference])))
    assert "In progress" in tab and "Mark as in progress" not in tab
    # Not again: an action in progress has nothing to start.
    again = client.get(reverse("risk:action-start", args=[case.reference, action.pk]))
    assert again.status_code == 404
    # Still not done, so still blocks closure.
    assert closure.open_marac_actions(case) == [
        f"1 MARAC action is still open (due {action.due_on:%-d %B %Y})"
    ]
    url = reverse("risk:action-done", args=[case.reference, action.pk])
    missing = client.post(url, date_fields("completed_on", timezone.localdate()))
    assert missing.status_code == 400 and "Enter what was done" in text_of(missing)
    client.post(url, {**date_fields("completed_on", timezone.localdate()), "evidence": "Fitted"})
    action.refresh_from_db()
    assert action.status == "done" and action.evidence == "Fitted"
    assert closure.open_marac_actions(case) == []
    # Opening the form again goes back to the tab, saying it is done (not "Page not found").
    assert "already marked as done" in text_of(client.get(url, follow=True))
    with pytest.raises(services.Refused):
        services.start_action(action, actor=alice)


# --- Who may own an action ------------------------------------------------------------------------


def test_the_owner_may_be_anyone_who_works_on_the_case(case, alice, ann, bob, cora):
    page = signed_in_client(alice).get(reverse("risk:action-add", args=[case.reference]))
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    for person in (alice, ann, cora):
        assert f'<option value="{person.pk}"' in body
    assert f'<option value="{bob.pk}"' not in body  # another team: the case is hidden from him
    assert f'<option value="{alice.pk}" selected' in body  # the case's officer by default

    client = signed_in_client(alice)
    response = client.post(
        reverse("risk:action-add", args=[case.reference]),
        {
            "description": "Share the CCTV with the police",
            "owner": str(ann.pk),
            **date_fields("due_on", timezone.localdate() + dt.timedelta(days=3)),
        },
    )
    assert response.status_code == 302
    action = MaracAction.objects.get()
    assert action.owner == ann and action.created_by == alice
    event = AuditEvent.objects.get(action="risk.marac_action_added")
    assert event.detail["owner"] == ann.pk


def test_someone_the_case_is_hidden_from_is_refused_and_what_was_typed_kept(case, alice, bob):
    response = signed_in_client(alice).post(
        reverse("risk:action-add", args=[case.reference]),
        {
            "description": "Share the CCTV with the police",
            "owner": str(bob.pk),
            **date_fields("due_on", timezone.localdate()),
        },
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "only people who work on this case" in page
    assert "Share the CCTV with the police" in page
    assert not MaracAction.objects.exists()


def test_on_a_restricted_case_only_those_named_and_the_coordinator_may_own_it(
    alice, ann, cora, bob
):
    restricted = make_case(created_by=cora, owner=alice, restricted_to=[alice])
    owners = set(policies.action_owners(restricted))
    assert owners == {alice, cora}
    body = signed_in_client(alice).get(reverse("risk:action-add", args=[restricted.reference]))
    assert f'<option value="{ann.pk}"' not in body.content.decode()
    for outsider in (ann, bob):
        with pytest.raises(services.Refused):
            add(restricted, outsider, alice)


def test_staff_who_do_no_case_work_or_have_left_are_never_owners(case, alice, cora, team_north):
    gone = make_user("gone@example.org", "Gil Gone", Role.CASE_OFFICER, team_north)
    manager = make_user("mo@example.org", "Mo Manager", Role.MANAGER, team_north)
    gone.is_active = False
    gone.save()
    assert set(policies.action_owners(case)) == {alice, cora}
    for person in (gone, manager):
        with pytest.raises(services.Refused):
            add(case, person, cora)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    owner=st.sampled_from([None, "alice", "bob"]),
    team=st.sampled_from([None, "north", "south"]),
    restricted=st.booleans(),
    named=st.sets(st.sampled_from(["alice", "ann", "bob"])),
)
def test_whoever_the_case_is_shown_to_and_no_one_else_may_own_its_actions(
    alice, ann, bob, cora, team_north, team_south, case, owner, team, restricted, named
):
    people = {"alice": alice, "ann": ann, "bob": bob}
    teams = {"north": team_north, "south": team_south}
    Case.objects.filter(pk=case.pk).update(
        owner=people.get(owner or ""), team=teams.get(team or ""), restricted=restricted
    )
    case.restricted_to.set([people[name] for name in named] if restricted else [])
    case.refresh_from_db()
    for person in (alice, ann, bob, cora):
        assert policies.may_own_action(person, case) == case_policies.may_see_case(person, case)


# --- The owner's work list and the coordinator's overdue view --------------------------------------


def test_an_action_given_to_a_colleague_is_on_her_work_list_not_the_recorders(
    case, alice, ann, cora
):
    action = add(case, ann, alice, days=-2)
    home = text_of(signed_in_client(ann).get(reverse("core:home")))
    assert "MARAC actions" in home
    assert "1 MARAC action is yours to finish, 1 overdue." in home
    assert "MARAC action to do" in home and case.reference in home and "Overdue" in home
    # The description is case content: the work list says what kind of thing, not what.
    assert "Fit a door viewer" not in home
    assert "MARAC action to do" not in text_of(signed_in_client(alice).get(reverse("core:home")))
    # The coordinator's overdue view shows it, with whose it is.
    overdue = text_of(signed_in_client(cora).get(reverse("risk:marac")))  # overdue ones first
    assert case.reference in overdue and "Ann Colleague" in overdue

    services.start_action(action, actor=ann)
    home = text_of(signed_in_client(ann).get(reverse("core:home")))
    assert "MARAC action in progress" in home and "1 in progress" in home
    overdue = text_of(signed_in_client(cora).get(reverse("risk:marac")))
    assert case.reference in overdue  # in progress is still not done

    services.complete_action(
        action, completed_on=timezone.localdate(), evidence="Fitted", actor=ann
    )
    assert "MARAC actions" not in text_of(signed_in_client(ann).get(reverse("core:home")))


def test_an_action_on_a_case_since_hidden_from_its_owner_leaves_her_list(case, alice, ann, cora):
    add(case, ann, alice)
    lifecycle_services.restrict_case(
        case, named_users=[alice], reason="Ann knows the family", actor=cora
    )
    home = text_of(signed_in_client(ann).get(reverse("core:home")))
    assert case.reference not in home and "MARAC action" not in home


def test_the_home_page_costs_the_same_with_more_marac_actions(alice, ann, cora):
    client = signed_in_client(ann)
    url = reverse("core:home")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with time_machine.travel("2026-11-25 10:00 +00:00", tick=False):
        add(make_case(created_by=cora, owner=alice), ann, alice)
        few = count()
        for index in range(12):
            add(make_case(created_by=cora, owner=alice), ann, alice, days=index - 4)
        assert count() == few
        home = text_of(client.get(url))
        assert "13 MARAC actions are yours to finish" in home
