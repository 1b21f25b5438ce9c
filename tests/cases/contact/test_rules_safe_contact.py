"""The safe-contact plan's rules: every sentence an officer would read when a contact is refused."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.rules.safe_contact import (
    EVERY_DAY,
    LONDON,
    MINUTES_PER_DAY,
    WEEKDAYS,
    WEEKEND,
    Channel,
    ContactPlan,
    ProposedContact,
    Rule,
    TimeWindow,
    breaches,
    describe_days,
    format_minute,
    normalise_phone,
    parse_time_of_day,
    summarise,
)

UTC = dt.UTC
SAFE_NUMBER = "07700 900123"


def london(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def plan(**overrides) -> ContactPlan:
    defaults = dict(
        allowed_channels=frozenset({Channel.PHONE, Channel.EMAIL}),
        phone_numbers=(SAFE_NUMBER,),
        email_address="safe.mailbox@example.org",
        safe_times=(TimeWindow(WEEKDAYS, 10 * 60, 14 * 60),),
        voicemail_allowed=False,
    )
    defaults.update(overrides)
    return ContactPlan(**defaults)


def phone(when, destination=SAFE_NUMBER, voicemail=False, channel=Channel.PHONE):
    return ProposedContact(channel, when, destination, voicemail)


# --- Messages that name the rule -----------------------------------------------------------------


def test_a_safe_call_breaks_nothing():
    # Tuesday 24 November 2026, 11am.
    assert breaches(plan(), phone(london(2026, 11, 24, 11))) == []


def test_a_text_when_texts_are_not_agreed_is_refused_by_name():
    found = breaches(plan(), phone(london(2026, 11, 24, 11), channel=Channel.TEXT))
    assert [b.message for b in found] == [
        "Text messages are not a safe way to contact this survivor"
    ]
    assert found[0].rule == Rule.CHANNEL_NOT_ALLOWED


def test_a_call_outside_safe_times_names_the_day_time_and_the_agreed_times():
    found = breaches(plan(), phone(london(2026, 11, 24, 18)))
    assert [b.message for b in found] == [
        "Tuesday 6pm is outside the safe times agreed (weekdays 10am to 2pm)"
    ]


def test_a_call_in_an_unsafe_time_is_refused_even_with_no_safe_times_set():
    unsafe = (TimeWindow(EVERY_DAY, 17 * 60, 20 * 60 + 30),)
    found = breaches(plan(safe_times=(), unsafe_times=unsafe), phone(london(2026, 11, 28, 19)))
    assert [b.rule for b in found] == [Rule.WITHIN_UNSAFE_TIMES]
    assert found[0].message == (
        "Saturday 7pm is a time the survivor said is not safe (every day 5pm to 8:30pm)"
    )


def test_another_number_is_refused():
    found = breaches(plan(), phone(london(2026, 11, 24, 11), destination="07700 900999"))
    assert [b.message for b in found] == ["This is not the number the survivor agreed we may use"]


@pytest.mark.parametrize(
    "written",
    [
        "07700900123",
        "+44 7700 900123",
        "+44 (0)7700 900 123",
        "0044 7700 900123",
        "(07700) 900-123",
    ],
)
def test_the_agreed_number_written_differently_is_still_the_agreed_number(written):
    assert breaches(plan(), phone(london(2026, 11, 24, 11), destination=written)) == []


def test_voicemail_when_not_allowed_is_refused():
    found = breaches(plan(), phone(london(2026, 11, 24, 11), voicemail=True))
    assert [b.message for b in found] == ["Voicemail must not be left"]


def test_voicemail_when_allowed_is_fine():
    assert (
        breaches(plan(voicemail_allowed=True), phone(london(2026, 11, 24, 11), voicemail=True))
        == []
    )


def test_every_broken_rule_is_listed_not_only_the_first():
    found = breaches(
        plan(), phone(london(2026, 11, 29, 21), destination="01632 960001", voicemail=True)
    )
    assert [b.rule for b in found] == [
        Rule.OUTSIDE_SAFE_TIMES,
        Rule.DESTINATION_NOT_AGREED,
        Rule.VOICEMAIL_NOT_ALLOWED,
    ]
    assert found[0].message.startswith("Sunday 9pm is outside")


def test_no_plan_is_itself_a_breach():
    found = breaches(None, phone(london(2026, 11, 24, 11)))
    assert [b.rule for b in found] == [Rule.NO_PLAN]
    assert "No safe-contact plan" in found[0].message


def test_an_allowed_channel_with_no_agreed_destination_is_refused():
    found = breaches(
        plan(allowed_channels=frozenset({Channel.LETTER})),
        ProposedContact(Channel.LETTER, london(2026, 11, 24, 11), "1 Any Street"),
    )
    assert [b.message for b in found] == ["No address has been agreed for letters"]


def test_letters_only_to_the_agreed_address_and_at_any_time():
    agreed = plan(
        allowed_channels=frozenset({Channel.LETTER}),
        postal_address="c/o Sunflower Centre, 2 Hope Lane, AB1 2CD",
    )
    sunday_night = london(2026, 11, 29, 23)
    assert (
        breaches(
            agreed,
            ProposedContact(
                Channel.LETTER, sunday_night, "C/O Sunflower Centre 2 Hope Lane AB1 2CD"
            ),
        )
        == []
    )
    found = breaches(agreed, ProposedContact(Channel.LETTER, sunday_night, "14 Home Road, AB1 9ZZ"))
    assert [b.message for b in found] == [
        "This is not the address the survivor agreed we may write to"
    ]


def test_email_to_another_address_is_refused():
    found = breaches(
        plan(),
        ProposedContact(Channel.EMAIL, london(2026, 11, 24, 11), "shared.family@example.org"),
    )
    assert [b.message for b in found] == [
        "This is not the e-mail address the survivor agreed we may use"
    ]


def test_a_contact_time_without_a_time_zone_is_a_programming_error():
    with pytest.raises(ValueError):
        breaches(plan(), phone(dt.datetime(2026, 11, 24, 11)))


# --- Europe/London and the clocks changing --------------------------------------------------------


def test_safe_times_follow_the_wall_clock_across_the_spring_change():
    weekday_morning = plan(safe_times=(TimeWindow(EVERY_DAY, 9 * 60, 17 * 60),))
    # 08:30 UTC: 8:30am GMT on Saturday 28 March 2026, but 9:30am BST on Monday 30 March.
    assert breaches(weekday_morning, phone(dt.datetime(2026, 3, 28, 8, 30, tzinfo=UTC)))
    assert breaches(weekday_morning, phone(dt.datetime(2026, 3, 30, 8, 30, tzinfo=UTC))) == []


def test_safe_times_follow_the_wall_clock_across_the_autumn_change():
    until_five = plan(safe_times=(TimeWindow(EVERY_DAY, 9 * 60, 17 * 60),))
    # 16:30 UTC: 5:30pm BST on Saturday 24 October 2026, 4:30pm GMT on Monday 26 October.
    assert breaches(until_five, phone(dt.datetime(2026, 10, 24, 16, 30, tzinfo=UTC)))
    assert breaches(until_five, phone(dt.datetime(2026, 10, 26, 16, 30, tzinfo=UTC))) == []


def test_the_repeated_hour_in_autumn_is_checked_both_times():
    unsafe_small_hours = plan(safe_times=(), unsafe_times=(TimeWindow(EVERY_DAY, 60, 2 * 60),))
    # 25 October 2026: 1:30am happens twice (00:30 UTC in BST and 01:30 UTC in GMT).
    for utc_hour in (0, 1):
        when = dt.datetime(2026, 10, 25, utc_hour, 30, tzinfo=UTC)
        assert [b.rule for b in breaches(unsafe_small_hours, phone(when))] == [
            Rule.WITHIN_UNSAFE_TIMES
        ]


def test_a_window_past_midnight_covers_the_small_hours_of_the_next_day_only():
    nights = TimeWindow(WEEKDAYS, 22 * 60, 6 * 60)
    assert nights.contains(4, 23 * 60)  # Friday 11pm
    assert nights.contains(5, 5 * 60)  # Saturday 5am, the end of Friday night
    assert not nights.contains(6, 23 * 60)  # Sunday 11pm: Sunday is not a weekday
    assert not nights.contains(0, 5 * 60)  # Monday 5am follows Sunday night
    assert nights.describe() == "weekdays 10pm to 6am"


def _brute_force_contains(window: TimeWindow, weekday: int, minute: int) -> bool:
    """The window as a set of minutes of the week, built the slow obvious way."""
    covered = set()
    for day in window.days:
        length = (window.end - window.start) % MINUTES_PER_DAY or MINUTES_PER_DAY
        for offset in range(length):
            covered.add((day * MINUTES_PER_DAY + window.start + offset) % (7 * MINUTES_PER_DAY))
    return weekday * MINUTES_PER_DAY + minute in covered


@st.composite
def valid_windows(draw):
    days = draw(st.frozensets(st.integers(0, 6), min_size=1))
    start = draw(st.integers(0, MINUTES_PER_DAY - 1))
    end = draw(st.integers(1, MINUTES_PER_DAY).filter(lambda e: e != start))
    return TimeWindow(days, start, end)


@given(valid_windows(), st.integers(0, 6), st.integers(0, MINUTES_PER_DAY - 1))
def test_window_membership_matches_the_obvious_definition(window, weekday, minute):
    assert window.contains(weekday, minute) == _brute_force_contains(window, weekday, minute)


instants = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2035, 12, 31), timezones=st.just(UTC)
)


@given(valid_windows(), instants)
def test_the_check_uses_london_wall_clock_time_for_any_instant(window, when):
    local = when.astimezone(LONDON)
    inside = window.contains(local.weekday(), local.hour * 60 + local.minute)
    found = breaches(plan(safe_times=(window,)), phone(when))
    assert ([b.rule for b in found] == []) == inside
    assert all(b.rule == Rule.OUTSIDE_SAFE_TIMES for b in found)


@given(valid_windows(), instants)
def test_an_unsafe_window_and_the_same_safe_window_never_both_pass(window, when):
    found_safe = breaches(plan(safe_times=(window,)), phone(when))
    found_unsafe = breaches(plan(safe_times=(), unsafe_times=(window,)), phone(when))
    # Exactly one of the two plans refuses the call: inside the window or outside it.
    assert bool(found_safe) != bool(found_unsafe)


@given(
    st.sampled_from(list(Channel)),
    st.frozensets(st.sampled_from(list(Channel))),
    instants,
    st.booleans(),
    st.booleans(),
)
def test_channel_rule_is_exactly_membership(channel, allowed, when, voicemail_allowed, leaves):
    agreed = plan(
        allowed_channels=allowed,
        safe_times=(),
        postal_address="PO Box 1",
        visit_address="Sunflower Centre",
        third_party="Sister, Jo",
        voicemail_allowed=voicemail_allowed,
    )
    destination = {
        Channel.PHONE: SAFE_NUMBER,
        Channel.TEXT: SAFE_NUMBER,
        Channel.EMAIL: "safe.mailbox@example.org",
        Channel.LETTER: "PO Box 1",
        Channel.VISIT: "Sunflower Centre",
        Channel.THIRD_PARTY: "Sister, Jo",
    }[channel]
    found = {b.rule for b in breaches(agreed, ProposedContact(channel, when, destination, leaves))}
    assert (Rule.CHANNEL_NOT_ALLOWED in found) == (channel not in allowed)
    assert (Rule.VOICEMAIL_NOT_ALLOWED in found) == (
        channel == Channel.PHONE and leaves and not voicemail_allowed
    )
    assert Rule.DESTINATION_NOT_AGREED not in found


# --- Typing times, and saying them back ---------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("10am", 600),
        ("10 AM", 600),
        ("2:30pm", 870),
        ("2.30 p.m.", 870),
        ("14:00", 840),
        ("9", 540),
        ("12am", 0),
        ("12pm", 720),
        ("midday", 720),
        ("noon", 720),
        ("midnight", 0),
        ("00:00", 0),
        ("23:59", 1439),
    ],
)
def test_times_are_read_as_people_write_them(typed, minutes):
    assert parse_time_of_day(typed) == minutes


def test_midnight_at_the_end_of_a_window_is_the_end_of_the_day():
    assert parse_time_of_day("midnight", is_end=True) == MINUTES_PER_DAY
    assert parse_time_of_day("24:00", is_end=True) == MINUTES_PER_DAY
    assert parse_time_of_day("12am", is_end=True) == MINUTES_PER_DAY


@pytest.mark.parametrize("typed", ["", "teatime", "25:00", "13pm", "10:75", "0am", "-1", "10::00"])
def test_impossible_times_get_a_message_a_person_can_act_on(typed):
    with pytest.raises(ValueError, match="time"):
        parse_time_of_day(typed)


@given(st.integers(0, MINUTES_PER_DAY - 1))
def test_every_time_said_back_reads_back_as_the_same_time(minute):
    assert parse_time_of_day(format_minute(minute)) == minute


def test_days_are_described_in_plain_words():
    assert describe_days(WEEKDAYS) == "weekdays"
    assert describe_days(WEEKEND) == "weekends"
    assert describe_days(EVERY_DAY) == "every day"
    assert describe_days(frozenset({0, 2, 4})) == "Monday, Wednesday and Friday"
    assert describe_days(frozenset({3})) == "Thursday"


def test_normalised_numbers_ignore_spacing_and_country_code():
    assert normalise_phone("+44 7700 900123") == normalise_phone("07700900123") == "07700900123"


# --- The banner's summary -----------------------------------------------------------------------


def test_summary_says_how_when_and_what_must_never_happen():
    summary = summarise(plan(unsafe_times=(TimeWindow(WEEKEND, 0, MINUTES_PER_DAY),)))
    assert summary.safe_ways == ["Phone call to 07700 900123", "E-mail to safe.mailbox@example.org"]
    assert summary.safe_times == ["weekdays 10am to 2pm"]
    assert "Do not leave voicemail" in summary.never
    assert "Do not send text messages" in summary.never
    assert "Do not write to the home address or any other address" in summary.never
    assert "Do not visit the home" in summary.never
    assert summary.unsafe_times == ["weekends (all day)"]


def test_summary_without_safe_times_says_any_time_not_unsafe():
    assert summarise(plan(safe_times=())).safe_times == ["Any time not listed as unsafe"]


def test_a_window_must_make_sense():
    with pytest.raises(ValueError):
        TimeWindow(frozenset(), 0, 60)
    with pytest.raises(ValueError):
        TimeWindow(WEEKDAYS, 60, 60)
    with pytest.raises(ValueError):
        TimeWindow(frozenset({7}), 0, 60)


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


one_to_two_am = plan(safe_times=(TimeWindow(EVERY_DAY, 60, 120),))


@given(st.integers(2020, 2035), st.integers(0, 24 * 60 - 1))
def test_on_the_spring_change_no_moment_falls_in_the_missing_hour(year, minute_of_day):
    # At 1am GMT the clocks jump to 2am BST: "1am to 2am" does not happen that Sunday.
    day = _last_sunday(year, 3)
    when = dt.datetime.combine(day, dt.time(0), tzinfo=UTC) + dt.timedelta(minutes=minute_of_day)
    if when.astimezone(LONDON).date() != day:
        return
    assert breaches(one_to_two_am, phone(when))


@given(st.integers(2020, 2035), st.integers(0, 119))
def test_on_the_autumn_change_the_repeated_hour_is_inside_both_times(year, minutes_after):
    # From 00:00 to 02:00 UTC on the last Sunday of October, London shows 1am to 2am twice.
    day = _last_sunday(year, 10)
    when = dt.datetime.combine(day, dt.time(0), tzinfo=UTC) + dt.timedelta(minutes=minutes_after)
    assert breaches(one_to_two_am, phone(when)) == []
    assert describe_moment_is_sunday_1am(when)


def describe_moment_is_sunday_1am(when: dt.datetime) -> bool:
    local = when.astimezone(LONDON)
    return local.weekday() == 6 and local.hour == 1
