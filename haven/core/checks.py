"""`manage.py check --deploy --database default`: the database's own walls, on PostgreSQL.

Only with --database (the check connects) and --deploy; SQLite has no roles to check.
"""

from collections.abc import Sequence
from typing import Any

from django.core import checks
from django.db import connections

from haven.core import database_walls


@checks.register(checks.Tags.database, deploy=True)
def check_database_walls(
    app_configs: Sequence[Any] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[checks.CheckMessage]:
    if not databases or "default" not in databases:
        return []
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return []
    role = database_walls.current_role(connection)
    return [
        checks.Error(wall.message, hint=database_walls.FIX, id=wall.id)
        for wall in database_walls.walls_down(connection, role)
    ]
