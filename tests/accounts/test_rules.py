"""The pure sign-in rules: code formats and why a code was refused."""

import pytest
from django_otp.oath import hotp
from hypothesis import given
from hypothesis import strategies as st

from haven.accounts.rules import (
    EXPIRED_LOOKBACK_STEPS,
    CodeProblem,
    account_is_locked,
    format_recovery_code,
    format_secret_for_typing,
    is_well_formed_authenticator_code,
    normalise_authenticator_code,
    normalise_recovery_code,
    seconds_until,
    why_code_failed,
)

KEY = bytes.fromhex("3132333435363738393031323334353637383930")
NOW = 1_800_000_000.0  # a fixed moment, so the steps below are exact
STEP = int(NOW // 30)


def code_at(step: int, key: bytes = KEY) -> str:
    return str(hotp(key, step, 6)).zfill(6)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("123456", "123456"),
        ("123 456", "123456"),
        ("123-456", "123456"),
        (" 12 34 56 ", "123456"),
        ("", ""),
        ("\t123456\n", "123456"),
    ],
)
def test_people_may_type_codes_with_spaces_or_hyphens(typed, expected):
    assert normalise_authenticator_code(typed) == expected


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("123456", True),
        ("012345", True),
        ("12345", False),
        ("1234567", False),
        ("12345a", False),
        ("١٢٣٤٥٦", False),
        ("", False),
    ],
)
def test_only_six_ascii_digits_are_a_code(code, ok):
    assert is_well_formed_authenticator_code(code) is ok


def test_recovery_codes_are_accepted_in_any_case_and_spacing():
    assert normalise_recovery_code(" ABCD efgh ") == "abcdefgh"
    assert normalise_recovery_code("abcd-efgh") == "abcdefgh"
    assert format_recovery_code("abcdefgh") == "abcd efgh"


def test_secret_is_shown_in_base32_groups_of_four():
    assert format_secret_for_typing(KEY.hex()) == "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"


def test_a_code_from_a_few_minutes_ago_has_expired():
    assert why_code_failed(KEY, code_at(STEP - 5), NOW) is CodeProblem.EXPIRED


def test_a_code_from_long_ago_is_just_wrong():
    old = code_at(STEP - EXPIRED_LOOKBACK_STEPS - 5)
    # (unless by chance it equals a recent code, which this fixed key and moment rule out)
    assert why_code_failed(KEY, old, NOW) is CodeProblem.WRONG


def test_a_current_code_that_was_used_already_cannot_be_replayed():
    assert why_code_failed(KEY, code_at(STEP), NOW, last_used_step=STEP) is CodeProblem.ALREADY_USED


def test_malformed_codes_are_wrong():
    assert why_code_failed(KEY, "abcdef", NOW) is CodeProblem.WRONG


@given(
    offset=st.integers(min_value=2, max_value=EXPIRED_LOOKBACK_STEPS + 1),
    key=st.binary(min_size=20, max_size=20),
)
def test_every_code_in_the_lookback_window_counts_as_expired_or_used(offset, key):
    # Before the accepted window (tolerance 1) and within the lookback: never reported as
    # plain wrong, so the person is told to look at their app rather than retype.
    problem = why_code_failed(key, code_at(STEP - offset, key), NOW)
    assert problem in {CodeProblem.EXPIRED, CodeProblem.ALREADY_USED}


@given(
    key=st.binary(min_size=20, max_size=20), last_used=st.integers(min_value=-1, max_value=STEP + 1)
)
def test_a_code_inside_the_window_is_only_refused_as_used_if_its_step_was_used(key, last_used):
    problem = why_code_failed(key, code_at(STEP, key), NOW, last_used_step=last_used)
    if last_used >= STEP:
        assert problem is CodeProblem.ALREADY_USED
    else:
        # The device would have accepted it; if it refused anyway (throttling), it is not
        # expired, and it may coincide with an older used step only by chance.
        assert problem in {CodeProblem.WRONG, CodeProblem.ALREADY_USED}


@given(st.floats(min_value=0, max_value=10_000), st.floats(min_value=0, max_value=10_000))
def test_the_wait_is_always_at_least_a_second(until, now):
    wait = seconds_until(until, now)
    assert wait >= 1
    assert wait >= until - now


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=100))
def test_locked_exactly_from_the_limit(failures, limit):
    assert account_is_locked(failures, limit) is (limit > 0 and failures >= limit)
