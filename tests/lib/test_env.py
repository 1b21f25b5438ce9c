"""The rules a configuration must meet (haven/lib/env.py), without starting Django."""

import base64
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.lib.env import (
    EnvReader,
    blind_index_key_problems,
    decoded_key_length,
    is_registrable_suffix,
    site_url_problems,
)


@given(st.integers(min_value=32, max_value=96))
def test_a_generated_blind_index_key_is_accepted(size):
    assert blind_index_key_problems(secrets.token_urlsafe(size)) == []


@given(st.binary(min_size=32, max_size=64))
def test_any_base64_of_enough_bytes_is_accepted_with_or_without_padding(raw):
    for encoded in (base64.urlsafe_b64encode(raw), base64.b64encode(raw)):
        text = encoded.decode()
        assert decoded_key_length(text) == len(raw)
        assert decoded_key_length(text.rstrip("=")) == len(raw)


# 31 random bytes, fixed here so that every test process collects the same test.
THIRTY_ONE_BYTES = "dVdGXYpO-j9uWiU9_VLVvFRvzx8mLK6Sl3OpvhdKUg"


@pytest.mark.parametrize("key", ["x", "k" * 32, THIRTY_ONE_BYTES, "not base64 at all!"])
def test_short_or_malformed_blind_index_keys_are_refused(key):
    assert "at least 32 random bytes" in blind_index_key_problems(key)[0]


@pytest.mark.parametrize(
    ("rp_id", "host", "allowed"),
    [
        ("haven.example-homes.org.uk", "haven.example-homes.org.uk", True),
        ("example-homes.org.uk", "haven.example-homes.org.uk", True),
        ("org.uk", "haven.example-homes.org.uk", False),
        ("uk", "haven.example-homes.org.uk", False),
        ("other-homes.org.uk", "haven.example-homes.org.uk", False),
        ("mple-homes.org.uk", "haven.example-homes.org.uk", False),
        ("localhost", "haven.example-homes.org.uk", False),
    ],
)
def test_a_passkey_relying_party_is_the_host_or_a_parent_domain_one_owner_holds(
    rp_id, host, allowed
):
    assert is_registrable_suffix(rp_id, host) is allowed


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("https://haven.example.org", None),
        ("https://haven.example.org/", None),
        ("http://haven.example.org", "not an https address"),
        ("https://haven.example.org/haven", "without a path"),
        ("https://localhost:8443", "only this machine can reach"),
        ("https://other.example.org", "not in ALLOWED_HOSTS"),
    ],
)
def test_the_site_address(url, fragment):
    problems = site_url_problems(url, ["haven.example.org", "localhost"])
    if fragment is None:
        assert problems == []
    else:
        assert fragment in problems[0]


@pytest.mark.parametrize(
    ("word", "value"), [("yes", True), ("ON", True), ("1", True), ("No", False), ("off", False)]
)
def test_switches_take_the_usual_words(word, value):
    reader = EnvReader({"X": word})
    assert reader.switch("X", not value) is value
    assert reader.problems == []


def test_a_value_that_cannot_be_used_is_noted_and_the_default_stands():
    reader = EnvReader({"N": "thirty", "B": "maybe", "C": "celery"})
    assert reader.number("N", 30, minimum=1, maximum=60) == 30
    assert reader.switch("B", False) is False
    assert reader.choice("C", "database", ("database", "immediate")) == "database"
    assert [problem.split(" ")[0] for problem in reader.problems] == ["N", "B", "C"]
