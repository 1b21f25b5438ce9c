"""Working days in England and Wales: the clock for first contact and other service standards.

A working day is Monday to Friday and not a bank holiday in England and Wales. The clock for a
disclosure starts on the next working day: something received on a Friday evening with a
1-working-day standard is due by the end of Monday (Tuesday after a bank holiday Monday).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")

IsHoliday = Callable[[dt.date], bool]


@lru_cache(maxsize=64)
def england_and_wales_bank_holidays(year: int) -> frozenset[dt.date]:
    # Wales shares England's bank holidays; the `holidays` package lists the substitute days
    # ("Boxing Day (observed)") that move a holiday off a weekend.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: dt.date) -> bool:
    return day in england_and_wales_bank_holidays(day.year)


def holidays_from(dates: Iterable[dt.date]) -> IsHoliday:
    """A holiday test from a fixed list (tests, or a landlord's own closure days)."""
    fixed = frozenset(dates)
    return fixed.__contains__


def is_working_day(day: dt.date, *, is_holiday: IsHoliday = is_bank_holiday) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day_on_or_after(
    day: dt.date, *, is_holiday: IsHoliday = is_bank_holiday
) -> dt.date:
    while not is_working_day(day, is_holiday=is_holiday):
        day += dt.timedelta(days=1)
    return day


def add_working_days(
    start: dt.date, working_days: int, *, is_holiday: IsHoliday = is_bank_holiday
) -> dt.date:
    """The day on which `working_days` working days after `start` have passed.

    `start` itself never counts (the clock starts the next working day). With 0, the answer is
    `start` if it is a working day, otherwise the next working day.
    """
    if working_days < 0:
        raise ValueError("working_days cannot be negative")
    if working_days == 0:
        return next_working_day_on_or_after(start, is_holiday=is_holiday)
    day = start
    counted = 0
    while counted < working_days:
        day += dt.timedelta(days=1)
        if is_working_day(day, is_holiday=is_holiday):
            counted += 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, *, is_holiday: IsHoliday = is_bank_holiday
) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, is_holiday=is_holiday)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, is_holiday=is_holiday):
            count += 1
    return count


def end_of_day(day: dt.date, tz: dt.tzinfo = LONDON) -> dt.datetime:
    """The last moment of `day` in local time (a deadline "by the end of" that day)."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz)


def first_contact_due(
    received_at: dt.datetime,
    working_days: int,
    *,
    is_holiday: IsHoliday = is_bank_holiday,
    tz: dt.tzinfo = LONDON,
) -> dt.datetime:
    """When first contact is due for a disclosure received at `received_at` (aware datetime)."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    received_day = received_at.astimezone(tz).date()
    return end_of_day(add_working_days(received_day, working_days, is_holiday=is_holiday), tz)


class ClockState:
    """How a deadline stands at a moment: the words the triage queue shows."""

    DUE = "due"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


def clock_state(due_at: dt.datetime, now: dt.datetime, tz: dt.tzinfo = LONDON) -> str:
    if now > due_at:
        return ClockState.OVERDUE
    if now.astimezone(tz).date() == due_at.astimezone(tz).date():
        return ClockState.DUE_TODAY
    return ClockState.DUE
