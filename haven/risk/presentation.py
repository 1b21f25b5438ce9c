"""What the case page, its header and the case lists show of risk work (registered in hooks.py).
Each runs on every case page or list page: a query or two each."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Case as DbCase
from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils import timezone

from haven.cases.models import Case
from haven.risk import policies, rules, services
from haven.risk.models import CaseRisk

LEVEL_TONES = {
    rules.Level.HIGH: "risk-high",
    rules.Level.MEDIUM: "risk-medium",
    rules.Level.STANDARD: "risk-standard",
}
NOT_ASSESSED = "not_assessed"
FILTER_CHOICES: tuple[tuple[str, str], ...] = (
    (rules.Level.HIGH.value, "High"),
    (rules.Level.MEDIUM.value, "Medium"),
    (rules.Level.STANDARD.value, "Standard"),
    (NOT_ASSESSED, "Not assessed"),
)


def level_words(level: str) -> str:
    """The words of a risk level, never just "High": triage urgency says "High" too."""
    return f"{rules.LEVEL_LABELS[rules.Level(level)]} risk (DASH)"


def level_tag(level: str) -> tuple[str, str]:
    return level_words(level), LEVEL_TONES[rules.Level(level)]


def header_badges(case: Case, user: Any) -> list[tuple[str, str]]:
    if not policies.may_assess(user):
        return []
    state = CaseRisk.objects.filter(case=case).only("level").first()
    badges = [level_tag(state.level)] if state else [("DASH not done", "info")]
    # "Flagged and tagged": a repeat must be referred back, whatever the score.
    if services.needs_repeat_referral(case):
        badges.append(("Repeat MARAC: refer back", "overdue"))
    return badges


def list_cells(cases: Sequence[Case]) -> dict[int, tuple[str, str]]:
    """ "High risk" and the like, never a bare "High": the next column is triage urgency."""
    states = CaseRisk.objects.filter(case_id__in=[case.pk for case in cases]).values_list(
        "case_id", "level"
    )
    return {
        case_id: (f"{rules.LEVEL_LABELS[rules.Level(level)]} risk", LEVEL_TONES[rules.Level(level)])
        for case_id, level in states
    }


# The case list's sort by level: high, medium, standard, then cases not yet assessed.
LEVEL_RANK = (rules.Level.HIGH, rules.Level.MEDIUM, rules.Level.STANDARD)
SORT_LABEL = "Highest DASH risk level first"


def sort_by_level() -> tuple[OrderBy, ...]:
    """High first, not assessed last, as one comparison on the case's joined current risk
    (the list's own order breaks ties). A rank, not the stored words: "high" < "medium" <
    "standard" happens to sort right as text, and nothing should rest on that."""
    rank = DbCase(
        *(When(risk_state__level=level.value, then=Value(i)) for i, level in enumerate(LEVEL_RANK)),
        default=Value(len(LEVEL_RANK)),
        output_field=IntegerField(),
    )
    return (rank.asc(),)


def filter_cases(cases: QuerySet[Case], value: str) -> QuerySet[Case]:
    # A test on each case (EXISTS), not a join: the case list then walks the cases newest
    # first and stops at a page, rather than joining and sorting every high-risk state ever
    # recorded (30 ms -> 1.5 ms for the coordinator at 100,000 cases, SQLite).
    states = CaseRisk.objects.filter(case_id=OuterRef("pk"))
    if value == NOT_ASSESSED:
        return cases.filter(~Exists(states))
    return cases.filter(Exists(states.filter(level=value)))


def card_context(case: Case, user: Any) -> dict[str, Any] | None:
    """The risk summary card on the case record: level, when, what is due, what to do next."""
    if not policies.may_assess(user):
        return None
    today = timezone.localdate()
    state = CaseRisk.objects.filter(case=case).select_related("assessment").first()
    prompt = services.marac_prompt(case, today)
    return {
        "state": state,
        "level_words": level_words(state.level) if state else "",
        "tone": LEVEL_TONES[rules.Level(state.level)] if state else "",
        "reassess": _reassess_state(state, today),
        "incident_since": services.reassessment_prompt(case, state),
        "prompt": prompt,
        "criteria": [
            (rules.CRITERION_LABELS[c], prompt.check.reasons[c]) for c in prompt.check.met
        ],
        "draft": case.dash_assessments.filter(status="draft").only("pk").first(),
    }


def _reassess_state(state: CaseRisk | None, today: dt.date) -> str:
    if state is None:
        return ""
    return rules.due_state(state.reassess_due_on, today)
