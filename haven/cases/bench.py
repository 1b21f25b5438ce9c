"""What bench/ types into the search page: the searches an officer makes in a day.

Each function takes the sample case bench/probe.py picked (one of the benchmarked officer's,
from the middle of the seeded data) and returns the search form's fields. The common-name
searches use the commonest names in the seeded data, the worst case for a search that must
stay quick as the case load grows. Registered as BenchPage forms in hooks.py; used only by
bench/, against invented demo data.
"""

from collections import Counter
from collections.abc import Mapping
from functools import cache

from haven.cases.models import Case, Survivor
from haven.cases.rules.search import PREFIX_LENGTH

# Enough survivors to find the commonest names reliably, few enough to decrypt in a moment.
SAMPLE_SIZE = 3000


@cache
def _commonest_names() -> tuple[str, str]:
    survivors = Survivor.objects.only("given_name", "family_name").order_by("pk")[:SAMPLE_SIZE]
    given: Counter[str] = Counter()
    family: Counter[str] = Counter()
    for survivor in survivors:
        given[survivor.given_name] += 1
        family[survivor.family_name] += 1
    family.pop("", None)
    return given.most_common(1)[0][0], family.most_common(1)[0][0]


def full_name(case: Case) -> Mapping[str, str]:
    return {"name": f"{case.survivor.given_name} {case.survivor.family_name}"}


def surname(case: Case) -> Mapping[str, str]:
    return {"name": _commonest_names()[1]}


def first_name(case: Case) -> Mapping[str, str]:
    return {"name": _commonest_names()[0]}


def partial_name(case: Case) -> Mapping[str, str]:
    return {"name": _commonest_names()[1][:PREFIX_LENGTH]}


def date_of_birth(case: Case) -> Mapping[str, str]:
    born = case.survivor.date_of_birth
    if born is None:
        return {}
    return {
        "date_of_birth-day": str(born.day),
        "date_of_birth-month": str(born.month),
        "date_of_birth-year": str(born.year),
    }


def postcode(case: Case) -> Mapping[str, str]:
    return {"postcode": case.survivor.postcode} if case.survivor.postcode else {}


def phone(case: Case) -> Mapping[str, str]:
    return {"phone": case.survivor.phone} if case.survivor.phone else {}


def reference(case: Case) -> Mapping[str, str]:
    return {"reference": case.reference}
