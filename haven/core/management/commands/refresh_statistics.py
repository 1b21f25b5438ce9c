"""`manage.py refresh_statistics`: run after bulk imports, and nightly on SQLite installs."""

from typing import Any

from django.core.management.base import BaseCommand

from haven.core.maintenance import refresh_planner_statistics


class Command(BaseCommand):
    help = "Refresh the database's query-planner statistics (ANALYZE)."

    def handle(self, *args: Any, **options: Any) -> None:
        refresh_planner_statistics()
        self.stdout.write("Query-planner statistics refreshed.")
