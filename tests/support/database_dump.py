"""Everything the test database holds, as text: what a backup of it would contain."""

import os
import shutil
import subprocess

import pytest
from django.db import connection


def dump_database() -> str:
    """pg_dump of the test database on PostgreSQL (the documented backup tool); on SQLite, every
    row of every table read back raw through the database's own cursor (sqlite3's iterdump).

    Call it from a transactional test: pg_dump is another connection and sees committed rows only.
    """
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            pytest.skip("pg_dump is not installed")
        config = connection.settings_dict
        command = [pg_dump, "--no-owner", "--dbname", config["NAME"]]
        if config.get("HOST"):
            command += ["--host", config["HOST"]]
        if config.get("PORT"):
            command += ["--port", str(config["PORT"])]
        if config.get("USER"):
            command += ["--username", config["USER"]]
        env = {**os.environ, "PGPASSWORD": config.get("PASSWORD") or ""}
        return subprocess.run(  # noqa: S603 (a fixed command with the test database's settings)
            command, check=True, capture_output=True, text=True, env=env
        ).stdout
    connection.ensure_connection()
    return "\n".join(connection.connection.iterdump())
