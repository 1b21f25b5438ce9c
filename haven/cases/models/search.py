"""The search index: one row per (case, keyed hash of something its survivor is found by).

Why a table of its own rather than more columns on the survivor: a survivor is found by several
names (first, last, known-as, both halves of a double-barrelled name) and their beginnings, and
a column each would make every name search an OR across columns, which no index serves. Here
every search a person can type is one equality on `term`, and the unique (term, case) index
hands back the matching cases already in case order (newest recorded first), so a page of
results costs the same with ten matches or ten thousand. The hashes are keyed (blind indexes,
haven.lib.crypto): nothing in this table can be read back without HAVEN_BLIND_INDEX_KEY.
"""

from typing import TYPE_CHECKING, ClassVar

from django.db import models

from haven.cases.rules.search import SearchKey, survivor_search_keys
from haven.lib.crypto import blind_index

from .case import Case

if TYPE_CHECKING:
    from .people import Survivor

__all__ = ["SearchTerm", "hash_key", "terms_for_survivor"]


def hash_key(key: SearchKey) -> str:
    purpose, value = key
    return blind_index(value, purpose=purpose)


def terms_for_survivor(survivor: "Survivor") -> set[str]:
    keys = survivor_search_keys(
        given_name=survivor.given_name or "",
        family_name=survivor.family_name or "",
        known_as=survivor.known_as or "",
        date_of_birth_iso=survivor.date_of_birth.isoformat() if survivor.date_of_birth else "",
        postcode=survivor.postcode or "",
        phone=survivor.phone or "",
    )
    return {term for term in map(hash_key, keys) if term}


class SearchTerm(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=32)

    class Meta:
        constraints: ClassVar = [
            # Also the index every search runs on: equal term, then case id (newest last, read
            # backwards), and the lookup "does this case have that term?" for combined searches.
            models.UniqueConstraint(fields=["term", "case"], name="search_term_case_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.term}"

    @staticmethod
    def sync_for(survivor: "Survivor") -> None:
        """Make the case's rows match what the survivor is found by now (two queries when
        nothing changed, one more for each of delete and insert)."""
        wanted = terms_for_survivor(survivor)
        stored = set(
            SearchTerm.objects.filter(case_id=survivor.case_id).values_list("term", flat=True)
        )
        if stale := stored - wanted:
            SearchTerm.objects.filter(case_id=survivor.case_id, term__in=stale).delete()
        if missing := wanted - stored:
            SearchTerm.objects.bulk_create(
                [SearchTerm(case_id=survivor.case_id, term=term) for term in sorted(missing)]
            )
