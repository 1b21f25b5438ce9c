"""What a survivor is found by, and what a typed name looks for (pure rules, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from haven.cases.rules.search import (
    FULL_NAME,
    NAME_PREFIX,
    NAME_WORD,
    PHONE,
    most_selective_first,
    name_query_key,
    name_words,
    survivor_search_keys,
)


def keys_for(given_name="Olivia", family_name="Smith", **extra):
    return survivor_search_keys(given_name=given_name, family_name=family_name, **extra)


def test_a_survivor_is_found_by_each_name_alone_and_by_the_full_name():
    keys = keys_for(known_as="Liv")
    assert name_query_key("Smith") in keys
    assert name_query_key("olivia") in keys
    assert name_query_key("Liv") in keys
    assert name_query_key("Olivia Smith") in keys
    assert name_query_key("Liv Smith") in keys
    assert name_query_key("Smith Olivia") not in keys  # a full name is first name, last name


def test_three_letters_find_every_name_beginning_with_them_and_no_other_length_does():
    keys = keys_for(family_name="Smithers")
    assert name_query_key("Smi") == (NAME_PREFIX, "smi") and ("name_prefix", "smi") in keys
    assert name_query_key("Smit") not in keys  # only three-letter beginnings are stored
    assert name_query_key("Smither") not in keys
    assert {purpose for purpose, _ in keys} >= {NAME_WORD, NAME_PREFIX, FULL_NAME}
    assert all(len(value) == 3 for purpose, value in keys if purpose == NAME_PREFIX)


def test_double_barrelled_names_are_found_whole_and_by_either_half():
    assert name_words("Smith-Jones") == {"smithjones", "smith", "jones"}
    keys = keys_for(family_name="Smith-Jones")
    for typed in ("Smith-Jones", "smithjones", "Jones", "Smith", "Jon"):
        assert name_query_key(typed) in keys, typed


def test_accents_apostrophes_and_capitals_do_not_matter():
    keys = keys_for(given_name="Zoë", family_name="O'Brien")
    assert name_query_key("zoe") in keys
    assert name_query_key("OBRIEN") in keys
    assert name_query_key("Zoe O'Brien") in keys


def test_names_with_no_letters_look_for_nothing():
    assert name_query_key("") is None
    assert name_query_key(" - '' ") is None


def test_phone_numbers_match_in_either_uk_form():
    assert (PHONE, "07700900123") in keys_for(phone="+44 7700 900123")
    assert (PHONE, "07700900123") in keys_for(phone="07700 900 123")


def test_the_rarest_kind_of_key_drives_a_combined_search():
    keys = [(NAME_PREFIX, "smi"), ("postcode", "qa11aa"), ("dob", "19900203")]
    assert [purpose for purpose, _ in most_selective_first(keys)] == [
        "dob",
        "postcode",
        NAME_PREFIX,
    ]


name = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)


@given(given_name=name, family_name=name, known_as=st.one_of(st.just(""), name))
def test_every_name_typed_alone_or_as_its_first_three_letters_finds_the_survivor(
    given_name, family_name, known_as
):
    keys = survivor_search_keys(given_name=given_name, family_name=family_name, known_as=known_as)
    for typed in filter(None, (given_name, family_name, known_as)):
        key = name_query_key(typed)
        if key is None:  # letters that normalise to nothing (rare marks): nothing to find
            continue
        assert key in keys
        word = key[1]
        if len(word) >= 3:
            assert name_query_key(word[:3]) in keys
    full = name_query_key(f"{given_name} {family_name}")
    if full is not None and full[0] == FULL_NAME:
        assert full in keys
