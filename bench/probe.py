"""Run by bench/run.py inside a benchmark's environment: what to ask for in the seeded data.

Prints one JSON object: every page the apps registered for benchmarking (haven.platform
.registries.bench_pages) with its path and which of the two people (a case officer and the
coordinator, by e-mail) may open it; a case owned by the officer (so both may open it), and for
search pages what to type (each page's `form`, from that case and the seeded data). Reads the
database only; the invented demo details it prints stay on this machine.
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

from django.urls import reverse  # noqa: E402

from haven.accounts.models import User  # noqa: E402
from haven.cases.models import Case  # noqa: E402
from haven.platform.registries import bench_pages  # noqa: E402


def main() -> None:
    officer = User.objects.get(email__iexact=sys.argv[1])
    coordinator = User.objects.get(email__iexact=sys.argv[2])
    result: dict = {"case_reference": None}
    result["case_count"] = Case.objects.count()
    # A case of this officer's in the middle of the data: neither the newest nor the oldest.
    # With a date of birth, a postcode and a phone number, so every kind of search has something
    # to look for.
    owned = (
        Case.objects.filter(owner=officer, restricted=False)
        .exclude(survivor__dob_index="")
        .exclude(survivor__postcode_index="")
        .exclude(survivor__phone_index="")
        .order_by("received_at")
    )
    count = owned.count()
    case = owned.select_related("survivor")[count // 2] if count else None
    if case is not None:
        result["case_reference"] = case.reference
    # Every page an app registered for benchmarking, and which of the two people may open it.
    pages = []
    for page in bench_pages:
        if page.kind == "case":
            path = reverse(page.url_name, kwargs={"reference": case.reference}) if case else None
        else:
            path = reverse(page.url_name)
        if path and page.query:
            path += "?" + page.query
        form = None
        if page.kind == "search" and page.form is not None and case is not None:
            form = dict(page.form(case))
        pages.append(
            {
                "label": page.label,
                "kind": page.kind,
                "path": path,
                "form": form,
                "shows_case": page.shows_case,
                "officer": page.permission is None or officer.has_perm(page.permission),
                "coordinator": page.permission is None or coordinator.has_perm(page.permission),
            }
        )
    result["pages"] = pages
    print(json.dumps(result))


if __name__ == "__main__":
    main()
