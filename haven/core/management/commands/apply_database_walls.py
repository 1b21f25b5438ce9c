"""Put PostgreSQL's walls around Haven's data up again: `manage.py apply_database_walls`.

    DATABASE_URL=postgres://haven_owner:...@127.0.0.1:5432/haven \\
        manage.py apply_database_walls --app-role haven_app

Run it as the owner role (the one that runs migrations) after every restore and every upgrade:
`pg_restore` into a new database brings back tables, rows and triggers but not the database's
own access list, and new tables need grants. It revokes PUBLIC's access to the database, grants
the application role what it needs on every table and sequence, takes back UPDATE, DELETE and
TRUNCATE on the access log, reinstalls the access log's triggers, then checks every wall for the
application role (as `check --deploy --database default` does) and reports. Safe to run again.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from haven.audit.services import record_event
from haven.core import database_walls
from haven.core.events import DATABASE_WALLS_APPLIED


class Command(BaseCommand):
    help = (
        "As the database owner: revoke PUBLIC's access, grant the application role its rights, "
        "protect the access log, reinstall its triggers, then check every wall."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--app-role",
            required=True,
            help="The role Haven connects as day to day (e.g. haven_app)",
        )

    def handle(self, *args: Any, app_role: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "The database walls are PostgreSQL's: this database is "
                f"{connection.vendor}, which has no roles to keep apart."
            )
        if not database_walls.ROLE_NAME.fullmatch(app_role):
            raise CommandError(f"{app_role!r} is not a role name (letters, digits and _).")
        owner = database_walls.current_role(connection)
        if owner == app_role:
            raise CommandError(
                f"Connected as {app_role!r}, the application role itself: run this as the "
                "owner role (set DATABASE_URL to the owner's address for this command)."
            )
        exists = database_walls.walls_down(connection, app_role)
        if exists and exists[0].id == "haven.E110":
            raise CommandError(exists[0].message + " Create it first (docs/deployment.md).")
        not_owned = database_walls.tables_not_owned_by_current_role(connection)
        with transaction.atomic():
            for step in database_walls.apply_walls(connection, app_role):
                self.stdout.write(f"  {step}")
            down = database_walls.walls_down(connection, app_role)
            record_event(
                DATABASE_WALLS_APPLIED,
                detail={"app_role": app_role, "walls_down": [wall.id for wall in down]},
            )
        if not_owned and not down:
            # Grants on tables another role owns do nothing, silently.
            self.stderr.write(
                f"Connected as {owner!r}, which does not own "
                + ", ".join(not_owned[:5])
                + (" and more" if len(not_owned) > 5 else "")
                + ": the application role may lack rights on them. Run this as the owner."
            )
        if down:
            raise CommandError(
                f"Applied, but walls are still down for {app_role!r}:\n"
                + "\n".join(f"- {wall.message} ({wall.id})" for wall in down),
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Database walls are up for {app_role!r}: PUBLIC cannot connect, the access log "
                "is protected by its triggers and cannot be changed by the application role, "
                "which owns nothing and cannot create objects."
            )
        )
