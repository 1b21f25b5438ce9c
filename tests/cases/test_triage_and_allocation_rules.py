"""The words triage, allocation and the overview use (haven/cases/rules/triage.py and
allocation.py): pure functions, so every combination is cheap to try."""

from hypothesis import given
from hypothesis import strategies as st

from haven.cases.models.people import CourtOrder, PerpetratorHousing, PersonalConnection
from haven.cases.rules import allocation
from haven.cases.rules import triage as rules

ANSWERS = st.sampled_from(["yes", "no", ""])
ORDERS = [value for value in CourtOrder.values if value != "none"]


# --- Children -----------------------------------------------------------------------------


def test_children_say_how_many_when_known():
    assert rules.children_phrase("yes", 2) == "2 children"
    assert rules.children_phrase("yes", 1) == "1 child"
    assert rules.children_phrase("yes", None) == "Children: yes, number not known"
    assert rules.children_phrase("no", None) == "No children"
    assert rules.children_phrase("", None) == "Children: not known"


def test_a_child_on_the_record_is_never_hidden_by_an_intake_answer():
    assert (
        rules.children_phrase("no", None, recorded=1) == "1 child recorded (at intake: no children)"
    )
    assert (
        rules.children_phrase("", None, recorded=3) == "3 children recorded (at intake: not known)"
    )
    assert rules.children_phrase("yes", None, recorded=2) == "2 children recorded"


@given(answer=ANSWERS, count=st.one_of(st.none(), st.integers(1, 30)), recorded=st.integers(0, 30))
def test_children_phrase_never_says_no_children_when_one_is_recorded(answer, count, recorded):
    phrase = rules.children_phrase(answer, count, recorded)
    assert phrase
    if recorded:
        assert phrase != "No children"
        assert "child" in phrase


# --- The perpetrator ----------------------------------------------------------------------


def test_where_the_perpetrator_lives():
    assert rules.lives_there(PerpetratorHousing.JOINT_TENANT) == "yes"
    assert rules.lives_there(PerpetratorHousing.HOUSEHOLD_MEMBER) == "yes"
    assert rules.lives_there(PerpetratorHousing.LIVING_ELSEWHERE) == "no"
    assert rules.lives_there(PerpetratorHousing.TENANT) == "no"
    assert rules.lives_there("") == ""


def test_every_personal_connection_has_a_short_form():
    assert set(rules.CONNECTION_SHORT) == {value for value in PersonalConnection.values if value}


def test_every_court_order_has_a_short_form():
    assert set(rules.ORDER_SHORT) == set(ORDERS)


def test_court_orders_distinguish_none_from_not_known():
    assert rules.court_orders_phrase([]) == "court orders: not known"
    assert rules.court_orders_phrase(["none"]) == "no court orders"
    assert (
        rules.court_orders_phrase(["non_molestation", "occupation"])
        == "non-molestation order, occupation order"
    )


def test_none_or_not_known_beside_an_order_is_refused():
    assert rules.check_court_orders(["none", "restraining"])
    assert rules.check_court_orders(["unknown", "dvpo"])
    assert rules.check_court_orders(["none", "unknown"])
    assert rules.check_court_orders(["restraining", "dvpo"]) is None
    assert rules.check_court_orders(["none"]) is None
    assert rules.check_court_orders([]) is None


def test_the_triage_line_reads_as_a_caseworker_would_say_it():
    line = rules.triage_line(
        children_answer="yes",
        children_count=2,
        recorded_children=0,
        perpetrators=[
            rules.PerpetratorFacts(
                relationship="intimate_relationship",
                housing="household_member",
                has_key="yes",
                court_orders=("non_molestation",),
            )
        ],
    )
    assert line == (
        "2 children · Perpetrator: partner or ex-partner, lives there, has a key, "
        "non-molestation order"
    )


def test_the_triage_line_leaves_out_what_is_not_known_and_counts_other_perpetrators():
    line = rules.triage_line(
        children_answer="",
        children_count=None,
        recorded_children=0,
        perpetrators=[rules.PerpetratorFacts(), rules.PerpetratorFacts(), rules.PerpetratorFacts()],
    )
    assert line == (
        "Children: not known · Perpetrator: recorded, nothing more known (and 2 more perpetrators)"
    )
    assert rules.triage_line(
        children_answer="no", children_count=None, recorded_children=0, perpetrators=[]
    ) == ("No children")


@given(
    relationship=st.sampled_from(PersonalConnection.values),
    housing=st.sampled_from(PerpetratorHousing.values),
    has_key=ANSWERS,
    orders=st.lists(st.sampled_from(ORDERS), unique=True),
)
def test_the_overview_says_something_about_every_fact(relationship, housing, has_key, orders):
    facts = rules.PerpetratorFacts(relationship, housing, has_key, tuple(orders))
    full = rules.perpetrator_phrases(facts, include_unknown=True)
    short = rules.perpetrator_phrases(facts, include_unknown=False)
    assert len(full) == 4  # connection, where they live, key, orders: known or not
    assert set(short) <= set(full)
    assert not any("not known" in phrase for phrase in short)


# --- Allocation ---------------------------------------------------------------------------


def test_a_match_says_what_matches_in_words():
    asks = allocation.SurvivorAsks(staff_gender="woman", interpreter_needed=True, language="Polish")
    match = allocation.match_officer(asks, officer_gender="Female", officer_languages="Urdu")
    assert match.words == "A woman: yes; speaks Polish: no; interpreter needed"
    assert not match.matches


def test_an_officer_who_speaks_the_language_needs_no_interpreter():
    asks = allocation.SurvivorAsks(interpreter_needed=True, language="polish")
    match = allocation.match_officer(
        asks, officer_gender="", officer_languages="Urdu, Polish and Punjabi"
    )
    assert match.words == "speaks polish: yes"
    assert match.sentence == "Speaks polish: yes"
    assert match.matches


def test_an_officer_whose_gender_is_not_recorded_is_not_counted_as_a_match():
    asks = allocation.SurvivorAsks(staff_gender="man")
    match = allocation.match_officer(asks, officer_gender=" ", officer_languages="")
    assert match.words == "A man: not recorded"
    assert not match.matches


def test_no_requests_means_nothing_to_say_and_everyone_fits():
    match = allocation.match_officer(
        allocation.SurvivorAsks(), officer_gender="Woman", officer_languages=""
    )
    assert match.words == "" and match.matches


def test_an_interpreter_needed_without_a_language_says_so():
    asks = allocation.SurvivorAsks(interpreter_needed=True)
    match = allocation.match_officer(asks, officer_gender="", officer_languages="Polish")
    assert match.words == "interpreter needed (language not recorded)"


def test_caseloads_in_words():
    assert allocation.caseload_phrase(0) == "No open cases"
    assert allocation.caseload_phrase(1) == "1 open case"
    assert allocation.caseload_phrase(12) == "12 open cases"


@given(
    wanted=st.sampled_from(["", "woman", "man", "non_binary"]),
    interpreter=st.booleans(),
    language=st.sampled_from(["", "Polish", "Urdu", "Tigrinya"]),
    gender=st.sampled_from(["", "Woman", "woman ", "Male", "Non-binary", "Prefer not to say"]),
    spoken=st.sampled_from(["", "Polish", "urdu, Polish", "Tigrinya"]),
)
def test_a_match_is_complete_exactly_when_every_request_is_met(
    wanted, interpreter, language, gender, spoken
):
    asks = allocation.SurvivorAsks(
        staff_gender=wanted, interpreter_needed=interpreter, language=language
    )
    match = allocation.match_officer(asks, officer_gender=gender, officer_languages=spoken)
    assert len(match.parts) == (1 if wanted else 0) + (1 if interpreter else 0)
    assert match.matches == all(part.met is True for part in match.parts)
    if match.parts:
        assert match.words.count(";") >= len(match.parts) - 1
