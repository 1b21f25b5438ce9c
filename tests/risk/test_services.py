"""Risk work's services: what is stored, what the case's current risk becomes, and what is
refused, with the access log written once per change."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.cases.services import chronology as chronology_services
from haven.cases.services import lifecycle as lifecycle_services
from haven.risk import services
from haven.risk.models import AssessmentStatus, CaseRisk, DashAssessment
from haven.risk.rules import Criterion
from tests.risk.factories import answers_with, complete_dash, refer
from tests.support.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(alice, cora):
    return make_case(created_by=cora, owner=alice, given_name="Risky")


def test_a_draft_keeps_what_was_asked_and_is_not_scored(case, alice):
    draft = services.save_dash_draft(
        case,
        None,
        answers={1: {"answer": "yes", "note": "Bruising to the arm", "source": ""}},
        judgement={"survivor_priorities": "Keeping the children at school"},
        actor=alice,
    )
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT and draft.score is None
    assert draft.answers[1]["note"] == "Bruising to the arm"
    assert not CaseRisk.objects.filter(case=case).exists()
    # Resumed later: the same draft is completed, not a second assessment.
    services.submit_dash(
        case,
        draft,
        answers=answers_with(10),
        judgement={},
        assessed_on=timezone.localdate(),
        actor=alice,
    )
    assert DashAssessment.objects.filter(case=case).count() == 1


def test_what_the_survivor_said_is_encrypted_at_rest(case, alice):
    from django.db import connection

    services.save_dash_draft(
        case,
        None,
        answers={2: {"answer": "yes", "note": "Frightened of the brother", "source": ""}},
        judgement={},
        actor=alice,
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers_json FROM risk_dashassessment")
        (stored,) = cursor.fetchone()
    assert "Frightened" not in stored and stored.startswith("fernet:")


def test_an_incomplete_dash_cannot_be_submitted(case, alice):
    answers = answers_with(14)
    del answers[24]
    with pytest.raises(services.DashRefused) as refused:
        services.submit_dash(
            case, None, answers=answers, judgement={}, assessed_on=timezone.localdate(), actor=alice
        )
    assert "question 24" in refused.value.problems["answers"]
    assert not DashAssessment.objects.filter(case=case).exists()


def test_fourteen_yes_is_high_and_becomes_the_current_level(case, alice):
    done = complete_dash(case, alice, yes=14)
    assert (done.score, done.level, done.raised_by_judgement) == (14, "high", False)
    state = CaseRisk.objects.get(case=case)
    assert state.level == "high" and state.reassess_due_on == timezone.localdate() + dt.timedelta(
        days=28
    )
    event = AuditEvent.objects.filter(action="risk.dash_completed").get()
    assert event.detail == {
        "assessment": done.pk,
        "score": 14,
        "level": "high",
        "raised_by_judgement": False,
    }


def test_judgement_raises_with_reasons_and_never_lowers(case, alice):
    with pytest.raises(services.DashRefused) as refused:
        complete_dash(case, alice, yes=15, judgement_level="medium")
    assert "never lower" in refused.value.problems["judgement_level"]
    with pytest.raises(services.DashRefused) as no_reason:
        complete_dash(case, alice, yes=4, judgement_level="high")
    assert "why" in no_reason.value.problems["judgement_reasons"]
    raised = complete_dash(case, alice, yes=4, judgement_level="high", reasons="Threats to kill")
    assert raised.level == "high" and raised.raised_by_judgement


@override_settings(HAVEN_DASH_MEDIUM_FROM=6, HAVEN_DASH_HIGH_FROM=12)
def test_bands_are_configurable(case, alice):
    assert complete_dash(case, alice, yes=6).level == "medium"
    assert complete_dash(case, alice, yes=12).level == "high"


def test_every_assessment_is_kept_and_the_latest_is_current(case, alice):
    today = timezone.localdate()
    complete_dash(case, alice, yes=16, assessed_on=today - dt.timedelta(days=60))
    complete_dash(case, alice, yes=5, assessed_on=today)
    # Another agency's older DASH is kept but does not replace ours.
    services.record_other_agency_dash(
        case,
        agency="Derbyshire Police",
        assessed_on=today - dt.timedelta(days=10),
        score=11,
        level="medium",
        actor=alice,
    )
    assert [a.score for a in services.completed_assessments(case)] == [16, 11, 5]
    assert CaseRisk.objects.get(case=case).level == "standard"


def test_another_agencys_level_may_not_be_below_its_score(case, alice):
    with pytest.raises(services.DashRefused) as refused:
        services.record_other_agency_dash(
            case,
            agency="Police",
            assessed_on=timezone.localdate(),
            score=15,
            level="medium",
            actor=alice,
        )
    assert "14 or more is always high" in refused.value.problems["level"]


def _incident(case, officer, on: dt.date):
    chronology_services.record_incident(
        case, actor=officer, occurred_on=on, summary="Incident", reported_to_police="yes"
    )


def test_potential_escalation_counts_incidents_in_the_chronology(case, alice):
    today = timezone.localdate()
    for days in (10, 100, 200):
        _incident(case, alice, today - dt.timedelta(days=days))
    assert Criterion.POTENTIAL_ESCALATION in services.marac_check(case).met
    with override_settings(HAVEN_MARAC_ESCALATION_INCIDENTS=4):
        assert Criterion.POTENTIAL_ESCALATION not in services.marac_check(case).met


def test_a_new_incident_within_a_year_of_referral_is_a_repeat(case, alice):
    referred = dt.date(2026, 1, 10)
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        complete_dash(case, alice, yes=14)
        refer(case, alice, on=referred)
        assert not services.marac_prompt(case).show
    with time_machine.travel(dt.datetime(2027, 1, 20, 12, tzinfo=dt.UTC), tick=False):
        _incident(case, alice, referred + dt.timedelta(days=365))
        prompt = services.marac_prompt(case)
        assert prompt.show and prompt.repeat


def test_an_incident_on_day_366_is_not_a_repeat(case, alice):
    referred = dt.date(2026, 1, 10)
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        refer(case, alice, on=referred)
    with time_machine.travel(dt.datetime(2027, 1, 20, 12, tzinfo=dt.UTC), tick=False):
        _incident(case, alice, referred + dt.timedelta(days=366))
        assert not services.marac_prompt(case).repeat


def test_reassessment_is_prompted_after_a_new_incident(case, alice):
    complete_dash(case, alice, yes=3)
    assert services.reassessment_prompt(case) is None
    _incident(case, alice, timezone.localdate())
    assert services.reassessment_prompt(case) == timezone.localdate()
    complete_dash(case, alice, yes=4)
    assert services.reassessment_prompt(case) is None


def test_an_open_marac_action_blocks_closure_until_done(case, alice, cora):
    action = services.add_action(
        case,
        description="Change the locks",
        owner=alice,
        due_on=timezone.localdate(),
        meeting=None,
        actor=cora,
    )
    _open, unfinished = lifecycle_services.closure_blockers_found(case)
    assert unfinished == [f"1 MARAC action is still open (due {action.due_on:%-d %B %Y})"]
    with pytest.raises(ValueError, match="evidence"):
        services.complete_action(
            action, completed_on=timezone.localdate(), evidence=" ", actor=alice
        )
    services.complete_action(
        action, completed_on=timezone.localdate(), evidence="Locks changed", actor=alice
    )
    assert lifecycle_services.closure_blockers_found(case)[1] == []


def test_a_referral_form_generation_is_kept_and_logged(case, alice):
    referral = refer(case, alice)
    made = services.record_form_generation(referral, {"victim_name": "Risky"}, actor=alice)
    assert made.content == {"victim_name": "Risky"}
    event = AuditEvent.objects.get(action="risk.marac_form_generated")
    assert event.detail == {"referral": referral.pk, "form": made.pk}


def test_dvds_decision_is_due_in_28_days(case, alice):
    application = services.record_dvds_application(
        case, route="right_to_know", applied_on=dt.date(2026, 11, 1), notes="", actor=alice
    )
    assert application.decision_due_on == dt.date(2026, 11, 29)
    services.record_dvds_decision(
        application,
        status="decided",
        outcome="disclosed",
        decided_on=dt.date(2026, 11, 20),
        actor=alice,
    )
    application.refresh_from_db()
    assert application.outcome == "disclosed"


@pytest.mark.parametrize("days,repeat", [(1, True), (365, True), (366, False), (0, False)])
def test_the_header_flag_agrees_with_the_repeat_rule(case, alice, days, repeat):
    referred = dt.date(2025, 6, 1)
    refer(case, alice, on=referred)
    _incident(case, alice, referred + dt.timedelta(days=days))
    assert services.needs_repeat_referral(case) is repeat
    assert services.marac_prompt(case, referred + dt.timedelta(days=400)).repeat is repeat
