"""`manage.py refresh_statistics`: run after bulk imports, and nightly on SQLite installs.

On PostgreSQL run it as the database owner: ANALYZE skips every table the connected role does
not own, so run as the application role it would refresh nothing; it then fails, saying so.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.core.maintenance import refresh_planner_statistics


class Command(BaseCommand):
    help = "Refresh the database's query-planner statistics (ANALYZE). PostgreSQL: as the owner."

    def handle(self, *args: Any, **options: Any) -> None:
        tables = refresh_planner_statistics()
        if not tables:
            raise CommandError(
                "Nothing was analysed: the connected role owns none of Haven's tables, so "
                "run it as the database owner (DATABASE_URL with the owner role, e.g. "
                "haven_owner).",
                returncode=1,
            )
        self.stdout.write(f"Query-planner statistics refreshed ({tables} tables).")
