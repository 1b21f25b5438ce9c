"""Run by bench/run.py inside a benchmark's environment: what to ask for in the seeded data.

Prints one JSON object: the path of every named page that exists (None for a page not built
yet), a case owned by the given case officer (so both the officer and the coordinator may open
it) with its page's path, and that case's survivor's name to search for. Reads the database
only; reads no case content beyond that one name, which stays on this machine.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

import django  # noqa: E402

django.setup()

from django.urls import NoReverseMatch, get_resolver, reverse  # noqa: E402

from haven.accounts.models import User  # noqa: E402
from haven.cases.models import Case  # noqa: E402

LIST_PAGES = {
    "home": "core:home",
    "account": "accounts:account",
    "case list": "cases:list",
    "triage queue": "cases:triage",
    "search": "cases:search",
}
CASE_PAGE_NAMES = ("cases:detail", "cases:case")


def path_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def case_page_path(case) -> str | None:
    """The case page's URL, whichever of the usual ways its pattern names the case."""
    candidates = {"reference": case.reference, "pk": case.pk, "case_id": case.pk, "id": case.pk}
    resolver = get_resolver()
    for name in CASE_PAGE_NAMES:
        namespace, _, short = name.partition(":")
        try:
            possibilities = resolver.namespace_dict[namespace][1].reverse_dict.getlist(short)
        except KeyError:
            continue
        for possibility, _pattern, _defaults, _converters in possibilities:
            for _result, params in possibility:
                if set(params) <= set(candidates):
                    path = path_or_none(name, **{p: candidates[p] for p in params})
                    if path:
                        return path
    return None


def main() -> None:
    officer = User.objects.get(email__iexact=sys.argv[1])
    result: dict = {"pages": {label: path_or_none(name) for label, name in LIST_PAGES.items()}}
    result["case_page"] = None
    result["case_reference"] = None
    result["search_name"] = None
    result["case_count"] = Case.objects.count()
    # A case of this officer's in the middle of the data: neither the newest nor the oldest.
    owned = Case.objects.filter(owner=officer, restricted=False).order_by("received_at")
    count = owned.count()
    case = owned.select_related("survivor")[count // 2] if count else None
    if case is not None:
        result["case_page"] = case_page_path(case)
        result["case_reference"] = case.reference
        survivor = getattr(case, "survivor", None)
        if survivor is not None:
            result["search_name"] = f"{survivor.given_name} {survivor.family_name}".strip()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
