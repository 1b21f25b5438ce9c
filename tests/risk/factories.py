"""Building risk work for tests, through the services the product uses."""

import datetime as dt

from django.utils import timezone

from haven.cases.models import Case
from haven.risk import services
from haven.risk.models import DashAssessment
from haven.risk.rules import QUESTION_NUMBERS


def answers_with(yes: int, dont_know: int = 0) -> dict[int, dict[str, str]]:
    """Answers to all 24 questions: the first `yes` Yes, then `dont_know` Don't know, then No."""
    answers = {}
    for index, number in enumerate(QUESTION_NUMBERS):
        answer = "yes" if index < yes else "dont_know" if index < yes + dont_know else "no"
        answers[number] = {"answer": answer, "note": "", "source": ""}
    return answers


def complete_dash(
    case: Case,
    officer,
    *,
    yes: int,
    judgement_level: str = "",
    reasons: str = "",
    assessed_on: dt.date | None = None,
) -> DashAssessment:
    return services.submit_dash(
        case,
        None,
        answers=answers_with(yes),
        judgement={"judgement_level": judgement_level, "judgement_reasons": reasons},
        assessed_on=assessed_on or timezone.localdate(),
        actor=officer,
    )


def refer(case: Case, officer, *, on: dt.date | None = None, criteria=("visible_high_risk",)):
    return services.refer_to_marac(
        case,
        referred_on=on or timezone.localdate(),
        area="Derby",
        criteria=list(criteria),
        survivor_aware=True,
        not_aware_reason="",
        consent=True,
        no_consent_reason="",
        actor=officer,
    )
