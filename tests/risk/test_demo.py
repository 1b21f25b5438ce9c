"""The risk demo seeder: a realistic mix, consistent with the rules, the same for a seed."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from haven.cases.models import SafeguardingDecision
from haven.cases.rules.safeguarding import applicable_kinds
from haven.cases.services import safeguarding as safeguarding_services
from haven.risk import config, rules
from haven.risk.models import (
    CaseRisk,
    DashAssessment,
    MaracAction,
    MaracReferral,
    SafeguardingOutcomeRecord,
    SafeguardingReferral,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mode(settings, tmp_path):
    settings.HAVEN_ENV = "demo"
    settings.DEMO_MODE = True
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_risk_work_is_a_realistic_mix_that_obeys_the_rules(demo_mode):
    call_command("seed_demo", "--cases", "250", "--seed", "2026", stdout=io.StringIO())
    levels = set(CaseRisk.objects.values_list("level", flat=True))
    assert levels == {"standard", "medium", "high"}
    bands = config.dash_bands()
    for assessment in DashAssessment.objects.filter(status="completed"):
        # Every stored level is what the rules give: never below the score's band.
        assert assessment.level == rules.final_level(
            assessment.score, bands, assessment.judgement_level or None
        )
        if assessment.source == "here":
            assert rules.score(assessment.plain_answers()) == assessment.score
    assert DashAssessment.objects.filter(status="draft").exists()
    assert MaracReferral.objects.exists()
    assert MaracAction.objects.filter(status="open").exists()
    assert MaracAction.objects.filter(status="done").exists()
    # Each case's current risk is its latest assessment.
    for state in CaseRisk.objects.select_related("assessment")[:50]:
        latest = (
            DashAssessment.objects.filter(case_id=state.case_id, status="completed")
            .order_by("-assessed_on", "-pk")
            .first()
        )
        assert latest is not None and state.level == latest.level


def test_demo_safeguarding_referrals_are_on_cases_that_call_for_them(demo_mode):
    call_command("seed_demo", "--cases", "250", "--seed", "2026", stdout=io.StringIO())
    referrals = list(SafeguardingReferral.objects.select_related("decision", "entry", "case"))
    kinds = {r.kind for r in referrals}
    assert kinds == {"children", "adult"}, kinds
    assert {bool(r.outcome) for r in referrals} == {True, False}
    for referral in referrals:
        # Each answers the case's "referral made" decision of its kind, on a case that calls
        # for one, and is in the case's chronology on the day it was made.
        assert referral.decision is not None and referral.decision.referral_made
        assert referral.decision.kind == referral.kind
        facts = safeguarding_services.facts_for(
            referral.case, safeguarding_services.household_of(referral.case)
        )
        assert referral.kind in applicable_kinds(facts, timezone.localdate())
        assert referral.entry.kind == "safeguard_referral"
        assert referral.entry.case_id == referral.case_id
    outcomes = SafeguardingOutcomeRecord.objects.select_related("referral", "entry")
    assert outcomes.count() == sum(1 for r in referrals if r.outcome)
    for record in outcomes:
        assert record.outcome == record.referral.outcome
        assert record.outcome_on >= record.referral.referred_on
        assert record.entry.kind == "safeguard_outcome"
    # Some decisions are "not needed", and some "referral made" are not yet recorded on the
    # Risk tab (the tab prompts for them), as on a real caseload.
    assert SafeguardingDecision.objects.filter(outcome="not_needed").exists()
    assert SafeguardingDecision.objects.filter(
        outcome="referral_made", referrals__isnull=True
    ).exists()
    assert MaracAction.objects.filter(status="in_progress").exists()
