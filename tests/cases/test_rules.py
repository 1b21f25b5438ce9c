"""Pure case rules: references, duplicate matching, lifecycle and closure checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.cases.rules import lifecycle, matching
from haven.cases.rules.references import (
    format_reference,
    looks_like_reference,
    normalise_reference,
)

# --- References --------------------------------------------------------------------------------


def test_reference_format():
    assert format_reference("DA", 2026, 42) == "DA-2026-00042"
    assert format_reference("DA", 2026, 123456) == "DA-2026-123456"


@given(year=st.integers(1000, 9999), number=st.integers(1, 10**7))
def test_every_reference_is_recognised_however_it_is_typed(year, number):
    reference = format_reference("DA", year, number)
    assert looks_like_reference(reference)
    assert looks_like_reference(" " + reference.lower() + " ")
    assert normalise_reference(reference.lower()) == reference


@given(year=st.integers(1000, 9999), a=st.integers(1, 99999), b=st.integers(1, 99999))
def test_references_sort_like_their_numbers_within_a_year(year, a, b):
    assert (format_reference("DA", year, a) < format_reference("DA", year, b)) == (a < b)


@pytest.mark.parametrize("bad", [0, -1])
def test_case_numbers_start_at_one(bad):
    with pytest.raises(ValueError):
        format_reference("DA", 2026, bad)


@pytest.mark.parametrize("text", ["", "DA-26-00001", "Jo Bloggs", "DA-2026-1", "2026-00001"])
def test_other_text_is_not_a_reference(text):
    assert not looks_like_reference(text)


# --- Duplicate matching ------------------------------------------------------------------------

KEYS = list(matching.MATCH_WEIGHTS)
index_values = st.sampled_from(["", "a", "b"])
identities = st.fixed_dictionaries({key: index_values for key in KEYS})


def test_name_alone_is_not_enough():
    assert not matching.is_possible_match({"name": "x"}, {"name": "x"})


def test_name_and_date_of_birth_match():
    new = {"name": "x", "date_of_birth": "d"}
    assert matching.is_possible_match(new, dict(new))


def test_phone_alone_matches():
    assert matching.is_possible_match({"phone": "p"}, {"phone": "p", "name": "other"})


def test_blank_values_never_match():
    assert not matching.is_possible_match(dict.fromkeys(KEYS, ""), dict.fromkeys(KEYS, ""))


def test_describe_match_in_plain_words():
    assert matching.describe_match(["name", "date_of_birth"]) == "Same name and date of birth"
    assert matching.describe_match(["phone"]) == "Same phone number"


@given(new=identities, existing=identities)
def test_matching_is_symmetric(new, existing):
    assert matching.is_possible_match(new, existing) == matching.is_possible_match(existing, new)


@given(new=identities, existing=identities, key=st.sampled_from(KEYS))
def test_one_more_shared_identifier_never_undoes_a_match(new, existing, key):
    if matching.is_possible_match(new, existing):
        new = {**new, key: "shared"}
        existing = {**existing, key: "shared"}
        assert matching.is_possible_match(new, existing)


@given(new=identities)
def test_a_person_always_matches_themselves_given_two_identifiers(new):
    filled = [key for key in KEYS if new[key]]
    if matching.match_score(filled) >= matching.POSSIBLE_MATCH_THRESHOLD:
        assert matching.is_possible_match(new, dict(new))


# --- Lifecycle ---------------------------------------------------------------------------------

STATES = list(lifecycle.ALLOWED_TRANSITIONS)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("new", "in_triage"),
        ("in_triage", "open"),
        ("open", "disengaged"),
        ("disengaged", "open"),
        ("open", "closed"),
        ("closed", "reopened"),
        ("reopened", "open"),
        ("reopened", "closed"),
    ],
)
def test_the_journey_moves_are_allowed(current, target):
    assert lifecycle.can_move(current, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [("closed", "open"), ("closed", "new"), ("open", "new"), ("open", "reopened"), ("new", "new")],
)
def test_other_moves_are_refused_with_a_reason(current, target):
    assert not lifecycle.can_move(current, target)
    with pytest.raises(lifecycle.TransitionRefused, match="cannot be made"):
        lifecycle.check_move(current, target)


@given(current=st.sampled_from(STATES))
def test_a_closed_case_can_only_be_reopened_and_everything_else_can_close(current):
    if current == "closed":
        assert lifecycle.ALLOWED_TRANSITIONS[current] == {"reopened"}
    else:
        assert lifecycle.can_move(current, "closed")


def _check(**overrides):
    values = {
        "reason": "support_in_place",
        "notes": "",
        "handed_over": False,
        "coordinator_reviewed_no_contact": False,
    }
    values.update(overrides)
    return lifecycle.ClosureCheck(**values)


def test_closing_with_support_in_place_and_nothing_open_is_allowed():
    assert lifecycle.closure_problems(_check()) == {}


def test_closing_needs_a_reason():
    assert "reason" in lifecycle.closure_problems(_check(reason=""))


def test_no_contact_closure_needs_the_coordinator_to_review_risk():
    problems = lifecycle.closure_problems(_check(reason="no_contact_risk_reviewed"))
    assert "coordinator must review the risk" in problems["reason"]
    assert not lifecycle.closure_problems(
        _check(reason="no_contact_risk_reviewed", coordinator_reviewed_no_contact=True)
    )


def test_open_actions_block_closure_until_handed_over_with_a_note():
    open_items = ("1 coordinator review is still open", "2 planned contacts are still to happen")
    problems = lifecycle.closure_problems(_check(open_items=open_items))
    assert "1 coordinator review is still open" in problems["handed_over"]
    assert "2 planned contacts" in problems["handed_over"]
    assert "notes" in lifecycle.closure_problems(_check(open_items=open_items, handed_over=True))
    assert not lifecycle.closure_problems(
        _check(open_items=open_items, handed_over=True, notes="Handed to Cora")
    )


def test_items_that_cannot_be_handed_over_block_closure_whatever_is_confirmed():
    unfinished = ("1 MARAC action is still open",)
    problems = lifecycle.closure_problems(
        _check(unfinished=unfinished, handed_over=True, notes="Handed to Cora")
    )
    assert "1 MARAC action is still open" in problems["reason"]
    assert "must be finished" in problems["reason"]


@pytest.mark.parametrize("reason", ["other", "moved_with_handover", "referred_on"])
def test_some_reasons_need_notes(reason):
    assert "notes" in lifecycle.closure_problems(_check(reason=reason))
    assert not lifecycle.closure_problems(_check(reason=reason, notes="Explained"))
