"""What a survivor can be found by, and what a typed search looks for: pure rules, no database.

Search works on blind indexes (keyed hashes), so it can only ever ask "is this hash stored for
that case?". These rules decide which plain values are hashed when a survivor is saved
(`survivor_search_keys`) and which one value a typed name is looked up as (`name_query_key`).
Each key is (purpose, normalised value); haven.cases.models.search hashes it.

What a name search finds:
- one word: any of the survivor's names that is that word (first name, last name, known-as
  name, or either half of a double-barrelled name), so "Smith" and "Olivia" both work;
- one word of exactly three letters: any name that begins with those letters ("Smi" finds Smith
  and Smithers). That is the partial search. Only three-letter beginnings are stored, and
  docs/security.md explains why no other length is;
- several words: the full name as recorded (first and last, or known-as and last), exactly.
"""

from collections.abc import Iterable

from haven.lib.crypto import normalise_for_index

# Purposes of the keyed hashes (see haven.lib.crypto.blind_index). The full-name, date of birth,
# postcode and phone purposes are the ones the survivor's own index columns use.
FULL_NAME = "name"
NAME_WORD = "name_word"
NAME_PREFIX = "name_prefix"
DATE_OF_BIRTH = "dob"
POSTCODE = "postcode"
PHONE = "phone"

# A partial name is exactly this many letters: the shortest beginning that still narrows a
# search usefully, and the only one stored (see docs/security.md).
PREFIX_LENGTH = 3

SearchKey = tuple[str, str]


def name_words(name: str) -> set[str]:
    """The words a name can be found by, normalised: each word, and each part of a hyphenated
    word as well as the whole ("Smith-Jones" is found as smithjones, smith and jones)."""
    words: set[str] = set()
    for token in name.split():
        whole = normalise_for_index(token)
        if whole:
            words.add(whole)
        if "-" in token:
            words.update(part for part in map(normalise_for_index, token.split("-")) if part)
    return words


def phone_digits(phone: str) -> str:
    """UK numbers match whether written +44 7700 900123 or 07700 900123."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def survivor_search_keys(
    *,
    given_name: str,
    family_name: str,
    known_as: str = "",
    date_of_birth_iso: str = "",
    postcode: str = "",
    phone: str = "",
) -> set[SearchKey]:
    """Every (purpose, value) a survivor with these details is found by."""
    keys: set[SearchKey] = set()
    words = set()
    for name in (given_name, family_name, known_as):
        words |= name_words(name or "")
    for word in words:
        keys.add((NAME_WORD, word))
        if len(word) >= PREFIX_LENGTH:
            keys.add((NAME_PREFIX, word[:PREFIX_LENGTH]))
    for first in {given_name, known_as}:
        full = normalise_for_index(f"{first or ''} {family_name or ''}")
        if first and full:
            keys.add((FULL_NAME, full))
    if date_of_birth_iso:
        keys.add((DATE_OF_BIRTH, normalise_for_index(date_of_birth_iso)))
    for purpose, value in ((POSTCODE, postcode), (PHONE, phone_digits(phone))):
        normalised = normalise_for_index(value or "")
        if normalised:
            keys.add((purpose, normalised))
    return keys


def name_query_key(typed: str) -> SearchKey | None:
    """The one key a typed name is looked up by; None if it holds no letters or digits."""
    tokens = [token for token in typed.split() if normalise_for_index(token)]
    if not tokens:
        return None
    if len(tokens) > 1:
        return (FULL_NAME, normalise_for_index(" ".join(tokens)))
    word = normalise_for_index(tokens[0])
    if len(word) == PREFIX_LENGTH:
        return (NAME_PREFIX, word)
    return (NAME_WORD, word)


# Which key to start from when a search combines several: the one likely to match fewest cases
# (a phone number or a date of birth is shared by a handful of people, a last name by hundreds).
# The database then checks the others case by case, so the work follows the rarest key.
SELECTIVITY_ORDER = (PHONE, DATE_OF_BIRTH, FULL_NAME, POSTCODE, NAME_WORD, NAME_PREFIX)


def most_selective_first(keys: Iterable[SearchKey]) -> list[SearchKey]:
    rank = {purpose: position for position, purpose in enumerate(SELECTIVITY_ORDER)}
    return sorted(set(keys), key=lambda key: (rank.get(key[0], len(rank)), key))
