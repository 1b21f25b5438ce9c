"""Which safeguarding prompts a case needs (haven.cases.rules.safeguarding): the 16, 18 and 65
boundaries to the day, and what an unknown date of birth does and does not prove."""

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from haven.cases.rules.safeguarding import (
    HouseholdMemberFacts,
    Kind,
    SafeguardingFacts,
    adult_reasons,
    age_on,
    children_reasons,
    next_change_on,
    prompts_for,
    sentence,
)

TODAY = dt.date(2026, 12, 4)

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def born_years_ago(years: int, today: dt.date = TODAY, *, days_later: int = 0) -> dt.date:
    """A birthday `years` ago today, moved `days_later` days (positive: not yet that age)."""
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year without one
        birthday = today.replace(year=today.year - years, day=28)
    return birthday + dt.timedelta(days=days_later)


def kinds(facts: SafeguardingFacts, today: dt.date = TODAY, decided=()) -> set[Kind]:
    return {prompt.kind for prompt in prompts_for(facts, today, decided)}


# --- Ages ------------------------------------------------------------------------------------------


@given(born=days, today=days)
def test_age_goes_up_by_one_on_the_birthday_and_not_the_day_before(born, today):
    assume(born <= today)
    age = age_on(born, today)
    assert age >= 0
    tomorrow = today + dt.timedelta(days=1)
    assert age_on(born, tomorrow) in (age, age + 1)


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (dt.date(2008, 12, 4), TODAY, 18),
        (dt.date(2008, 12, 5), TODAY, 17),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_on_known_days(born, today, age):
    assert age_on(born, today) == age


# --- Children ----------------------------------------------------------------------------------------


@given(years=st.integers(0, 17), days_later=st.integers(-364, 0))
def test_a_household_member_under_18_by_date_of_birth_prompts_for_children(years, days_later):
    member = HouseholdMemberFacts(date_of_birth=born_years_ago(years, days_later=days_later))
    assert Kind.CHILDREN in kinds(SafeguardingFacts(household=[member]))


@given(years=st.integers(18, 110), days_later=st.integers(-364, 0))
def test_an_adult_household_member_not_marked_as_a_child_prompts_nothing(years, days_later):
    member = HouseholdMemberFacts(date_of_birth=born_years_ago(years, days_later=days_later))
    assert kinds(SafeguardingFacts(household=[member])) == set()


def test_the_eighteenth_birthday_is_the_day_a_household_member_stops_being_a_child():
    member = HouseholdMemberFacts(date_of_birth=born_years_ago(18))
    day_before = TODAY - dt.timedelta(days=1)
    assert Kind.CHILDREN in kinds(SafeguardingFacts(household=[member]), day_before)
    assert Kind.CHILDREN not in kinds(SafeguardingFacts(household=[member]), TODAY)


@given(age=st.integers(0, 120))
def test_an_age_as_told_counts_when_the_date_of_birth_is_unknown(age):
    member = HouseholdMemberFacts(age_years=age)
    assert (Kind.CHILDREN in kinds(SafeguardingFacts(household=[member]))) == (age < 18)


@given(
    age=st.one_of(st.none(), st.integers(0, 120)),
    born=st.one_of(st.none(), days.filter(lambda d: d <= TODAY)),
)
def test_a_member_marked_as_a_child_always_prompts_whatever_the_age_says(age, born):
    member = HouseholdMemberFacts(marked_as_child=True, age_years=age, date_of_birth=born)
    assert Kind.CHILDREN in kinds(SafeguardingFacts(household=[member]))


def test_a_member_of_unknown_age_not_marked_as_a_child_is_not_assumed_to_be_one():
    assert kinds(SafeguardingFacts(household=[HouseholdMemberFacts()])) == set()


@given(years=st.integers(0, 17), days_later=st.integers(-364, 0))
def test_a_survivor_under_18_prompts_for_children_on_both_sides_of_16(years, days_later):
    facts = SafeguardingFacts(survivor_date_of_birth=born_years_ago(years, days_later=days_later))
    assert kinds(facts) == {Kind.CHILDREN}
    assert f"the survivor is {years}, so legally a child" in children_reasons(facts, TODAY)


def test_a_survivor_turning_18_today_is_no_longer_a_child():
    facts = SafeguardingFacts(survivor_date_of_birth=born_years_ago(18))
    assert kinds(facts, TODAY - dt.timedelta(days=1)) == {Kind.CHILDREN}
    assert kinds(facts, TODAY) == set()


def test_children_are_counted_in_the_reason():
    facts = SafeguardingFacts(
        household=[
            HouseholdMemberFacts(marked_as_child=True),
            HouseholdMemberFacts(age_years=4),
            HouseholdMemberFacts(age_years=40),
        ]
    )
    assert children_reasons(facts, TODAY) == ("2 children in the household",)
    one = SafeguardingFacts(household=[HouseholdMemberFacts(age_years=4)])
    assert children_reasons(one, TODAY) == ("1 child in the household",)


# --- Adults (Care Act 2014 s.42) ------------------------------------------------------------------


@given(
    born=st.one_of(st.none(), st.integers(18, 110).map(born_years_ago)),
    disability=st.booleans(),
)
def test_care_and_support_needs_prompt_for_an_adult_or_a_survivor_of_unknown_age(born, disability):
    facts = SafeguardingFacts(
        survivor_date_of_birth=born, care_and_support_needs=True, disability=disability
    )
    assert kinds(facts) == {Kind.ADULT}


@given(years=st.integers(0, 17))
def test_a_child_with_care_needs_gets_the_childrens_prompt_not_the_adult_one(years):
    facts = SafeguardingFacts(
        survivor_date_of_birth=born_years_ago(years), care_and_support_needs=True
    )
    assert kinds(facts) == {Kind.CHILDREN}
    assert adult_reasons(facts, TODAY) == ()


@given(years=st.integers(65, 110), days_later=st.integers(-364, 0))
def test_65_or_over_with_a_disability_prompts_for_an_adult(years, days_later):
    facts = SafeguardingFacts(
        survivor_date_of_birth=born_years_ago(years, days_later=days_later), disability=True
    )
    assert kinds(facts) == {Kind.ADULT}
    assert f"the survivor is {years} and has a disability recorded" in adult_reasons(facts, TODAY)


@given(years=st.integers(18, 64), days_later=st.integers(-364, 0))
def test_under_65_a_disability_alone_prompts_nothing(years, days_later):
    facts = SafeguardingFacts(
        survivor_date_of_birth=born_years_ago(years, days_later=days_later), disability=True
    )
    assert kinds(facts) == set()


def test_the_65th_birthday_is_the_day_a_disability_alone_prompts():
    facts = SafeguardingFacts(survivor_date_of_birth=born_years_ago(65), disability=True)
    assert kinds(facts, TODAY - dt.timedelta(days=1)) == set()
    assert kinds(facts, TODAY) == {Kind.ADULT}


def test_65_or_over_without_a_disability_or_needs_prompts_nothing():
    assert kinds(SafeguardingFacts(survivor_date_of_birth=born_years_ago(80))) == set()


def test_an_unknown_age_with_a_disability_alone_prompts_nothing():
    # Nothing shows the survivor is 65 or more; care and support needs would prompt on their own.
    assert kinds(SafeguardingFacts(disability=True)) == set()


# --- Decisions clear prompts ---------------------------------------------------------------------

facts_strategy = st.builds(
    SafeguardingFacts,
    survivor_date_of_birth=st.one_of(st.none(), days.filter(lambda d: d <= TODAY)),
    care_and_support_needs=st.booleans(),
    disability=st.booleans(),
    household=st.lists(
        st.builds(
            HouseholdMemberFacts,
            marked_as_child=st.booleans(),
            date_of_birth=st.one_of(st.none(), days.filter(lambda d: d <= TODAY)),
            age_years=st.one_of(st.none(), st.integers(0, 120)),
        ),
        max_size=4,
    ),
)


@given(facts=facts_strategy, decided=st.sets(st.sampled_from(list(Kind))))
def test_a_decision_clears_its_own_prompt_and_no_other(facts, decided):
    undecided = kinds(facts)
    assert kinds(facts, decided=decided) == undecided - decided


@given(facts=facts_strategy)
def test_every_prompt_says_why_in_one_sentence(facts):
    for prompt in prompts_for(facts, TODAY):
        assert prompt.reasons
        assert prompt.why.endswith(".")
        assert not prompt.why[0].islower()


def test_reasons_read_as_a_sentence():
    assert sentence([]) == ""
    assert sentence(["1 child in the household"]) == "1 child in the household."
    assert sentence(["a", "b", "c"]) == "A, b and c.", (
        "reasons are joined with commas and a final 'and'"
    )


@given(count=st.one_of(st.none(), st.integers(1, 12)))
def test_children_said_at_intake_prompt_before_anyone_is_named(count):
    facts = SafeguardingFacts(children_said=True, children_said_count=count)
    assert kinds(facts) == {Kind.CHILDREN}
    (reason,) = children_reasons(facts, TODAY)
    assert reason.endswith("in the household, said at intake")


def test_children_recorded_by_name_are_counted_instead_of_what_was_said():
    facts = SafeguardingFacts(
        children_said=True, children_said_count=3, household=[HouseholdMemberFacts(age_years=2)]
    )
    assert children_reasons(facts, TODAY) == ("1 child in the household",)


# --- When the prompts can next change by themselves (the work list's reminder of it) -----------


@given(facts=facts_strategy, later=st.integers(1, 40_000))
def test_the_prompts_stay_as_they_are_until_the_next_change_day(facts, later):
    change = next_change_on(facts, TODAY)
    day = TODAY + dt.timedelta(days=later)
    if change is not None:
        assert change > TODAY
        assume(day < change)
    # Which prompts, not their words: the reasons name ages ("the survivor is 17") and are
    # worked out afresh wherever they are shown.
    assert kinds(facts, day) == kinds(facts, TODAY)


@given(facts=facts_strategy)
def test_on_the_next_change_day_someone_has_turned_18_or_the_survivor_65(facts):
    change = next_change_on(facts, TODAY)
    assume(change is not None)
    dates = [m.date_of_birth for m in facts.household] + [facts.survivor_date_of_birth]
    ages_then = {
        (age_on(born, change), age_on(born, change - dt.timedelta(days=1)))
        for born in dates
        if born is not None
    }
    assert (18, 17) in ages_then or (65, 64) in ages_then


def test_a_29_february_birthday_turns_18_on_1_march_in_an_ordinary_year():
    facts = SafeguardingFacts(household=(HouseholdMemberFacts(date_of_birth=dt.date(2008, 2, 29)),))

    assert next_change_on(facts, dt.date(2026, 1, 1)) == dt.date(2026, 3, 1)
    assert kinds(facts, dt.date(2026, 2, 28)) == {Kind.CHILDREN}
    assert kinds(facts, dt.date(2026, 3, 1)) == set()


def test_ages_as_told_never_change_by_themselves():
    facts = SafeguardingFacts(household=(HouseholdMemberFacts(age_years=9),))

    assert next_change_on(facts, TODAY) is None
