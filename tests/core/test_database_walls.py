"""PostgreSQL's own walls around Haven's data: checked by `check --deploy --database default`,
put back by `apply_database_walls` (issue 11: a restore left every role able to connect).

These run on PostgreSQL only (SQLite has no roles). Throwaway roles are created inside the
test's transaction, so they vanish with it.
"""

import io
import uuid

import pytest
from django.core import checks
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from haven.audit import protection
from haven.audit.models import AuditEvent
from haven.core import database_walls

pytestmark = pytest.mark.django_db


@pytest.fixture
def app_role(db) -> str:
    if connection.vendor != "postgresql":
        pytest.skip("database roles and grants are PostgreSQL's")
    name = f"haven_test_app_{uuid.uuid4().hex[:10]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} LOGIN")
    return name


def execute(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def ids_for(role: str) -> set[str]:
    return {wall.id for wall in database_walls.walls_down(connection, role)}


def deploy_check_as(role: str) -> set[str]:
    """The errors `check --deploy --database default` reports when Haven connects as `role`."""
    execute(f"SET ROLE {role}")
    try:
        found = checks.run_checks(include_deployment_checks=True, databases=["default"])
    finally:
        execute("RESET ROLE")
    return {message.id for message in found if message.id.startswith("haven.")}


def apply(role: str) -> str:
    out = io.StringIO()
    call_command("apply_database_walls", "--app-role", role, stdout=out)
    return out.getvalue()


def test_a_database_as_created_lets_every_role_connect_and_the_walls_put_that_right(app_role):
    database = connection.settings_dict["NAME"]
    execute(f"GRANT CONNECT ON DATABASE {database_walls.quoted(database)} TO PUBLIC")
    assert "haven.E111" in deploy_check_as(app_role)

    output = apply(app_role)

    assert "Database walls are up" in output
    assert ids_for(app_role) == set()
    assert deploy_check_as(app_role) == set()
    event = AuditEvent.objects.filter(action="database.walls_applied").get()
    assert event.detail == {"app_role": app_role, "walls_down": []}
    # What the walls are for: the application role can read and write cases, not the log.
    execute(f"SET ROLE {app_role}")
    try:
        execute("SELECT count(*) FROM cases_case", "SELECT count(*) FROM audit_auditevent")
        with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
            execute("CREATE TABLE haven_test_intruder (id int)")
    finally:
        execute("RESET ROLE")


def test_applying_twice_changes_nothing(app_role):
    apply(app_role)
    assert "Database walls are up" in apply(app_role)
    assert ids_for(app_role) == set()
    assert protection.missing_triggers(connection) == set()


def test_each_wall_that_is_down_is_reported(app_role):
    apply(app_role)
    database = database_walls.quoted(connection.settings_dict["NAME"])
    execute(
        f"GRANT CONNECT ON DATABASE {database} TO PUBLIC",
        f"GRANT CREATE ON SCHEMA public TO {app_role}",
        f"GRANT UPDATE, TRUNCATE ON audit_auditevent TO {app_role}",
        f"ALTER TABLE cases_case OWNER TO {app_role}",
    )
    protection.remove(connection)

    reported = deploy_check_as(app_role)

    assert reported == {"haven.E111", "haven.E114", "haven.E115", "haven.E116", "haven.E118"}
    messages = {wall.id: wall.message for wall in database_walls.walls_down(connection, app_role)}
    assert "cases_case" in messages["haven.E115"]
    assert "UPDATE, TRUNCATE" in messages["haven.E118"]


def test_the_command_puts_back_what_it_can_and_names_what_it_cannot(app_role):
    execute(f"ALTER TABLE cases_case OWNER TO {app_role}")
    protection.remove(connection)
    with pytest.raises(CommandError, match="still down") as refused:
        apply(app_role)
    # The owner must take the table back; everything else is up again.
    assert "cases_case" in str(refused.value)
    assert ids_for(app_role) == {"haven.E115"}


def test_the_command_refuses_to_run_as_the_application_role_or_for_a_missing_one(app_role):
    with pytest.raises(CommandError, match="There is no database role"):
        apply("haven_no_such_role")
    with pytest.raises(CommandError, match="not a role name"):
        apply('x"; DROP TABLE cases_case; --')
    execute(f"GRANT CONNECT ON DATABASE {connection.settings_dict['NAME']} TO {app_role}")
    execute(f"SET ROLE {app_role}")
    try:
        with pytest.raises(CommandError, match="the application role itself"):
            apply(app_role)
    finally:
        execute("RESET ROLE")


def test_the_check_runs_only_with_deploy_and_database(app_role):
    database = database_walls.quoted(connection.settings_dict["NAME"])
    execute(f"GRANT CONNECT ON DATABASE {database} TO PUBLIC")
    execute(f"SET ROLE {app_role}")
    try:
        without_database = checks.run_checks(include_deployment_checks=True)
        without_deploy = checks.run_checks(databases=["default"])
    finally:
        execute("RESET ROLE")
    assert not [m for m in [*without_database, *without_deploy] if m.id.startswith("haven.E11")]
    assert "haven.E111" in deploy_check_as(app_role)


def test_on_sqlite_the_command_explains_it_has_nothing_to_do(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with pytest.raises(CommandError, match="PostgreSQL's"):
        apply("haven_app")
