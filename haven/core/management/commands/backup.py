"""Back up the database to a new file only its owner can read: `manage.py backup --output PATH`.

PostgreSQL: `pg_dump --format=custom` of the configured database (restore it with pg_restore,
then `apply_database_walls`, docs/deployment.md). SQLite: SQLite's online backup, a consistent
copy taken while Haven runs.

The file is created by this command, with mode 0600 under umask 077, before anything is written
to it, and never over an existing file: a backup holds every case (encrypted fields stay
encrypted, but names of staff, dates and the access log do not) and must never be readable by
anyone else on the machine, even for a moment. The access log records that a backup was made,
its size and engine, nothing else.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from haven.audit.services import record_event
from haven.core.events import BACKUP_MADE


class Command(BaseCommand):
    help = "Write a backup of the database to a new file readable only by its owner (0600)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="The backup file to create")

    def handle(self, *args: Any, output: str, **options: Any) -> None:
        path = Path(output)
        if connection.vendor not in {"postgresql", "sqlite"}:
            raise CommandError(f"Haven backs up PostgreSQL and SQLite, not {connection.vendor}.")
        previous_umask = os.umask(0o077)
        try:
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                raise CommandError(
                    f"{path} already exists: choose a new name (a backup never overwrites one)."
                ) from None
            except OSError as error:
                raise CommandError(f"Cannot create {path}: {error.strerror}.") from None
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    if connection.vendor == "postgresql":
                        self._pg_dump(handle)
                    else:
                        handle.close()
                        self._sqlite_backup(path)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
        finally:
            os.umask(previous_umask)
        size = path.stat().st_size
        record_event(BACKUP_MADE, detail={"engine": connection.vendor, "size_bytes": size})
        self.stdout.write(f"Backup written to {path} ({size:,} bytes, readable only by you).")

    def _pg_dump(self, handle: Any) -> None:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError(
                "pg_dump is not installed (Debian: apt-get install postgresql-client)."
            )
        database = connection.settings_dict
        env = {**os.environ}
        # Connection details through the environment, so a password never shows in `ps`.
        for variable, value in (
            ("PGHOST", database.get("HOST")),
            ("PGPORT", database.get("PORT")),
            ("PGUSER", database.get("USER")),
            ("PGPASSWORD", database.get("PASSWORD")),
            ("PGDATABASE", database.get("NAME")),
            ("PGSSLMODE", (database.get("OPTIONS") or {}).get("sslmode")),
        ):
            if value:
                env[variable] = str(value)
        result = subprocess.run(  # noqa: S603 (pg_dump, fixed arguments)
            [pg_dump, "--format=custom", "--no-password"],
            stdout=handle,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(
                "pg_dump failed: " + result.stderr.decode(errors="replace").strip(),
                returncode=result.returncode,
            )

    def _sqlite_backup(self, path: Path) -> None:
        connection.ensure_connection()
        target = sqlite3.connect(str(path))
        try:
            connection.connection.backup(target)
        finally:
            target.close()
