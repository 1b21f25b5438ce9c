"""The directory's pure rules: which services fit, what the record suggests, when to chase."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from haven.directory import rules
from haven.directory.rules import Specialism, SurvivorFacts

SPECIALISMS = st.sets(st.sampled_from(list(Specialism)))
AREAS = st.sets(st.sampled_from(["Derby", "Derbyshire", "High Peak", "Cheshire East"]))


@given(SPECIALISMS, AREAS, st.sampled_from(["", "Derby", "High Peak"]), SPECIALISMS)
def test_a_local_service_fits_only_its_own_areas(specialisms, areas, area, needs):
    fits = rules.matches(specialisms, False, areas, area=area, needs=needs)
    assert fits == ((not area or area in areas) and needs <= specialisms)


@given(SPECIALISMS, st.sampled_from(["", "Derby", "Anywhere at all"]), SPECIALISMS)
def test_a_national_service_fits_every_area(specialisms, area, needs):
    assert rules.matches(specialisms, True, [], area=area, needs=needs) == (needs <= specialisms)


def test_no_needs_asked_means_any_service():
    assert rules.matches([], True, [], area="", needs=[])


def test_what_the_record_suggests_comes_with_its_reason():
    facts = SurvivorFacts(age=67, sex="male", abuse_forms=("forced_marriage",), has_children=True)
    suggested = dict(rules.suggested_specialisms(facts))
    assert suggested == {
        Specialism.MALE_VICTIMS: "the survivor is recorded as male",
        Specialism.HONOUR_BASED: "'honour'-based abuse, forced marriage or FGM is recorded",
        Specialism.OLDER_PEOPLE: "the survivor is 67",
        Specialism.CHILDREN_YOUNG_PEOPLE: "there are children in the household",
    }


@given(st.integers(min_value=0, max_value=120))
def test_older_people_services_are_suggested_from_sixty(age):
    suggested = dict(rules.suggested_specialisms(SurvivorFacts(age=age)))
    assert (Specialism.OLDER_PEOPLE in suggested) == (age >= 60)


def test_an_unknown_age_suggests_nothing_about_age():
    assert rules.suggested_specialisms(SurvivorFacts()) == []


@given(st.dates(), st.integers(min_value=1, max_value=60), st.integers(min_value=-5, max_value=90))
def test_a_referral_is_chased_from_its_follow_up_day_until_it_has_an_answer(made_on, days, after):
    today = made_on + dt.timedelta(days=after) if after >= 0 else made_on
    due = rules.needs_follow_up(made_on, False, today, days)
    assert due == (after >= days)
    assert not rules.needs_follow_up(made_on, True, today, days)
