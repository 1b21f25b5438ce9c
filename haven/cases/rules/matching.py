"""When a new disclosure is probably about someone who already has an open case.

Matching compares blind indexes (keyed hashes), so it sees only "equal" or "not equal". A shared
name alone is too common to mean the same person; a phone number alone is strong; two weaker
identifiers together (name and date of birth, say) are enough to ask the person recording.
"""

from collections.abc import Mapping

# How much each identifier counts towards "probably the same person".
MATCH_WEIGHTS: Mapping[str, int] = {
    "name": 1,
    "date_of_birth": 1,
    "tenancy_reference": 1,
    "phone": 2,
}
POSSIBLE_MATCH_THRESHOLD = 2

MATCH_LABELS: Mapping[str, str] = {
    "name": "name",
    "date_of_birth": "date of birth",
    "tenancy_reference": "tenancy reference",
    "phone": "phone number",
}


def matching_identifiers(new: Mapping[str, str], existing: Mapping[str, str]) -> list[str]:
    """Which identifiers are equal (and not blank) in both, in a stable order."""
    return [key for key in MATCH_WEIGHTS if new.get(key) and new.get(key) == existing.get(key)]


def match_score(identifiers: list[str]) -> int:
    return sum(MATCH_WEIGHTS[key] for key in set(identifiers))


def is_possible_match(new: Mapping[str, str], existing: Mapping[str, str]) -> bool:
    return match_score(matching_identifiers(new, existing)) >= POSSIBLE_MATCH_THRESHOLD


def describe_match(identifiers: list[str]) -> str:
    labels = [MATCH_LABELS[key] for key in identifiers]
    if not labels:
        return ""
    if len(labels) == 1:
        return f"Same {labels[0]}"
    return "Same " + ", ".join(labels[:-1]) + " and " + labels[-1]
