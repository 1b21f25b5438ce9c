"""What triage needs to know at a glance, in words: children in the household and where the
perpetrator stands (how connected, whether he lives there or has a key, which court orders).

Plain values in, short phrases out, so the triage row, the allocation page and the case
overview say the same thing the same way. No database access.
"""

from collections.abc import Sequence
from dataclasses import dataclass

# Values of PerpetratorHousing that mean "at the survivor's home", and "somewhere else".
LIVES_THERE = frozenset({"joint_tenant", "household_member"})
LIVES_ELSEWHERE = frozenset({"living_elsewhere", "tenant"})

# Short forms of the Domestic Abuse Act 2021 s.2 categories (PersonalConnection), for a row.
CONNECTION_SHORT = {
    "married": "husband, wife or ex",
    "civil_partners": "civil partner or ex",
    "agreed_to_marry": "engaged, or was",
    "civil_partnership_agreement": "agreed a civil partnership, or did",
    "intimate_relationship": "partner or ex-partner",
    "shared_child": "parent of the same child",
    "relatives": "relative",
    "not_connected": "not personally connected",
}

# Short names of the court orders (CourtOrder values), as a caseworker says them.
ORDER_SHORT = {
    "non_molestation": "non-molestation order",
    "restraining": "restraining order",
    "occupation": "occupation order",
    "dvpo": "DVPN or DVPO",
    "dapo": "DAPN or DAPO",
}
NO_ORDERS = "none"
MAX_CHILDREN = 30


def children_phrase(answer: str, count: int | None, recorded: int = 0) -> str:
    """Children in the household, from the intake answer ("yes", "no", "" for not known), the
    number given (if any) and how many children have their own record on the case.

    A record of a child outweighs an answer of "no" or "not known": the phrase says so, and
    never hides either fact.
    """

    def children(number: int) -> str:
        return "1 child" if number == 1 else f"{number} children"

    if answer == "yes":
        if count:
            return children(count)
        if recorded:
            return f"{children(recorded)} recorded"
        return "Children: yes, number not known"
    if recorded:
        said = "no children" if answer == "no" else "not known"
        return f"{children(recorded)} recorded (at intake: {said})"
    if answer == "no":
        return "No children"
    return "Children: not known"


def lives_there(housing: str) -> str:
    """ "yes", "no" or "" (not known): does the perpetrator live at the survivor's home?"""
    if housing in LIVES_THERE:
        return "yes"
    if housing in LIVES_ELSEWHERE:
        return "no"
    return ""


def court_orders_phrase(orders: Sequence[str]) -> str:
    if not orders:
        return "court orders: not known"
    if NO_ORDERS in orders:
        return "no court orders"
    names = [ORDER_SHORT[order] for order in orders if order in ORDER_SHORT]
    return ", ".join(names) if names else "court orders: not known"


def check_court_orders(chosen: Sequence[str]) -> str | None:
    """Why a set of ticked answers makes no sense ("none" or "not known" beside an order), or
    None. Checked on the server: without JavaScript, GOV.UK's exclusive boxes do not untick."""
    exclusive = [value for value in chosen if value in (NO_ORDERS, "unknown")]
    if exclusive and len(chosen) > 1:
        return "Select the court orders in place, or 'No court orders', or 'Not known', not both"
    return None


@dataclass(frozen=True)
class PerpetratorFacts:
    relationship: str = ""
    housing: str = ""
    has_key: str = ""
    court_orders: tuple[str, ...] = ()


def perpetrator_phrases(facts: PerpetratorFacts, *, include_unknown: bool) -> list[str]:
    """The perpetrator's status, one short phrase per fact. `include_unknown` adds what is not
    known yet (the overview and allocation, where someone will ask); a triage row leaves it out
    to stay short."""
    phrases = []
    if facts.relationship in CONNECTION_SHORT:
        phrases.append(CONNECTION_SHORT[facts.relationship])
    elif include_unknown:
        phrases.append("relationship: not known")
    lives = lives_there(facts.housing)
    if lives == "yes":
        phrases.append("lives there")
    elif lives == "no":
        phrases.append("lives elsewhere")
    elif include_unknown:
        phrases.append("lives there: not known")
    if facts.has_key == "yes":
        phrases.append("has a key")
    elif facts.has_key == "no":
        phrases.append("no key")
    elif include_unknown:
        phrases.append("has a key: not known")
    if facts.court_orders or include_unknown:
        phrases.append(court_orders_phrase(facts.court_orders))
    return phrases


def sentence(phrases: Sequence[str]) -> str:
    """ "Partner or ex-partner, lives there, has a key" (first letter up, nothing else changed:
    "DVPO" stays as written)."""
    text = ", ".join(phrases)
    return text[:1].upper() + text[1:]


def triage_line(
    *,
    children_answer: str,
    children_count: int | None,
    recorded_children: int,
    perpetrators: Sequence[PerpetratorFacts],
) -> str:
    """One line for the triage row: "2 children · Perpetrator: partner or ex-partner, lives
    there, has a key, non-molestation order". Only what is known, beyond the children."""
    parts = [children_phrase(children_answer, children_count, recorded_children)]
    if perpetrators:
        phrases = perpetrator_phrases(perpetrators[0], include_unknown=False)
        text = "Perpetrator: " + (", ".join(phrases) if phrases else "recorded, nothing more known")
        if len(perpetrators) > 1:
            others = len(perpetrators) - 1
            text += f" (and {others} more perpetrator{'s' if others > 1 else ''})"
        parts.append(text)
    return " · ".join(parts)
