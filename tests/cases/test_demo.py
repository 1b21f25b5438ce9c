"""Demo cases: deterministic, synthetic, searchable, and quick to make in bulk."""

import datetime as dt

from django.utils import timezone

from haven.cases.demo import BUSY_CASELOAD, OPEN_SHARE, colleagues_for, seed_cases
from haven.cases.models import Case, CaseStatus, Survivor
from haven.cases.services import access as access_services

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _snapshot():
    return [
        (case.reference, case.status, case.channel, case.survivor.given_name, case.survivor.phone)
        for case in Case.objects.select_related("survivor").order_by("reference")
    ]


def test_same_seed_gives_the_same_cases(alice, bob, cora, sam):
    made = seed_cases(
        count=60, seed=7, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW
    )
    assert made == 60
    first = _snapshot()
    Case.objects.all().delete()
    from haven.cases.models import CaseReferenceCounter

    CaseReferenceCounter.objects.all().delete()
    seed_cases(count=60, seed=7, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW)
    assert _snapshot() == first


def test_demo_data_is_synthetic_and_varied(alice, bob, cora, sam):
    seed_cases(count=300, seed=1, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW)
    survivors = list(Survivor.objects.all())
    phones = {s.phone for s in survivors if s.phone}
    assert all(p.startswith(("07700 900", "01632 960")) for p in phones)
    assert all(s.postcode[0] in "QVX" for s in survivors)
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {CaseStatus.OPEN, CaseStatus.CLOSED} <= statuses
    assert len(set(Case.objects.values_list("channel", flat=True))) >= 6
    # Something is waiting in triage.
    assert Case.objects.filter(status__in=[CaseStatus.NEW, CaseStatus.IN_TRIAGE]).exists()


def test_demo_cases_can_be_found_by_search(alice, bob, cora, sam):
    seed_cases(count=40, seed=3, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW)
    survivor = next(s for s in Survivor.objects.select_related("case") if s.phone)
    found = access_services.search_cases(
        access_services.SearchCriteria(phone=survivor.phone), actor=cora
    )
    assert survivor.case in found


def test_references_follow_on_from_real_cases(alice, bob, cora, sam):
    from tests.support.factories import make_case

    before = make_case(created_by=cora, received_at=timezone.now())
    seed_cases(count=5, seed=3, officers=[alice], coordinator=cora, staff=[sam], now=timezone.now())
    after = make_case(created_by=cora)
    references = set(Case.objects.values_list("reference", flat=True))
    assert len(references) == 7
    assert after.reference > before.reference


def test_demo_cases_carry_the_facts_triage_needs(alice, bob, cora, sam):
    from haven.cases.models import Perpetrator

    seed_cases(count=200, seed=5, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW)
    answers = set(Case.objects.values_list("children_in_household", flat=True))
    assert answers == {"yes", "no", ""}
    assert Case.objects.filter(children_count__gte=2).exists()
    keys = set(Perpetrator.objects.values_list("has_key", flat=True))
    assert keys == {"yes", "no", ""}
    orders = [p.court_orders for p in Perpetrator.objects.all()]
    assert any("non_molestation" in o for o in orders)
    assert any(o == ["none"] for o in orders) and any(o == [] for o in orders)
    # Nobody is told "no children" while a child is recorded on the case.
    for case in Case.objects.filter(children_in_household="no"):
        assert not case.household_members.filter(is_child=True).exists()


def test_at_a_landlords_scale_more_officers_keep_each_desk_to_a_busy_caseload(alice, bob):
    named = [alice, bob]
    assert colleagues_for(200, named, seed=1) == []

    colleagues = colleagues_for(100_000, named, seed=1)

    everyone = len(colleagues) + len(named)
    assert 100_000 * OPEN_SHARE / everyone <= BUSY_CASELOAD
    assert 100_000 * OPEN_SHARE / (everyone - 1) > BUSY_CASELOAD
    # They hold cases and never sign in: no password, no second factor.
    assert all(not person.has_usable_password() for person in colleagues)
    assert all(person.has_perm("cases.hold_cases") for person in colleagues)
    assert {person.team_id for person in colleagues} == {alice.team_id, bob.team_id}
