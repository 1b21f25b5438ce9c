"""Events of operations (backups, key rotation, database walls) and of the demo installation."""

from haven.platform.registries import EventType

BACKUP_MADE = "backup.made"
FIELD_KEYS_ROTATED = "keys.field_keys_rotated"
DATABASE_WALLS_APPLIED = "database.walls_applied"

EVENT_TYPES = [
    # Counts and formats only: never a path, a file name or anything of the backup's content.
    EventType(BACKUP_MADE, "Database backup made", detail_keys=frozenset({"engine", "size_bytes"})),
    EventType(
        FIELD_KEYS_ROTATED,
        "Encrypted fields and files re-encrypted under the newest key",
        detail_keys=frozenset(
            {"fields", "rotated", "current", "encrypted", "empty", "unreadable", "files_rotated"}
        ),
    ),
    EventType(
        DATABASE_WALLS_APPLIED,
        "Database permissions and access-log triggers re-applied",
        detail_keys=frozenset({"app_role", "walls_down"}),
    ),
    EventType("demo.staff_seeded", "Demo staff created", detail_keys=frozenset({"people", "seed"})),
]
