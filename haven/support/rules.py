"""Pure rules of safety and housing support: the lock-change clock, review schedules by risk
level, what is due when (in working days), and what a property alert may say. No database, no
request: every function here is tested on its own (tests/support_app/test_rules.py)."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from haven.lib.working_days import (
    LONDON,
    IsHoliday,
    add_working_days,
    is_bank_holiday,
    next_working_day_on_or_after,
)

# --- Securing the home ------------------------------------------------------------------------


class ClockState(StrEnum):
    RUNNING = "running"  # not done yet, still inside the clock
    BREACHED = "breached"  # not done and past the clock, or done after it
    MET = "met"  # done inside the clock


@dataclass(frozen=True)
class LockClock:
    state: ClockState
    due_at: dt.datetime
    # Whole hours left on a running clock (0 in its last hour), else None.
    hours_left: int | None
    # Whole hours from request to completion (done), or to now (running, breached and open).
    hours_taken: int


def lock_change_due_at(requested_at: dt.datetime, hours: int) -> dt.datetime:
    """A lock change is due `hours` after it was asked for: a real clock, nights and weekends
    included, because the danger does not keep office hours."""
    if requested_at.tzinfo is None:
        raise ValueError("requested_at must be timezone-aware")
    if hours < 1:
        raise ValueError("The lock-change clock must be at least an hour")
    return requested_at + dt.timedelta(hours=hours)


def lock_clock(
    requested_at: dt.datetime,
    due_at: dt.datetime,
    completed_at: dt.datetime | None,
    now: dt.datetime,
) -> LockClock:
    end = completed_at if completed_at is not None else now
    taken = max(int((end - requested_at).total_seconds() // 3600), 0)
    if completed_at is not None:
        state = ClockState.MET if completed_at <= due_at else ClockState.BREACHED
        return LockClock(state, due_at, None, taken)
    if now > due_at:
        return LockClock(ClockState.BREACHED, due_at, None, taken)
    left = int((due_at - now).total_seconds() // 3600)
    return LockClock(ClockState.RUNNING, due_at, left, taken)


def completion_problem(
    requested_at: dt.datetime, completed_at: dt.datetime, now: dt.datetime
) -> str | None:
    """Why a completion time cannot be right, in words for the person typing it, or None."""
    if completed_at < requested_at:
        when = requested_at.astimezone(LONDON)
        return (
            "The time the work was done must be after it was asked for "
            f"({when:%-d %B %Y} at {when:%-I:%M%p})".replace("AM", "am").replace("PM", "pm")
        )
    # A few minutes' grace: the clock on the officer's phone and ours may differ a little.
    if completed_at > now + dt.timedelta(minutes=5):
        return "The time the work was done cannot be in the future"
    return None


# --- Action plans and reviews ------------------------------------------------------------------


class RiskLevel(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    STANDARD = "standard"


def review_interval_weeks(
    level: str | None, intervals: Mapping[str, int], unknown_weeks: int
) -> int:
    """Weeks between reviews at this risk level; `unknown_weeks` when no level is known (or
    the level is one the table does not name)."""
    if level is None:
        return unknown_weeks
    return intervals.get(level, unknown_weeks)


def next_review_due(
    last: dt.date, weeks: int, *, is_holiday: IsHoliday = is_bank_holiday
) -> dt.date:
    """The next review is due `weeks` after the last one (or after the plan was agreed); a date
    that falls on a weekend or bank holiday moves to the next working day."""
    if weeks < 1:
        raise ValueError("Reviews must be at least a week apart")
    return next_working_day_on_or_after(last + dt.timedelta(weeks=weeks), is_holiday=is_holiday)


class Due(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    LATER = "later"


def due_state(
    due_on: dt.date,
    today: dt.date,
    soon_working_days: int,
    *,
    is_holiday: IsHoliday = is_bank_holiday,
) -> Due:
    """How a due date stands today. "Soon" counts working days, so on the Friday before a bank
    holiday Monday, 1 working day ahead reaches Tuesday: nothing due then is missed over the
    long weekend."""
    if due_on < today:
        return Due.OVERDUE
    if due_on == today:
        return Due.TODAY
    if due_on <= due_horizon(today, soon_working_days, is_holiday=is_holiday):
        return Due.SOON
    return Due.LATER


def due_horizon(
    today: dt.date, soon_working_days: int, *, is_holiday: IsHoliday = is_bank_holiday
) -> dt.date:
    """The last date a "due" list includes: `soon_working_days` working days after today, and
    every non-working day straight after it (what falls due on a bank holiday is due before)."""
    if soon_working_days == 0:
        return today
    horizon = add_working_days(today, soon_working_days, is_holiday=is_holiday)
    return next_working_day_on_or_after(
        horizon + dt.timedelta(days=1), is_holiday=is_holiday
    ) - dt.timedelta(days=1)


# --- Property safety alerts --------------------------------------------------------------------

# Words that would tell whoever reads an alert why it is there. An alert says what to do, never
# why: repairs and neighbourhood staff, and contractors, read them.
REVEALING_WORDS = (
    "abuse",
    "abused",
    "abuser",
    "abusive",
    "domestic",
    "violence",
    "violent",
    "victim",
    "survivor",
    "perpetrator",
    "refuge",
    "marac",
    "mappa",
    "dash",
    "injunction",
    "assault",
    "rape",
    "stalk",
    "stalking",
    "partner",
    "husband",
    "wife",
    "boyfriend",
    "girlfriend",
    "police",
    "case",
)

_WORD = re.compile(r"[a-z]+")


def alert_text_problem(
    text: str, *, names: Iterable[str] = (), reference_prefix: str = "DA"
) -> str | None:
    """Why `text` cannot go on a property alert (it would reveal the case), or None.

    Refused: a case reference, any name of a person on the case (whole words, case ignored),
    and the words in REVEALING_WORDS. The contact should be a team and a number.
    """
    folded = text.casefold()
    if re.search(rf"\b{re.escape(reference_prefix.casefold())}\s*-?\s*\d{{4}}", folded):
        return "Do not put a case reference on an alert"
    words = set(_WORD.findall(folded))
    for name in names:
        for part in _WORD.findall(name.casefold()):
            if len(part) >= 2 and part in words:
                return (
                    "Do not put anyone's name from the case on an alert: give a team and a number"
                )
    found = sorted(words.intersection(REVEALING_WORDS))
    if found:
        return f"Do not say why the alert is there (remove “{found[0]}”): say only who to contact"
    return None


# --- Action against perpetrators ---------------------------------------------------------------


def wishes_problem(wishes: str) -> str | None:
    """An action against a perpetrator starts only once the survivor's wishes are recorded."""
    if not wishes.strip():
        return "Record the survivor's wishes before starting an action against the perpetrator"
    return None
