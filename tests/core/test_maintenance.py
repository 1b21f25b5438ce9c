import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.mark.django_db
def test_refresh_statistics_gives_the_planner_statistics_to_work_with(alice):
    out = StringIO()
    call_command("refresh_statistics", stdout=out)
    assert "statistics refreshed" in out.getvalue()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'accounts_user'")
        assert cursor.fetchone()[0] > 0


@pytest.mark.django_db
def test_refresh_statistics_fails_when_the_role_may_analyse_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL analyses by table ownership")
    with connection.cursor() as cursor:
        role = f"haven_test_owns_nothing_{uuid.uuid4().hex[:8]}"
        cursor.execute(f"CREATE ROLE {role}")
        cursor.execute(f"SET ROLE {role}")
    try:
        with pytest.raises(CommandError, match="run it as the database owner") as failed:
            call_command("refresh_statistics", stdout=StringIO())
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    assert failed.value.returncode == 1
