"""The documented restore, with real roles: migrate and apply the walls as the owner, back up as
the application, restore into a new database (whose access list lets every role connect), see
`check --deploy --database default` report it, put the walls back, see the check pass and the
access log verify (issue 11, finding 1).

PostgreSQL only, and slow (separate processes, two migrated databases).
"""

import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.db import connection

from tests.core.test_settings_production import run, valid_production

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def server(db):
    if connection.vendor != "postgresql":
        pytest.skip("database roles and grants are PostgreSQL's")
    settings = connection.settings_dict
    return {
        "host": settings["HOST"] or "127.0.0.1",
        "port": str(settings["PORT"] or 5432),
        "user": settings["USER"],
    }


def url(server: dict, role: str, database: str) -> str:
    return f"postgres://{role}@{server['host']}:{server['port']}/{database}"


def admin(server: dict, *statements: str) -> None:
    with psycopg.connect(
        host=server["host"],
        port=server["port"],
        user=server["user"],
        dbname="postgres",
        autocommit=True,
    ) as superuser:
        for statement in statements:
            superuser.execute(statement)  # type: ignore[arg-type]


def manage(*args: str, database_url: str, tmp_path, production: bool = False):
    env = valid_production(tmp_path) if production else {"HAVEN_ENV": "development"}
    env.update(HAVEN_VAR_DIR=str(tmp_path), DATABASE_URL=database_url)
    return run("manage.py", *args, env=env)


def test_a_restored_database_is_reported_and_its_walls_put_back(server, tmp_path):
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"haven_t_owner_{suffix}", f"haven_t_app_{suffix}"
    live, restored = f"haven_t_live_{suffix}", f"haven_t_restored_{suffix}"
    admin(
        server,
        f"CREATE ROLE {owner} LOGIN",
        f"CREATE ROLE {app} LOGIN",
        f"CREATE DATABASE {live} OWNER {owner}",
    )
    try:
        as_owner = url(server, owner, live)
        assert manage("migrate", database_url=as_owner, tmp_path=tmp_path).returncode == 0

        applied = manage(
            "apply_database_walls", "--app-role", app, database_url=as_owner, tmp_path=tmp_path
        )
        assert applied.returncode == 0, applied.stderr
        assert "Database walls are up" in applied.stdout
        checked = manage(
            "check",
            "--deploy",
            "--database",
            "default",
            database_url=url(server, app, live),
            tmp_path=tmp_path,
            production=True,
        )
        assert checked.returncode == 0, checked.stderr + checked.stdout
        assert "haven.E" not in checked.stdout + checked.stderr

        # The application role owns nothing, so it may not refresh statistics.
        refused = manage(
            "refresh_statistics", database_url=url(server, app, live), tmp_path=tmp_path
        )
        assert refused.returncode == 1
        assert "run it as the database owner" in refused.stderr
        assert (
            manage("refresh_statistics", database_url=as_owner, tmp_path=tmp_path).returncode == 0
        )

        dump = tmp_path / "haven.dump"
        made = manage(
            "backup", "--output", str(dump), database_url=url(server, app, live), tmp_path=tmp_path
        )
        assert made.returncode == 0, made.stderr
        assert dump.stat().st_mode & 0o077 == 0

        admin(server, f"CREATE DATABASE {restored} OWNER {owner}")
        subprocess.run(  # noqa: S603
            [
                shutil.which("pg_restore") or "pg_restore",
                "--exit-on-error",
                f"--dbname={url(server, server['user'], restored)}",
                str(dump),
            ],
            check=True,
            capture_output=True,
        )
        as_app_restored = url(server, app, restored)
        reported = manage(
            "check",
            "--deploy",
            "--database",
            "default",
            database_url=as_app_restored,
            tmp_path=tmp_path,
            production=True,
        )
        assert reported.returncode != 0
        assert "haven.E111" in reported.stderr  # every role may connect to the restored copy

        again = manage(
            "apply_database_walls",
            "--app-role",
            app,
            database_url=url(server, owner, restored),
            tmp_path=tmp_path,
        )
        assert again.returncode == 0, again.stderr
        clean = manage(
            "check",
            "--deploy",
            "--database",
            "default",
            database_url=as_app_restored,
            tmp_path=tmp_path,
            production=True,
        )
        assert clean.returncode == 0, clean.stderr + clean.stdout
        verified = manage("verify_audit_chain", database_url=as_app_restored, tmp_path=tmp_path)
        assert verified.returncode == 0, verified.stderr
        assert "Access log intact" in verified.stdout
    finally:
        admin(
            server,
            f"DROP DATABASE IF EXISTS {restored} WITH (FORCE)",
            f"DROP DATABASE IF EXISTS {live} WITH (FORCE)",
            f"DROP ROLE IF EXISTS {app}",
            f"DROP ROLE IF EXISTS {owner}",
        )
