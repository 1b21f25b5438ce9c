"""The working-day clock behind "first contact within 1 working day"."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from haven.lib.working_days import (
    LONDON,
    ClockState,
    add_working_days,
    clock_state,
    england_and_wales_bank_holidays,
    first_contact_due,
    holidays_from,
    is_working_day,
    working_days_between,
)

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
day_counts = st.integers(min_value=0, max_value=30)


def test_england_and_wales_bank_holidays_2026():
    assert england_and_wales_bank_holidays(2026) >= {
        dt.date(2026, 1, 1),
        dt.date(2026, 4, 3),  # Good Friday
        dt.date(2026, 4, 6),  # Easter Monday
        dt.date(2026, 5, 4),
        dt.date(2026, 5, 25),
        dt.date(2026, 8, 31),
        dt.date(2026, 12, 25),
        dt.date(2026, 12, 28),  # Boxing Day on a Saturday moves to Monday
    }
    # Scotland's extra days are not England and Wales's.
    assert dt.date(2026, 1, 2) not in england_and_wales_bank_holidays(2026)
    assert dt.date(2026, 11, 30) not in england_and_wales_bank_holidays(2026)


def test_disclosure_on_a_wednesday_is_due_on_thursday():
    assert add_working_days(dt.date(2026, 11, 25), 1) == dt.date(2026, 11, 26)


def test_disclosure_on_friday_is_due_on_monday():
    assert add_working_days(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)


def test_disclosure_on_a_saturday_is_due_on_monday():
    assert add_working_days(dt.date(2026, 11, 28), 1) == dt.date(2026, 11, 30)


def test_easter_weekend_pushes_the_deadline_to_tuesday():
    # Thursday before Good Friday: Friday and Monday are bank holidays.
    assert add_working_days(dt.date(2026, 4, 2), 1) == dt.date(2026, 4, 7)


def test_christmas_eve_2026_is_due_on_the_29th():
    # 25th Friday, 26th-27th weekend, 28th Boxing Day (observed).
    assert add_working_days(dt.date(2026, 12, 24), 1) == dt.date(2026, 12, 29)


def test_zero_days_means_the_same_working_day():
    assert add_working_days(dt.date(2026, 11, 25), 0) == dt.date(2026, 11, 25)
    assert add_working_days(dt.date(2026, 11, 28), 0) == dt.date(2026, 11, 30)


def test_a_landlord_closure_day_counts_as_a_holiday():
    closed = holidays_from([dt.date(2026, 11, 26)])
    assert add_working_days(dt.date(2026, 11, 25), 1, is_holiday=closed) == dt.date(2026, 11, 27)


def test_first_contact_due_is_the_end_of_the_working_day_in_london():
    received = dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC)  # Friday night
    due = first_contact_due(received, 1)
    assert due == dt.datetime(2026, 11, 30, 23, 59, 59, tzinfo=LONDON)


def test_first_contact_due_uses_the_local_date_in_summer_time():
    # 23:30 UTC on Thursday 2 July is 00:30 on Friday in London: the clock starts Monday.
    received = dt.datetime(2026, 7, 2, 23, 30, tzinfo=dt.UTC)
    assert first_contact_due(received, 1).date() == dt.date(2026, 7, 6)


def test_naive_received_at_is_refused():
    import pytest

    with pytest.raises(ValueError):
        first_contact_due(dt.datetime(2026, 11, 25, 10, 0), 1)


def test_negative_day_count_is_refused():
    import pytest

    with pytest.raises(ValueError):
        add_working_days(dt.date(2026, 11, 25), -1)


@given(start=dates, days=day_counts)
def test_result_is_always_a_working_day(start, days):
    assert is_working_day(add_working_days(start, days))


@given(start=dates, days=st.integers(min_value=1, max_value=30))
def test_exactly_n_working_days_pass_after_the_start_day(start, days):
    due = add_working_days(start, days)
    assert due > start
    assert working_days_between(start, due) == days


@given(start=dates, days=st.integers(min_value=1, max_value=30))
def test_the_day_before_the_deadline_is_too_early(start, days):
    due = add_working_days(start, days)
    assert working_days_between(start, due - dt.timedelta(days=1)) == days - 1


@given(start=dates, days=st.integers(min_value=1, max_value=30))
def test_one_more_day_always_gives_a_later_deadline(start, days):
    assert add_working_days(start, days + 1) > add_working_days(start, days)


@given(start=dates)
def test_zero_days_on_a_non_working_day_matches_one_day(start):
    # Received on a Sunday: "same working day" and "next working day" are both Monday.
    if not is_working_day(start):
        assert add_working_days(start, 0) == add_working_days(start, 1)


@given(start=dates, days=day_counts)
def test_a_later_start_never_gives_an_earlier_deadline(start, days):
    assert add_working_days(start + dt.timedelta(days=1), days) >= add_working_days(start, days)


@given(start=dates, days=day_counts)
def test_deadline_is_never_more_than_a_fortnight_per_day_away(start, days):
    # The longest run of non-working days in England and Wales is four (Easter, Christmas).
    assert add_working_days(start, days) - start <= dt.timedelta(days=5 + days * 5)


@given(start=dates, end=dates)
def test_working_days_between_is_antisymmetric(start, end):
    assert working_days_between(start, end) == -working_days_between(end, start)


def test_clock_states():
    due = dt.datetime(2026, 11, 26, 23, 59, 59, tzinfo=LONDON)
    assert clock_state(due, dt.datetime(2026, 11, 25, 12, 0, tzinfo=LONDON)) == ClockState.DUE
    assert clock_state(due, dt.datetime(2026, 11, 26, 9, 0, tzinfo=LONDON)) == ClockState.DUE_TODAY
    assert clock_state(due, dt.datetime(2026, 11, 27, 0, 0, tzinfo=LONDON)) == ClockState.OVERDUE
