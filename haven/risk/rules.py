"""The pure rules of risk work: DASH RIC scoring and banding, professional judgement, MARAC
criteria (visible high risk, judgement, escalation, repeat), MARAC actions' statuses,
reassessment and DVDS dates.

No database here: plain values in, plain values out, so every rule is tested exhaustively.
The numbers a landlord may change come in as arguments (haven.risk.config reads them).
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    DONT_KNOW = "dont_know"


ANSWER_LABELS = {Answer.YES: "Yes", Answer.NO: "No", Answer.DONT_KNOW: "Don't know"}


class Level(StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


LEVEL_LABELS = {Level.STANDARD: "Standard", Level.MEDIUM: "Medium", Level.HIGH: "High"}
LEVEL_RANK = {Level.STANDARD: 0, Level.MEDIUM: 1, Level.HIGH: 2}

# SafeLives DASH RIC: 24 questions, asked of the survivor. (number, question)
QUESTIONS: tuple[tuple[int, str], ...] = (
    (1, "Has the current incident resulted in injury?"),
    (2, "Are you very frightened?"),
    (3, "What are you afraid of? Is it further injury or violence?"),
    (4, "Do you feel isolated from family or friends?"),
    (5, "Are you feeling depressed or having suicidal thoughts?"),
    (6, "Have you separated or tried to separate from the abuser within the past year?"),
    (7, "Is there conflict over child contact?"),
    (8, "Does the abuser constantly text, call, contact, follow, stalk or harass you?"),
    (9, "Are you pregnant or have you recently had a baby (in the last 18 months)?"),
    (10, "Is the abuse happening more often?"),
    (11, "Is the abuse getting worse?"),
    (12, "Does the abuser try to control everything you do and/or are they excessively jealous?"),
    (13, "Has the abuser ever used weapons or objects to hurt you?"),
    (14, "Has the abuser ever threatened to kill you or someone else and you believed them?"),
    (15, "Has the abuser ever attempted to strangle, choke, suffocate or drown you?"),
    (
        16,
        "Does the abuser do or say things of a sexual nature that make you feel bad or that "
        "physically hurt you or someone else?",
    ),
    (17, "Is there any other person who has threatened you or who you are afraid of?"),
    (18, "Do you know if the abuser has hurt anyone else?"),
    (19, "Has the abuser ever mistreated an animal or the family pet?"),
    (
        20,
        "Are there any financial issues? For example, are you dependent on the abuser for "
        "money, or have they recently lost their job?",
    ),
    (21, "Has the abuser had problems in the past year with drugs, alcohol or mental health?"),
    (22, "Has the abuser ever threatened or attempted suicide?"),
    (
        23,
        "Has the abuser ever broken bail, an injunction or a formal agreement about when they "
        "can see you or the children?",
    ),
    (
        24,
        "Do you know if the abuser has ever been in trouble with the police or has a criminal history?",
    ),
)
QUESTION_NUMBERS = tuple(number for number, _text in QUESTIONS)

# Professional judgement may raise the level for these, among others (SafeLives guidance).
JUDGEMENT_EXAMPLES = (
    "non-fatal strangulation",
    "threats to kill",
    "stalking",
    "separation with coercive control",
    "'honour'-based abuse",
)


# --- Scoring and banding ----------------------------------------------------------------------


def score(answers: Mapping[int, str]) -> int:
    """The DASH score: the number of Yes answers. "Don't know" is not Yes."""
    return sum(1 for number in QUESTION_NUMBERS if answers.get(number) == Answer.YES)


def unanswered(answers: Mapping[int, str]) -> list[int]:
    """The questions with no answer yet: a DASH is submitted only when this is empty."""
    valid = set(Answer)
    return [number for number in QUESTION_NUMBERS if answers.get(number) not in valid]


@dataclass(frozen=True)
class Bands:
    """Where medium and high begin (standard is below medium). SafeLives: a score of 14 or more
    is visible high risk, so no landlord may put high above 14."""

    medium_from: int = 10
    high_from: int = 14

    def __post_init__(self) -> None:
        if not 0 < self.medium_from < self.high_from <= VISIBLE_HIGH_RISK:
            raise ValueError(
                f"DASH bands must satisfy 0 < medium ({self.medium_from}) < high "
                f"({self.high_from}) <= {VISIBLE_HIGH_RISK}."
            )


VISIBLE_HIGH_RISK = 14


def band(value: int, bands: Bands) -> Level:
    if value >= bands.high_from:
        return Level.HIGH
    if value >= bands.medium_from:
        return Level.MEDIUM
    return Level.STANDARD


NEVER_LOWER_RULE = (
    "Professional judgement can raise the risk level but never lower it: a score of {score} "
    "means at least {level} risk (DASH rule: a score of 14 or more is always high risk)"
)


class JudgementRefused(ValueError):
    """A professional judgement below what the score gives. The message names the rule."""


def final_level(value: int, bands: Bands, judgement: str | None) -> Level:
    """The level an assessment records: the score's band, raised by professional judgement.

    A judgement lower than the band is refused with the rule named; it is never quietly ignored,
    because the officer believes they recorded something else.
    """
    counted = band(value, bands)
    if not judgement:
        return counted
    chosen = Level(judgement)
    if LEVEL_RANK[chosen] < LEVEL_RANK[counted]:
        raise JudgementRefused(
            NEVER_LOWER_RULE.format(score=value, level=LEVEL_LABELS[counted].lower())
        )
    return chosen


def raised_by_judgement(value: int, bands: Bands, level: str) -> bool:
    return LEVEL_RANK[Level(level)] > LEVEL_RANK[band(value, bands)]


# --- MARAC criteria ----------------------------------------------------------------------------


class Criterion(StrEnum):
    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"


CRITERION_LABELS = {
    Criterion.VISIBLE_HIGH_RISK: "Visible high risk (14 or more Yes answers)",
    Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
    Criterion.POTENTIAL_ESCALATION: "Potential escalation",
    Criterion.REPEAT: "Repeat MARAC",
}

REPEAT_WINDOW_DAYS = 365
ESCALATION_WINDOW_DAYS = 365


def is_repeat(incident_on: dt.date, last_referral_on: dt.date) -> bool:
    """A new incident within 12 months of the last MARAC referral is a repeat, whatever the
    score: day 365 after the referral is a repeat, day 366 is not."""
    days = (incident_on - last_referral_on).days
    return 0 < days <= REPEAT_WINDOW_DAYS


def incidents_in_last_year(incident_dates: Iterable[dt.date], today: dt.date) -> int:
    """Incidents on a rolling 12 months ending today (today and the 364 days before it)."""
    start = today - dt.timedelta(days=ESCALATION_WINDOW_DAYS - 1)
    return sum(1 for day in incident_dates if start <= day <= today)


@dataclass(frozen=True)
class CaseRiskFacts:
    """What the MARAC criteria look at, gathered from the case."""

    score: int | None = None
    level: str | None = None
    raised_by_judgement: bool = False
    incident_dates: Sequence[dt.date] = ()
    last_referral_on: dt.date | None = None


@dataclass(frozen=True)
class MaracCheck:
    met: tuple[Criterion, ...]
    reasons: dict[Criterion, str]
    repeat_incidents: int = 0

    @property
    def refer(self) -> bool:
        return bool(self.met)


def marac_criteria(facts: CaseRiskFacts, today: dt.date, escalation_threshold: int) -> MaracCheck:
    """Which MARAC referral criteria the case meets, each with the reason in words."""
    met: list[Criterion] = []
    reasons: dict[Criterion, str] = {}
    if facts.score is not None and facts.score >= VISIBLE_HIGH_RISK:
        met.append(Criterion.VISIBLE_HIGH_RISK)
        reasons[Criterion.VISIBLE_HIGH_RISK] = f"The latest DASH scored {facts.score}."
    if facts.raised_by_judgement and facts.level == Level.HIGH:
        met.append(Criterion.PROFESSIONAL_JUDGEMENT)
        reasons[Criterion.PROFESSIONAL_JUDGEMENT] = (
            "The officer judged the risk high, above what the score alone gives."
        )
    recent = incidents_in_last_year(facts.incident_dates, today)
    if recent >= escalation_threshold:
        met.append(Criterion.POTENTIAL_ESCALATION)
        reasons[Criterion.POTENTIAL_ESCALATION] = (
            f"{recent} incidents in the last 12 months (the threshold is {escalation_threshold})."
        )
    repeats = 0
    if facts.last_referral_on is not None:
        repeats = sum(1 for day in facts.incident_dates if is_repeat(day, facts.last_referral_on))
        if repeats:
            met.append(Criterion.REPEAT)
            reasons[Criterion.REPEAT] = (
                f"{'A new incident' if repeats == 1 else f'{repeats} new incidents'} within 12 "
                f"months of the last MARAC referral ({facts.last_referral_on:%-d %B %Y}): the "
                "case must be referred back, whatever the score."
            )
    return MaracCheck(met=tuple(met), reasons=reasons, repeat_incidents=repeats)


# --- Dates ---------------------------------------------------------------------------------------


def reassess_due_on(assessed_on: dt.date, level: str, intervals: Mapping[str, int]) -> dt.date:
    """When a DASH at this level should be repeated (intervals in days, by level)."""
    return assessed_on + dt.timedelta(days=intervals[Level(level)])


DVDS_DECISION_DAYS = 28


def dvds_decision_due_on(applied_on: dt.date) -> dt.date:
    """Clare's Law: a decision is due within 28 days of the application."""
    return applied_on + dt.timedelta(days=DVDS_DECISION_DAYS)


def due_state(due_on: dt.date, today: dt.date, done: bool = False) -> str:
    """ "done", "overdue", "due" (today) or "upcoming"."""
    if done:
        return "done"
    if due_on < today:
        return "overdue"
    if due_on == today:
        return "due"
    return "upcoming"


# --- MARAC actions ---------------------------------------------------------------------------------


class ActionState(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


# Open, then in progress, then done. An action may be done without being marked in progress
# first (a call made the day of the meeting), but never moves back: a done action, with its
# evidence, is what the MARAC was told.
ACTION_MOVES: Mapping[ActionState, tuple[ActionState, ...]] = {
    ActionState.OPEN: (ActionState.IN_PROGRESS, ActionState.DONE),
    ActionState.IN_PROGRESS: (ActionState.DONE,),
    ActionState.DONE: (),
}
# Not done yet: these block closure and are on the owner's work list.
UNFINISHED_ACTIONS = (ActionState.OPEN, ActionState.IN_PROGRESS)


def may_move_action(current: str, to: str) -> bool:
    """Whether a MARAC action at `current` may be moved to `to`."""
    try:
        return ActionState(to) in ACTION_MOVES[ActionState(current)]
    except ValueError:
        return False
