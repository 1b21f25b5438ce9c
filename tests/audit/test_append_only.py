"""The access log cannot be edited or emptied through the database, on either engine."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction

from haven.audit import protection
from haven.audit.models import AuditEvent
from haven.audit.services import record_event
from tests.support.flush_permit import DJANGO_EXECUTE_SQL_FLUSH, BaseDatabaseOperations

TABLE = AuditEvent._meta.db_table


def run_raw(statement: str, params: list | None = None) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def event(db) -> AuditEvent:
    record_event("case.viewed", object_type="cases.case", object_id="1")
    return record_event("case.searched", detail={"results": 3})


def test_migrations_installed_every_trigger(db):
    assert protection.missing_triggers(connection) == set()


def test_raw_update_is_refused(event):
    with pytest.raises(IntegrityError, match="append-only"):
        run_raw(f"UPDATE {TABLE} SET reason = %s WHERE id = %s", ["edited", event.pk])
    event.refresh_from_db()
    assert event.reason == ""


def test_raw_delete_is_refused(event):
    with pytest.raises(IntegrityError, match="append-only"):
        run_raw(f"DELETE FROM {TABLE} WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_orm_update_and_delete_are_refused(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="case.edited")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 2


def test_emptying_the_table_is_refused(event):
    # PostgreSQL's TRUNCATE fires no row triggers; a statement trigger refuses it.
    statement = f"TRUNCATE {TABLE}" if connection.vendor == "postgresql" else f"DELETE FROM {TABLE}"
    with pytest.raises(IntegrityError, match="append-only"):
        run_raw(statement)
    assert AuditEvent.objects.count() == 2


def test_manage_py_flush_cannot_empty_the_log_outside_the_test_harness(event):
    harness_flush = BaseDatabaseOperations.execute_sql_flush
    BaseDatabaseOperations.execute_sql_flush = DJANGO_EXECUTE_SQL_FLUSH
    try:
        with pytest.raises(CommandError, match="couldn't be flushed"), transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
    finally:
        BaseDatabaseOperations.execute_sql_flush = harness_flush
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_harness_flush_empties_the_log_and_leaves_it_protected():
    record_event("auth.sign_in")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert protection.missing_triggers(connection) == set()


def test_a_role_that_does_not_own_the_log_can_only_append(db):
    """The production set-up of docs/decisions/0001-access-log.md: the application connects as a
    role that does not own the table, so it cannot drop the triggers either."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no roles: the operating system account is the boundary there.")
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ BEGIN CREATE ROLE haven_app_example NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        cursor.execute(f"GRANT SELECT, INSERT ON {TABLE} TO haven_app_example")
        cursor.execute(f"GRANT USAGE ON SEQUENCE {TABLE}_id_seq TO haven_app_example")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {TABLE} FROM haven_app_example")
        cursor.execute("SET LOCAL ROLE haven_app_example")
    record_event("case.viewed", object_type="cases.case", object_id="1")
    for statement in [
        f"DROP TRIGGER haven_audit_refuse_update_delete ON {TABLE}",
        f"TRUNCATE {TABLE}",
        f"ALTER TABLE {TABLE} DISABLE TRIGGER ALL",
    ]:
        with pytest.raises(ProgrammingError, match=r"must be owner|permission denied"):
            run_raw(statement)
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
    assert AuditEvent.objects.count() == 1
