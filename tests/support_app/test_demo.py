"""Demo support work: a realistic mix over the demo cases, the same for the same seed."""

import datetime as dt

from django.db.models import F

from haven.cases.demo import seed_cases
from haven.platform.registries import DemoRun
from haven.support import demo
from haven.support.models import (
    ActionPlan,
    PerpetratorAction,
    PlanAction,
    PropertyAlert,
    RehousingPlan,
    SecurityRequest,
)

NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def _snapshot():
    return sorted(
        SecurityRequest.objects.values_list("case_id", "kind", "requested_at", "completed_at")
    )


def test_demo_support_work_is_a_realistic_mix_and_deterministic(alice, bob, cora, sam):
    seed_cases(count=300, seed=3, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW)
    run = DemoRun(cases=300, seed=3, now=NOW, staff=[alice, bob, cora, sam])

    made = demo.seed(run)

    assert made > 0
    locks = SecurityRequest.objects.filter(kind="lock_change")
    assert locks.filter(completed_at__lte=F("due_at")).exists()  # most done in time
    assert locks.filter(completed_at__gt=F("due_at")).exists()  # some past the clock
    assert SecurityRequest.objects.exclude(kind="lock_change").exists()
    assert PlanAction.objects.filter(status="open").exists()
    assert PlanAction.objects.filter(status="done").exists()
    assert ActionPlan.objects.exists() and RehousingPlan.objects.exists()
    assert all(a.contact.startswith("Tenancy Services") for a in PropertyAlert.objects.all())
    first = _snapshot()
    for model in (SecurityRequest, ActionPlan, PropertyAlert, RehousingPlan, PerpetratorAction):
        model.objects.all().delete()
    demo.seed(DemoRun(cases=300, seed=3, now=NOW, staff=[alice, bob, cora, sam]))
    assert _snapshot() == first


def test_demo_support_work_is_in_the_chronology_without_the_new_address(alice, bob, cora, sam):
    from haven.cases.models import ChronologyEntry
    from haven.support.models import SupportEntry

    seed_cases(count=300, seed=4, officers=[alice, bob], coordinator=cora, staff=[sam], now=NOW)

    demo.seed(DemoRun(cases=300, seed=4, now=NOW, staff=[alice, bob, cora, sam]))

    locks = SecurityRequest.objects.filter(kind="lock_change")
    asked = SupportEntry.objects.filter(event="security_requested", what="Lock change asked for")
    assert asked.count() == locks.count()
    done = SupportEntry.objects.filter(event="security_completed", what="Lock change done")
    late = [e for e in done if dict(e.facts)["Clock"].startswith("Done after the clock ran out")]
    assert len(late) == locks.filter(completed_at__gt=F("due_at")).count() > 0
    assert SupportEntry.objects.filter(event="plan_agreed").count() == ActionPlan.objects.count()
    assert not ChronologyEntry.objects.filter(occurred_at__gt=NOW + dt.timedelta(days=1)).exists()
    words = str(list(SupportEntry.objects.values_list("what", "facts")))
    moved = [h.new_address for h in RehousingPlan.objects.all() if h.new_address]
    assert moved and not any(address in words for address in moved)
