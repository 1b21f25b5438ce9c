"""A CaseScope is the rule of `cases_visible_to` put as a condition on a related model (it
keeps the work lists quick at 100,000 cases). It must never let anyone see more, or less."""

import pytest

from haven.cases import policies
from haven.cases.models import Case, Survivor
from tests.support.factories import make_case
from tests.support.personas import Role, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_kind_of_case(alice, bob, cora, team_north):
    cases = [
        make_case(created_by=cora),  # unallocated, no team: the shared triage queue
        make_case(created_by=cora, owner=alice),
        make_case(created_by=cora, owner=bob),
        make_case(created_by=cora, owner=alice, restricted_to=[alice]),
        make_case(created_by=cora, owner=bob, restricted_to=[bob]),
        make_case(created_by=cora, owner=bob, restricted_to=[bob, alice]),
    ]
    # A case of Alice's team held by nobody yet, and one of her restricted cases whose list of
    # named people lost her (only an inconsistency could do this: she must still not see it).
    team_case = make_case(created_by=cora)
    Case.objects.filter(pk=team_case.pk).update(team=team_north)
    lost = make_case(created_by=cora, owner=alice, restricted_to=[alice])
    lost.restricted_to.clear()
    return [*cases, team_case, lost]


def test_a_scope_covers_exactly_the_cases_each_person_may_see(
    every_kind_of_case, alice, bob, cora, max_manager
):
    staff = make_user("sam@example.org", "Sam Staff", Role.STAFF)
    for person in (alice, bob, cora, max_manager, staff):
        visible = set(policies.cases_visible_to(person).values_list("pk", flat=True))
        held = set(
            policies.cases_visible_to(person).filter(owner=person).values_list("pk", flat=True)
        )

        scope = policies.scope_of(person)
        held_scope = policies.scope_of(person, held_only=True)

        assert set(Case.objects.filter(scope.on()).values_list("pk", flat=True)) == visible
        assert set(Case.objects.filter(held_scope.on()).values_list("pk", flat=True)) == held
        # The same through a relation: the survivors of those cases.
        assert {s.case_id for s in Survivor.objects.filter(scope.on("case"))} == visible


def test_an_officer_never_sees_a_restricted_case_she_is_not_named_on_even_her_own(
    every_kind_of_case, alice
):
    lost = every_kind_of_case[-1]

    assert not Case.objects.filter(policies.scope_of(alice, held_only=True).on(), pk=lost.pk)
    assert not Case.objects.filter(policies.scope_of(alice).on(), pk=lost.pk)


def test_staff_who_may_see_a_case_are_exactly_those_the_case_policy_lets_see_it(
    every_kind_of_case, alice, bob, cora, max_manager, team_north
):
    """The rule from the case's side (who may be given work on it) never names anyone the
    case is hidden from, nor leaves out anyone who may see it."""
    people = [
        alice,
        bob,
        cora,
        max_manager,
        make_user("sam@example.org", "Sam Staff", Role.STAFF),
        make_user("ann@example.org", "Ann Colleague", Role.CASE_OFFICER, team_north),
        make_user("noteam@example.org", "Nat Noteam", Role.CASE_OFFICER),
        make_user("gone@example.org", "Gil Gone", Role.CASE_OFFICER, team_north, is_active=False),
    ]
    for case in every_kind_of_case:
        case.refresh_from_db()
        expected = {person.pk for person in people if policies.may_see_case(person, case)}
        assert set(policies.staff_who_may_see(case).values_list("pk", flat=True)) == expected
