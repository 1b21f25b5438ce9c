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
