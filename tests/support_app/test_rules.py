"""The pure rules of support: the lock-change clock, review schedules, due dates across bank
holidays, and what a property alert may say."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.support import rules

LONDON = zoneinfo.ZoneInfo("Europe/London")
REQUESTED = dt.datetime(2026, 12, 4, 10, 0, tzinfo=LONDON)  # a Friday morning
INTERVALS = {"high": 2, "medium": 4, "standard": 8}


def test_a_lock_change_is_due_24_hours_later_across_a_weekend():
    due = rules.lock_change_due_at(REQUESTED, 24)

    assert due == dt.datetime(2026, 12, 5, 10, 0, tzinfo=LONDON)  # Saturday: danger keeps no hours


def test_the_clock_runs_then_breaches_and_a_late_completion_stays_breached():
    due = rules.lock_change_due_at(REQUESTED, 24)

    running = rules.lock_clock(REQUESTED, due, None, REQUESTED + dt.timedelta(hours=3))
    late_open = rules.lock_clock(REQUESTED, due, None, REQUESTED + dt.timedelta(hours=25))
    done_late = rules.lock_clock(
        REQUESTED, due, REQUESTED + dt.timedelta(hours=26), REQUESTED + dt.timedelta(days=5)
    )
    done_in_time = rules.lock_clock(
        REQUESTED, due, REQUESTED + dt.timedelta(hours=20), REQUESTED + dt.timedelta(days=5)
    )

    assert (running.state, running.hours_left) == (rules.ClockState.RUNNING, 21)
    assert late_open.state == rules.ClockState.BREACHED
    assert (done_late.state, done_late.hours_taken) == (rules.ClockState.BREACHED, 26)
    assert done_in_time.state == rules.ClockState.MET


@given(
    hours=st.integers(min_value=1, max_value=336),
    taken_minutes=st.integers(min_value=0, max_value=400 * 60),
)
def test_a_completion_is_met_exactly_when_it_is_within_the_clock(hours, taken_minutes):
    due = rules.lock_change_due_at(REQUESTED, hours)
    done = REQUESTED + dt.timedelta(minutes=taken_minutes)

    clock = rules.lock_clock(REQUESTED, due, done, done + dt.timedelta(days=30))

    assert (clock.state == rules.ClockState.MET) == (taken_minutes <= hours * 60)


def test_a_completion_before_the_request_or_in_the_future_is_refused():
    now = REQUESTED + dt.timedelta(hours=30)

    before = rules.completion_problem(REQUESTED, REQUESTED - dt.timedelta(minutes=1), now)
    future = rules.completion_problem(REQUESTED, now + dt.timedelta(hours=1), now)
    fine = rules.completion_problem(REQUESTED, REQUESTED + dt.timedelta(hours=26), now)

    assert before is not None and "after it was asked for" in before
    assert future == "The time the work was done cannot be in the future"
    assert fine is None


@pytest.mark.parametrize(
    ("level", "weeks"), [("high", 2), ("medium", 4), ("standard", 8), (None, 3), ("odd", 3)]
)
def test_review_interval_follows_the_risk_level_with_a_default_when_unknown(level, weeks):
    assert rules.review_interval_weeks(level, INTERVALS, unknown_weeks=3) == weeks


def test_a_review_falling_on_a_bank_holiday_moves_to_the_next_working_day():
    # Two weeks after Monday 17 August 2026 is the summer bank holiday, Monday 31 August.
    assert rules.next_review_due(dt.date(2026, 8, 17), 2) == dt.date(2026, 9, 1)
    # Four weeks after Friday 27 November 2026 is Friday 25 December: Christmas, then Boxing Day
    # (Saturday, observed on Monday 28th): due Tuesday 29 December.
    assert rules.next_review_due(dt.date(2026, 11, 27), 4) == dt.date(2026, 12, 29)


@given(
    start=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
    weeks=st.integers(min_value=1, max_value=52),
)
def test_a_review_is_never_due_before_its_interval_nor_on_a_non_working_day(start, weeks):
    due = rules.next_review_due(start, weeks)

    assert due >= start + dt.timedelta(weeks=weeks)
    assert due.weekday() < 5
    assert due - (start + dt.timedelta(weeks=weeks)) < dt.timedelta(days=6)


def test_on_the_friday_before_a_bank_holiday_tuesday_is_one_working_day_ahead():
    friday = dt.date(2026, 8, 28)  # Monday 31 August 2026 is a bank holiday

    assert rules.due_state(dt.date(2026, 9, 1), friday, 1) == rules.Due.SOON
    assert rules.due_state(dt.date(2026, 8, 31), friday, 1) == rules.Due.SOON
    assert rules.due_state(dt.date(2026, 9, 2), friday, 1) == rules.Due.LATER
    assert rules.due_state(friday, friday, 1) == rules.Due.TODAY
    assert rules.due_state(dt.date(2026, 8, 27), friday, 1) == rules.Due.OVERDUE


def test_on_an_ordinary_friday_one_working_day_ahead_is_monday():
    friday = dt.date(2026, 9, 4)

    assert rules.due_state(dt.date(2026, 9, 7), friday, 1) == rules.Due.SOON
    assert rules.due_state(dt.date(2026, 9, 8), friday, 1) == rules.Due.LATER


@given(
    today=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2030, 12, 31)),
    soon=st.integers(min_value=0, max_value=10),
)
def test_the_due_horizon_ends_the_day_before_a_working_day(today, soon):
    from haven.lib.working_days import is_working_day

    horizon = rules.due_horizon(today, soon)

    assert horizon >= today
    # Nothing that falls due on a non-working day straight after the horizon is left out.
    assert soon == 0 or is_working_day(horizon + dt.timedelta(days=1))


@pytest.mark.parametrize(
    "text",
    [
        "Call about DA-2026-00042",
        "Ask for da 2026 42 first",
        "Priya in Tenancy Services",
        "Tenancy Services: domestic abuse case",
        "Risk from ex-partner, call 0345 000 0000",
        "Tenancy Services (perpetrator banned)",
    ],
)
def test_an_alert_contact_that_would_reveal_the_case_is_refused(text):
    problem = rules.alert_text_problem(text, names=["Priya Shah", "Mark Jones"])

    assert problem is not None


@pytest.mark.parametrize(
    "text",
    [
        # The abbreviations colleagues use every day say as much as the words.
        "Contact the DV team, 0345 000 0000",
        "Ask for the IDVA first",
        "Call the DA coordinator",
        "Tenancy Services: harassment from the ex",
        "Tenancy Services, coercive control",
        "Threats made: call Tenancy Services",
        # Look-alike characters are the same word to the person reading it.
        "Tenancy Services (\uff21\uff22\uff35\uff33\uff25)",  # full-width ABUSE
        # An address says where someone is; a postcode is most of one.
        "Tenancy Services, she has moved to DE22 1XY",
        "Tenancy Services, now at de221xy",
    ],
)
def test_an_alert_contact_with_an_abbreviation_a_disguised_word_or_a_postcode_is_refused(text):
    assert rules.alert_text_problem(text, names=["Priya Shah"]) is not None


@pytest.mark.parametrize("text", ["Ask Zoë at Tenancy Services", "Ask ZOE at Tenancy Services"])
def test_a_name_with_an_accent_is_refused_however_it_is_typed(text):
    assert rules.alert_text_problem(text, names=["Zoë Brontë"]) is not None


def test_an_alert_contact_with_invisible_characters_is_refused():
    # A right-to-left override shows "0345 000 0000" as another number: staff would ring it.
    assert rules.alert_text_problem("Tenancy Services \u202e0000 000 5430") is not None
    assert rules.alert_text_problem("Tenancy\u200b Services, 0345 000 0000") is not None


def test_an_alert_contact_giving_a_number_from_the_case_is_refused():
    # Whoever rang it would reach the survivor (or the perpetrator), not a team.
    numbers = ["07700 900 982"]
    for text in ("Ring 07700900982 first", "Call +44 7700 900982", "Tel (07700) 900-982"):
        assert rules.alert_text_problem(text, numbers=numbers) is not None
    assert rules.alert_text_problem("Tenancy Services, 0345 000 0000", numbers=numbers) is None


def test_a_team_and_a_number_is_a_good_alert_contact():
    assert (
        rules.alert_text_problem(
            "Tenancy Services, 0345 000 0000", names=["Priya Shah", "Mark Jones"]
        )
        is None
    )


def test_a_perpetrator_action_needs_the_survivors_wishes():
    assert rules.wishes_problem("   ") is not None
    assert rules.wishes_problem("She wants a warning letter") is None
