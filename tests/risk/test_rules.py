"""The pure rules of risk work, explored with hypothesis where there is a space to explore."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.risk import rules
from haven.risk.rules import Answer, Bands, Criterion, Level

answers_strategy = st.fixed_dictionaries(
    {number: st.sampled_from(list(Answer)) for number in rules.QUESTION_NUMBERS}
)
bands_strategy = st.integers(min_value=1, max_value=13).flatmap(
    lambda medium: st.builds(
        Bands, medium_from=st.just(medium), high_from=st.integers(medium + 1, 14)
    )
)


def test_there_are_the_24_safelives_questions():
    assert tuple(range(1, 25)) == rules.QUESTION_NUMBERS
    assert "strangle" in dict(rules.QUESTIONS)[15]


@given(answers_strategy)
def test_the_score_is_the_number_of_yes_answers(answers):
    assert rules.score(answers) == list(answers.values()).count(Answer.YES)


@given(answers_strategy)
def test_dont_know_never_counts(answers):
    unsure = {n: (Answer.DONT_KNOW if a == Answer.YES else a) for n, a in answers.items()}
    assert rules.score(unsure) == 0


@given(answers_strategy, bands_strategy)
def test_fourteen_or_more_is_always_high_whatever_the_bands(answers, bands):
    value = rules.score(answers)
    if value >= 14:
        assert rules.band(value, bands) == Level.HIGH
        assert rules.final_level(value, bands, None) == Level.HIGH


@given(st.integers(0, 24), bands_strategy, st.sampled_from(list(Level)))
def test_judgement_may_raise_the_level_but_never_lower_it(value, bands, judged):
    counted = rules.band(value, bands)
    if rules.LEVEL_RANK[judged] < rules.LEVEL_RANK[counted]:
        with pytest.raises(rules.JudgementRefused, match="never lower it"):
            rules.final_level(value, bands, judged)
    else:
        assert rules.final_level(value, bands, judged) == judged


def test_the_default_bands():
    bands = Bands()
    assert [rules.band(v, bands) for v in (0, 9, 10, 13, 14, 24)] == [
        Level.STANDARD,
        Level.STANDARD,
        Level.MEDIUM,
        Level.MEDIUM,
        Level.HIGH,
        Level.HIGH,
    ]


def test_a_refused_judgement_names_the_rule():
    with pytest.raises(rules.JudgementRefused) as refused:
        rules.final_level(16, Bands(), "medium")
    assert "a score of 14 or more is always high risk" in str(refused.value)


@pytest.mark.parametrize("medium,high", [(0, 14), (10, 10), (12, 11), (10, 15)])
def test_bands_that_would_break_the_dash_rules_are_refused(medium, high):
    with pytest.raises(ValueError, match="DASH bands"):
        Bands(medium_from=medium, high_from=high)


def test_unanswered_questions_are_named():
    answers = {n: Answer.NO for n in rules.QUESTION_NUMBERS if n not in (3, 17)}
    assert rules.unanswered(answers) == [3, 17]
    assert rules.unanswered({**answers, 3: "maybe", 17: Answer.DONT_KNOW}) == [3]


# --- MARAC ----------------------------------------------------------------------------------------

REFERRAL = dt.date(2026, 3, 1)


@given(st.integers(-400, 800))
def test_a_repeat_is_a_new_incident_within_365_days_of_the_last_referral(days):
    incident = REFERRAL + dt.timedelta(days=days)
    assert rules.is_repeat(incident, REFERRAL) == (1 <= days <= 365)


def test_day_365_is_a_repeat_and_day_366_is_not():
    assert rules.is_repeat(REFERRAL + dt.timedelta(days=365), REFERRAL)
    assert not rules.is_repeat(REFERRAL + dt.timedelta(days=366), REFERRAL)


@given(st.lists(st.integers(0, 800), max_size=12), st.integers(1, 6))
def test_escalation_counts_a_rolling_twelve_months(ages, threshold):
    today = dt.date(2026, 12, 4)
    dates = [today - dt.timedelta(days=age) for age in ages]
    recent = sum(1 for age in ages if age <= 364)
    check = rules.marac_criteria(rules.CaseRiskFacts(incident_dates=dates), today, threshold)
    assert (Criterion.POTENTIAL_ESCALATION in check.met) == (recent >= threshold)


def test_visible_high_risk_and_judgement_are_criteria():
    today = dt.date(2026, 12, 4)
    high = rules.marac_criteria(rules.CaseRiskFacts(score=14, level="high"), today, 3)
    assert high.met == (Criterion.VISIBLE_HIGH_RISK,)
    judged = rules.marac_criteria(
        rules.CaseRiskFacts(score=8, level="high", raised_by_judgement=True), today, 3
    )
    assert judged.met == (Criterion.PROFESSIONAL_JUDGEMENT,)
    assert not rules.marac_criteria(rules.CaseRiskFacts(score=13, level="medium"), today, 3).refer


def test_a_repeat_applies_whatever_the_score():
    facts = rules.CaseRiskFacts(
        score=2,
        level="standard",
        incident_dates=[REFERRAL + dt.timedelta(days=30)],
        last_referral_on=REFERRAL,
    )
    check = rules.marac_criteria(facts, REFERRAL + dt.timedelta(days=40), 3)
    assert check.met == (Criterion.REPEAT,)
    assert "referred back" in check.reasons[Criterion.REPEAT]


def test_dvds_decisions_are_due_within_28_days():
    assert rules.dvds_decision_due_on(dt.date(2026, 2, 1)) == dt.date(2026, 3, 1)


def test_reassessment_dates_follow_the_level():
    intervals = {"high": 28, "medium": 56, "standard": 91}
    assert rules.reassess_due_on(dt.date(2026, 1, 1), "high", intervals) == dt.date(2026, 1, 29)
    assert rules.reassess_due_on(dt.date(2026, 1, 1), "standard", intervals) == dt.date(2026, 4, 2)


def test_settings_that_break_the_dash_rules_are_named_and_the_defaults_used(monkeypatch):
    from haven.risk import config
    from haven.risk.checks import check_risk_settings

    monkeypatch.setenv("HAVEN_DASH_HIGH_FROM", "16")
    monkeypatch.setenv("HAVEN_MARAC_ESCALATION_INCIDENTS", "three")
    assert config.dash_bands() == config.DEFAULT_BANDS
    assert config.escalation_threshold() == 3
    messages = [message.msg for message in check_risk_settings()]
    assert any("HAVEN_DASH_HIGH_FROM is 16" in m for m in messages)
    assert any("HAVEN_MARAC_ESCALATION_INCIDENTS" in m for m in messages)
    monkeypatch.setenv("HAVEN_DASH_HIGH_FROM", "12")
    monkeypatch.setenv("HAVEN_DASH_MEDIUM_FROM", "12")
    assert config.dash_bands() == config.DEFAULT_BANDS
