"""Human case references: DA-2026-00042 is case number 42 received in 2026."""

import re

REFERENCE_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{1,6})-(?P<year>\d{4})-(?P<number>\d{5,})$")


def format_reference(prefix: str, year: int, number: int) -> str:
    if number < 1:
        raise ValueError("Case numbers start at 1.")
    if not 1000 <= year <= 9999:
        raise ValueError("The year must have four digits.")
    return f"{prefix}-{year}-{number:05d}"


def looks_like_reference(text: str) -> bool:
    """Whether something typed into search is a case reference (any case, spaces ignored)."""
    return bool(REFERENCE_PATTERN.match(normalise_reference(text)))


def normalise_reference(text: str) -> str:
    return "".join(text.split()).upper()
