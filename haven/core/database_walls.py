"""The walls PostgreSQL itself keeps around Haven's data, checked and (re)applied.

Haven connects as an application role that may read and write rows but must not be able to
change the structure or the access log: whoever owns a table can drop the access log's
triggers, and a role that may connect to the database from anywhere on the server widens who
can try. A restore with `pg_restore` (or an upgrade that adds tables) can leave those walls down
without anything failing, so:

- `manage.py check --deploy --database default` reports every wall that is down for the role
  Haven is connected as (registered in haven/core/checks.py);
- `manage.py apply_database_walls --app-role haven_app`, run as the owner, puts them up again
  and then runs the same checks for the application role.

PostgreSQL only: a SQLite file has no roles (there, whoever can read the file can read it all,
which is why SQLite in production is an explicit opt-in).
"""

import re
from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper

from haven.audit import protection

ROLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,62}")


@dataclass(frozen=True)
class WallDown:
    """One wall that is down: a stable id (for the system check) and a sentence saying what."""

    id: str
    message: str


FIX = (
    "Run `manage.py apply_database_walls --app-role <application role>` as the database owner "
    "(docs/deployment.md)."
)


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _one(connection: BaseDatabaseWrapper, query: str, params: list[str]) -> object:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row = cursor.fetchone()
    return row[0] if row else None


def current_role(connection: BaseDatabaseWrapper) -> str:
    return str(_one(connection, "SELECT current_user", []))


def walls_down(connection: BaseDatabaseWrapper, role: str) -> list[WallDown]:
    """Every wall that is down for `role` (the application's role) in the connected database."""
    found: list[WallDown] = []
    if not _one(connection, "SELECT 1 FROM pg_roles WHERE rolname = %s", [role]):
        return [WallDown("haven.E110", f"There is no database role {role!r}.")]
    if _one(
        connection, "SELECT has_database_privilege('public', current_database(), 'CONNECT')", []
    ):
        found.append(
            WallDown(
                "haven.E111",
                "Every role on the database server may connect to Haven's database "
                "(PUBLIC has CONNECT): REVOKE ALL ON DATABASE ... FROM PUBLIC is missing.",
            )
        )
    if _one(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role]):
        found.append(
            WallDown(
                "haven.E112",
                f"The role {role!r} is a superuser: nothing in the database can stop it.",
            )
        )
    if not _one(connection, "SELECT to_regclass(%s)", [protection.AUDIT_TABLE]):
        found.append(
            WallDown("haven.E113", "The access log's table is missing: run migrate as the owner.")
        )
        return found
    missing = sorted(protection.missing_triggers(connection))
    if missing:
        found.append(
            WallDown(
                "haven.E114",
                "The access log's triggers are missing (" + ", ".join(missing) + "): events "
                "could be changed or removed.",
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND pg_has_role(%s, c.relowner, 'MEMBER') ORDER BY c.relname",
            [role],
        )
        owned = [row[0] for row in cursor.fetchall()]
    if owned:
        shown = ", ".join(owned[:5]) + (f" and {len(owned) - 5} more" if len(owned) > 5 else "")
        found.append(
            WallDown(
                "haven.E115",
                f"The role {role!r} owns Haven's tables ({shown}), so it could drop the access "
                "log's triggers: the tables must belong to the owner role that runs migrations.",
            )
        )
    if _one(connection, "SELECT has_schema_privilege(%s, 'public', 'CREATE')", [role]):
        found.append(
            WallDown(
                "haven.E116",
                f"The role {role!r} may create objects in the schema public.",
            )
        )
    if _one(
        connection,
        "SELECT pg_has_role(%s, datdba, 'MEMBER') FROM pg_database "
        "WHERE datname = current_database()",
        [role],
    ):
        found.append(WallDown("haven.E117", f"The role {role!r} owns Haven's database."))
    # The events, and the records each event touched (a search's cases): both append-only.
    for table in (protection.AUDIT_TABLE, protection.LINK_TABLE):
        if not _one(connection, "SELECT to_regclass(%s)", [table]):
            continue
        changeable = [
            privilege
            for privilege in ("UPDATE", "DELETE", "TRUNCATE")
            if _one(
                connection,
                "SELECT has_table_privilege(%s, %s, %s)",
                [role, table, privilege],
            )
        ]
        if changeable:
            found.append(
                WallDown(
                    "haven.E118",
                    f"The role {role!r} holds {', '.join(changeable)} on the access log ({table}).",
                )
            )
    return found


def tables_not_owned_by_current_role(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S') "
            "AND NOT pg_has_role(current_user, c.relowner, 'MEMBER') ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


def apply_walls(connection: BaseDatabaseWrapper, app_role: str) -> list[str]:
    """Put every wall up for `app_role`, as the owner; returns the statements run, in order.

    Idempotent: granting what is granted and revoking what is not are both no-ops.
    """
    database = quoted(str(connection.settings_dict["NAME"]))
    app = quoted(app_role)
    statements = [
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app}",
        # PostgreSQL 15 no longer lets PUBLIC create in the schema public; older clusters did.
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"REVOKE CREATE ON SCHEMA public FROM {app}",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {protection.AUDIT_TABLE} FROM {app}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {protection.LINK_TABLE} FROM {app}",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    protection.install(connection)
    return [*statements, "access-log triggers installed"]
