"""The risk demo seeder: a realistic mix, consistent with the rules, the same for a seed."""

import io

import pytest
from django.core.management import call_command

from haven.risk import config, rules
from haven.risk.models import CaseRisk, DashAssessment, MaracAction, MaracReferral

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
