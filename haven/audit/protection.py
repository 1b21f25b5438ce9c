"""Database triggers that make the access log append-only, on SQLite and PostgreSQL.

The triggers refuse every UPDATE and DELETE of an access event (and, on PostgreSQL, TRUNCATE),
with no exception for the application: nothing Haven runs can edit or remove an event. They are
installed by migration audit/0002. Two things can remove them, so both are watched:

- SQLite drops a table's triggers when a migration rebuilds the table (how it alters columns).
  A later migration that alters AuditEvent must call `install()` again; `verify_audit_chain`
  reports missing triggers so a lost trigger cannot go unnoticed.
- Whoever owns the table can drop a trigger. On PostgreSQL the application's role must therefore
  not own the table (docs/decisions/0001-access-log.md); on SQLite anyone with the database file
  can, which is why the log is also hash-chained.

The test suite lifts the triggers inside the transaction of its own flush between tests and puts
them back before it commits (tests/conftest.py); the application has no such path.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

AUDIT_TABLE = "audit_auditevent"
REFUSAL = "The access log is append-only: events cannot be changed or removed."

_SQLITE_TRIGGERS = {
    "haven_audit_refuse_update": (
        f"CREATE TRIGGER haven_audit_refuse_update BEFORE UPDATE ON {AUDIT_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
    "haven_audit_refuse_delete": (
        f"CREATE TRIGGER haven_audit_refuse_delete BEFORE DELETE ON {AUDIT_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
}

# restrict_violation (SQLSTATE 23001) surfaces as django.db.IntegrityError, as SQLite's ABORT does.
_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION haven_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$
"""
_POSTGRES_TRIGGERS = {
    "haven_audit_refuse_update_delete": (
        f"CREATE TRIGGER haven_audit_refuse_update_delete BEFORE UPDATE OR DELETE ON {AUDIT_TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION haven_audit_refuse_change()"
    ),
    # TRUNCATE fires no row triggers: without this, `manage.py flush` would empty the log.
    "haven_audit_refuse_truncate": (
        f"CREATE TRIGGER haven_audit_refuse_truncate BEFORE TRUNCATE ON {AUDIT_TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION haven_audit_refuse_change()"
    ),
}


def expected_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    if connection.vendor == "sqlite":
        return set(_SQLITE_TRIGGERS)
    if connection.vendor == "postgresql":
        return set(_POSTGRES_TRIGGERS)
    raise ImproperlyConfigured(
        f"Haven protects its access log on SQLite and PostgreSQL only, not {connection.vendor}."
    )


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [AUDIT_TABLE],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
                [AUDIT_TABLE],
            )
        return {row[0] for row in cursor.fetchall()} & expected_triggers(connection)


def missing_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    return expected_triggers(connection) - installed_triggers(connection)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (idempotent: existing ones are replaced)."""
    remove(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _SQLITE_TRIGGERS.values():
                cursor.execute(statement)
        else:
            cursor.execute(_POSTGRES_FUNCTION)
            for statement in _POSTGRES_TRIGGERS.values():
                cursor.execute(statement)


def remove(connection: BaseDatabaseWrapper) -> None:
    names = expected_triggers(connection)
    with connection.cursor() as cursor:
        for name in sorted(names):
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {AUDIT_TABLE}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS haven_audit_refuse_change()")
