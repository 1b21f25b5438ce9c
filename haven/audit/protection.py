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

# The records an event touched (audit_auditeventlink, migration audit/0004) are part of the
# log too: removing one would hide that a search returned a case.
LINK_TABLE = "audit_auditeventlink"

_SQLITE_TRIGGERS = {
    "haven_audit_refuse_update": (
        f"CREATE TRIGGER haven_audit_refuse_update BEFORE UPDATE ON {AUDIT_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
    "haven_audit_refuse_delete": (
        f"CREATE TRIGGER haven_audit_refuse_delete BEFORE DELETE ON {AUDIT_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
    "haven_audit_link_refuse_update": (
        f"CREATE TRIGGER haven_audit_link_refuse_update BEFORE UPDATE ON {LINK_TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    ),
    "haven_audit_link_refuse_delete": (
        f"CREATE TRIGGER haven_audit_link_refuse_delete BEFORE DELETE ON {LINK_TABLE} "
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
    "haven_audit_link_refuse_update_delete": (
        f"CREATE TRIGGER haven_audit_link_refuse_update_delete BEFORE UPDATE OR DELETE ON "
        f"{LINK_TABLE} FOR EACH ROW EXECUTE FUNCTION haven_audit_refuse_change()"
    ),
    "haven_audit_link_refuse_truncate": (
        f"CREATE TRIGGER haven_audit_link_refuse_truncate BEFORE TRUNCATE ON {LINK_TABLE} "
        "FOR EACH STATEMENT EXECUTE FUNCTION haven_audit_refuse_change()"
    ),
}

# Which table each trigger guards (by name): the link table's come with its migration.
_LINK_TRIGGERS = frozenset(
    name for name in (*_SQLITE_TRIGGERS, *_POSTGRES_TRIGGERS) if "_link_" in name
)


def _tables(connection: BaseDatabaseWrapper) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _statements(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The triggers to create: the link table's only once migration audit/0004 has made it
    (migration audit/0002 runs this same code on a database that has no link table yet)."""
    statements = _SQLITE_TRIGGERS if connection.vendor == "sqlite" else _POSTGRES_TRIGGERS
    if LINK_TABLE in _tables(connection):
        return dict(statements)
    return {name: sql for name, sql in statements.items() if name not in _LINK_TRIGGERS}


def expected_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    if connection.vendor == "sqlite":
        return set(_SQLITE_TRIGGERS)
    if connection.vendor == "postgresql":
        return set(_POSTGRES_TRIGGERS)
    raise ImproperlyConfigured(
        f"Haven protects its access log on SQLite and PostgreSQL only, not {connection.vendor}."
    )


def installed_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    found: set[str] = set()
    with connection.cursor() as cursor:
        for table in (AUDIT_TABLE, LINK_TABLE):
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
            else:
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
                    "AND NOT tgisinternal",
                    [table],
                )
            found.update(row[0] for row in cursor.fetchall())
    return found & expected_triggers(connection)


def missing_triggers(connection: BaseDatabaseWrapper) -> set[str]:
    return expected_triggers(connection) - installed_triggers(connection)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (idempotent: existing ones are replaced)."""
    remove(connection)
    statements = _statements(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES_FUNCTION)
        for statement in statements.values():
            cursor.execute(statement)


def remove(connection: BaseDatabaseWrapper) -> None:
    names = expected_triggers(connection)
    tables = _tables(connection)
    with connection.cursor() as cursor:
        for name in sorted(names):
            table = LINK_TABLE if name in _LINK_TRIGGERS else AUDIT_TABLE
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif table in tables:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS haven_audit_refuse_change()")
