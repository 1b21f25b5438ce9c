"""Pure rules of safety and housing support: the lock-change clock, review schedules by risk
level, what is due when (in working days), and what a property alert may say. No database, no
request: every function here is tested on its own (tests/support_app/test_rules.py)."""

import datetime as dt
import re
import unicodedata
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
    # The abbreviations colleagues use every day say as much as the words.
    "da",
    "dv",
    "dva",
    "idva",
    "idvas",
    "isva",
    "dapo",
    "dvpo",
    "dvpn",
    "dvds",
    "coercive",
    "coercion",
    "controlling",
    "harassment",
    "harass",
    "harassing",
    "threat",
    "threats",
    "threatened",
    "threatening",
    "ex",
    "molestation",
    "honour",
    "fgm",
    "sexual",
)

_WORD = re.compile(r"[a-z]+")
# A UK postcode, with or without its space: most of an address on its own.
_POSTCODE = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b")
# A run of digits as people write a phone number: spaces, dashes, dots and brackets anywhere.
_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def _plain(text: str) -> str:
    """Text as a reader sees it: look-alike characters (full-width letters, accents) folded to
    plain lower-case letters, so that a disguised word is still the word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _phone_digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if digits.startswith("44") else digits


def alert_text_problem(
    text: str,
    *,
    names: Iterable[str] = (),
    reference_prefix: str = "DA",
    numbers: Iterable[str] = (),
) -> str | None:
    """Why `text` cannot go on a property alert (it would reveal the case), or None.

    Refused: a case reference, any name of a person on the case (whole words, case ignored),
    the words in REVEALING_WORDS, a postcode, and any of `numbers` (the phone numbers on the
    case: whoever rang one would reach the survivor, not a team). The contact should be a team
    and a number.
    """
    # Invisible and direction-changing characters make the text read as something it is not
    # (a right-to-left override shows a different phone number).
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        return "Remove the hidden characters (pasted text can carry them): type the contact again"
    folded = _plain(text)
    if re.search(rf"\b{re.escape(reference_prefix.casefold())}\s*-?\s*\d{{4}}", folded):
        return "Do not put a case reference on an alert"
    words = set(_WORD.findall(folded))
    for name in names:
        for part in _WORD.findall(_plain(name)):
            if len(part) >= 2 and part in words:
                return (
                    "Do not put anyone's name from the case on an alert: give a team and a number"
                )
    found = sorted(words.intersection(REVEALING_WORDS))
    if found:
        return f"Do not say why the alert is there (remove “{found[0]}”): say only who to contact"
    if _POSTCODE.search(folded):
        return "Do not put an address or a postcode on an alert: say only who to contact"
    private = {_phone_digits(n) for n in numbers if len(_phone_digits(n)) >= 7}
    if private.intersection(_phone_digits(n) for n in _NUMBER.findall(folded)):
        return (
            "Do not give a number from the case on an alert: give a team's number, "
            "for example Tenancy Services, 0345 000 0000"
        )
    return None


# --- Action against perpetrators ---------------------------------------------------------------


def wishes_problem(wishes: str) -> str | None:
    """An action against a perpetrator starts only once the survivor's wishes are recorded."""
    if not wishes.strip():
        return "Record the survivor's wishes before starting an action against the perpetrator"
    return None
