"""Rate limits are counted in a cache every worker shares (issue 7, defect 7).

Django's local-memory cache is per process: with it, each gunicorn worker counted password-reset
e-mails alone (six requests in one second sent five e-mails). Haven uses the database cache by
default, made by a migration, and Redis when HAVEN_REDIS_URL is set.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from haven.lib import rate_limits

ROOT = Path(__file__).resolve().parents[2]


def _settings_in_a_fresh_process(**env: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
        "'sessions': settings.SESSION_ENGINE, 'tasks': settings.TASKS['default']['BACKEND']}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "haven.settings",
            "HAVEN_ENV": "development",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_default_cache_is_the_database_and_redis_when_configured():
    default = _settings_in_a_fresh_process()
    assert default["cache"] == "django.core.cache.backends.db.DatabaseCache"
    redis = _settings_in_a_fresh_process(HAVEN_REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["sessions"] == "django.contrib.sessions.backends.cache"


def test_production_queues_tasks_in_the_database():
    production = _settings_in_a_fresh_process(
        HAVEN_ENV="production",
        SECRET_KEY="x" * 60,
        HAVEN_FIELD_KEYS="MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=",
        HAVEN_BLIND_INDEX_KEY="y" * 43,
        ALLOWED_HOSTS="haven.example",
        HAVEN_SITE_URL="https://haven.example",
        DATABASE_URL="postgres://haven_app@127.0.0.1:5432/never_connected",
        EMAIL_HOST="smtp.example",
        DEFAULT_FROM_EMAIL="haven@haven.example",
    )
    assert production["tasks"] == "django_tasks_db.DatabaseBackend"
    assert production["cache"] == "django.core.cache.backends.db.DatabaseCache"


def test_migrate_makes_the_cache_table(db):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    cache.set("haven:test", 1)
    assert cache.get("haven:test") == 1


def test_a_limit_holds_across_processes(tmp_path):
    """Two processes (as two gunicorn workers) share one limit of three."""
    database = tmp_path / "shared.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")},
        "DJANGO_SETTINGS_MODULE": "haven.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "HAVEN_ENV": "development",
        "HAVEN_VAR_DIR": str(tmp_path),
        "HAVEN_BLIND_INDEX_KEY": "k" * 32,
    }
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    take = (
        "import django; django.setup(); from haven.lib import rate_limits; "
        "print(sum(rate_limits.take('test', 'someone', limit=3, window_seconds=60) "
        "for _ in range(3)))"
    )
    workers = [
        subprocess.run(  # noqa: S603 (our own interpreter and code)
            [sys.executable, "-c", take], cwd=ROOT, env=env, capture_output=True, text=True
        )
        for _ in range(2)
    ]
    allowed = [int(w.stdout.strip().splitlines()[-1]) for w in workers]
    assert allowed == [3, 0]


def test_a_limit_frees_a_slot_after_its_window(db, settings):
    assert all(rate_limits.take("t", "a", limit=2, window_seconds=60) for _ in range(2))
    assert not rate_limits.take("t", "a", limit=2, window_seconds=60)
    assert rate_limits.exhausted("t", "a", limit=2)
    assert rate_limits.take("t", "b", limit=2, window_seconds=60)  # another subject counts alone
    rate_limits.clear("t", "a", limit=2)
    assert rate_limits.take("t", "a", limit=2, window_seconds=60)


def test_what_is_counted_is_never_stored_as_typed(db):
    rate_limits.take("password-reset", "someone@example.org", limit=3, window_seconds=60)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {settings.CACHES['default']['LOCATION']}")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "haven:limit:password-reset" in keys
    assert "someone" not in keys
