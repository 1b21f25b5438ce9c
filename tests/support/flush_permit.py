"""Let the test harness empty the access log between tests, and nothing else.

Django's TransactionTestCase (pytest-django's transactional_db and live_server) empties every
table after each test: DELETE FROM on SQLite, TRUNCATE on PostgreSQL. The access log's triggers
refuse both, as they must in the application. So, for the test suite only, the flush lifts the
triggers inside its own transaction and puts them back before that transaction commits: no other
connection ever sees the table unprotected, and the application has no such path at all.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations

from haven.audit import protection

# Django's own flush, as `manage.py flush` runs it outside the test suite.
DJANGO_EXECUTE_SQL_FLUSH = BaseDatabaseOperations.execute_sql_flush


@contextmanager
def flush_lifts_access_log_triggers() -> Iterator[None]:
    original = DJANGO_EXECUTE_SQL_FLUSH

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        connection = self.connection
        with transaction.atomic(using=connection.alias):
            lifted = protection.installed_triggers(connection)
            if lifted:
                protection.remove(connection)
            original(self, sql_list)
            if lifted:
                protection.install(connection)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseDatabaseOperations.execute_sql_flush = DJANGO_EXECUTE_SQL_FLUSH  # type: ignore[method-assign]
