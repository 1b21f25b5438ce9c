"""Running Haven in a separate process, as gunicorn workers, cron and operators do.

Each helper runs our own interpreter on our own manage.py or a fixed script, on a throwaway
SQLite database under `var_dir`, never the test database.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def haven_env(var_dir: Path, *, environment: str = "development", **extra: str) -> dict[str, str]:
    """The environment of a separate Haven process: its own var/ (keys, SQLite database)."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(HAVEN_ENV=environment, HAVEN_VAR_DIR=str(var_dir), **extra)
    return env


def run_python(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    """`python ARGS` from the repository root ("manage.py", "migrate"; or "-c", a script)."""
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, env=env, timeout=timeout)


def start_script(script: str, *, env: dict[str, str]) -> subprocess.Popen:
    """A Python script started in the background (a second writer, say); communicate() with it."""
    return subprocess.Popen(  # noqa: S603 (our own interpreter, fixed script)
        [sys.executable, "-c", script], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
    )


def migrate_to_latest() -> None:
    """Bring the test database back to every app's latest migration.

    A test that migrates one app back and forth (to check a data migration) also unapplies every
    other app's migrations that depend on it; migrating forward to that one app's target alone
    would leave those tables missing for every later test in the process.
    """
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
