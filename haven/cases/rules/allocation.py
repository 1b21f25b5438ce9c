"""Allocation: how well an officer fits what the survivor asked for, said in words.

"A woman: yes; speaks Polish: no; interpreter needed" tells the coordinator what matches and
what will have to be arranged, where a bare "Matches: no" did not. No database access: the
view passes plain values.
"""

import re
from dataclasses import dataclass

# Words for the survivor's request (values of StaffGenderPreference).
GENDER_ASKED = {"woman": "A woman", "man": "A man", "non_binary": "Non-binary"}

# An officer's gender is free text on their account: read the common ways of writing each.
GENDER_WORDS = {
    "woman": {"woman", "female", "f", "w", "women", "cis woman", "trans woman"},
    "man": {"man", "male", "m", "men", "cis man", "trans man"},
    "non_binary": {"non-binary", "non binary", "nonbinary", "non_binary", "enby", "nb"},
}


def gender_category(text: str) -> str:
    """ "woman", "man", "non_binary", "" when not recorded, "other" for anything else."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return ""
    for category, words in GENDER_WORDS.items():
        if cleaned in words:
            return category
    return "other"


def spoken_languages(text: str) -> set[str]:
    """ "Polish, Urdu and Punjabi" -> {"polish", "urdu", "punjabi"}."""
    parts = re.split(r",|;|/|\band\b", text.casefold())
    return {" ".join(part.split()) for part in parts if part.strip()}


@dataclass(frozen=True)
class SurvivorAsks:
    staff_gender: str = ""
    interpreter_needed: bool = False
    language: str = ""

    @property
    def any(self) -> bool:
        return bool(self.staff_gender in GENDER_ASKED or self.interpreter_needed)


@dataclass(frozen=True)
class MatchPart:
    text: str
    # True: matches; False: does not; None: cannot tell (nothing recorded for the officer).
    met: bool | None


@dataclass(frozen=True)
class OfficerMatch:
    parts: tuple[MatchPart, ...]

    @property
    def matches(self) -> bool:
        """Every request met (and true when nothing was asked)."""
        return all(part.met is True for part in self.parts)

    @property
    def words(self) -> str:
        return "; ".join(part.text for part in self.parts)

    @property
    def sentence(self) -> str:
        """The words as a sentence on their own: "Speaks Polish: no; interpreter needed"."""
        return self.words[:1].upper() + self.words[1:]


def match_officer(
    asks: SurvivorAsks, *, officer_gender: str, officer_languages: str
) -> OfficerMatch:
    parts: list[MatchPart] = []
    if asks.staff_gender in GENDER_ASKED:
        label = GENDER_ASKED[asks.staff_gender]
        category = gender_category(officer_gender)
        if not category:
            parts.append(MatchPart(f"{label}: not recorded", None))
        elif category == asks.staff_gender:
            parts.append(MatchPart(f"{label}: yes", True))
        else:
            parts.append(MatchPart(f"{label}: no", False))
    if asks.interpreter_needed:
        language = " ".join(asks.language.split())
        if not language:
            parts.append(MatchPart("interpreter needed (language not recorded)", None))
        elif language.casefold() in spoken_languages(officer_languages):
            parts.append(MatchPart(f"speaks {language}: yes", True))
        else:
            parts.append(MatchPart(f"speaks {language}: no; interpreter needed", False))
    return OfficerMatch(tuple(parts))


def caseload_phrase(open_cases: int) -> str:
    if open_cases == 0:
        return "No open cases"
    return "1 open case" if open_cases == 1 else f"{open_cases} open cases"
