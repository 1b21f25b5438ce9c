from io import StringIO

import pytest
from django.core.management import call_command
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
