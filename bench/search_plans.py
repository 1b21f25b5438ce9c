"""Each benchmarked search, one request at a time, with its query plan: run inside a seeded
benchmark environment (bench/README.md, "Query plans").

    HAVEN_ENV=demo HAVEN_VAR_DIR=var/bench/cases-100000 .venv/bin/python bench/search_plans.py

For the demo officer and coordinator, and each search page registered for bench/: the median
time of `search_cases` in-process (no HTTP, no template) over a few runs, how many cases match
(up to the count limit) and the database's plan for the page query (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL). Writes to the access log of that benchmark database, as any
search does. Invented demo data only.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from haven.accounts.models import User  # noqa: E402
from haven.cases.models import Case  # noqa: E402
from haven.cases.services.access import (  # noqa: E402
    SEARCH_PAGE_SIZE,
    SearchCriteria,
    matching_cases,
    search_cases,
)
from haven.platform.registries import bench_pages  # noqa: E402

RUNS = 7


def criteria_from(values: dict[str, str]) -> SearchCriteria:
    import datetime as dt

    born = None
    if "date_of_birth-day" in values:
        born = dt.date(
            int(values["date_of_birth-year"]),
            int(values["date_of_birth-month"]),
            int(values["date_of_birth-day"]),
        )
    return SearchCriteria(
        reference=values.get("reference", ""),
        name=values.get("name", ""),
        date_of_birth=born,
        postcode=values.get("postcode", ""),
        phone=values.get("phone", ""),
    )


def plan(sql: str, params: tuple) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return [str(row[-1]) for row in rows]


def main() -> None:
    officer = User.objects.filter(role="case_officer", is_active=True).order_by("pk").first()
    coordinator = User.objects.filter(role="coordinator").order_by("pk").first()
    owned = (
        Case.objects.filter(owner=officer, restricted=False)
        .exclude(survivor__dob_index="")
        .exclude(survivor__postcode_index="")
        .exclude(survivor__phone_index="")
        .order_by("received_at")
    )
    sample = owned.select_related("survivor")[owned.count() // 2]
    print(f"{connection.vendor}, {Case.objects.count():,} cases")
    for page in bench_pages:
        if page.kind != "search" or page.form is None:
            continue
        criteria = criteria_from(dict(page.form(sample)))
        for person in (officer, coordinator):
            timings = []
            for _ in range(RUNS):
                started = time.perf_counter()
                results = search_cases(criteria, actor=person)
                timings.append((time.perf_counter() - started) * 1000)
            count = f"{'more than ' if results.more else ''}{results.count}"
            print(
                f"\n{page.label} as {person.role}: {statistics.median(timings):.1f} ms, "
                f"{count} found"
            )
            query = matching_cases(criteria, actor=person)[:SEARCH_PAGE_SIZE].query
            for line in plan(*query.sql_with_params()):
                print(f"    {line}")


if __name__ == "__main__":
    main()
