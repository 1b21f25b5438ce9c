"""Re-encrypt every encrypted field under the newest key: `manage.py rotate_field_keys`.

To rotate: put a new key at the FRONT of HAVEN_FIELD_KEYS (keep the old ones after it), restart,
run this command, then remove the old keys. It finds every EncryptedTextField (and subclass) on
every installed model through the app registry, history tables included, and walks each table
in batches by primary key, one transaction per batch, so memory stays flat and an interrupted
run loses nothing. Values already under the newest key are left alone, so re-running is safe
and cheap. Values stored before encryption was switched on (plain text) are encrypted.

Works on the raw column values, not through the model: nothing is decrypted into a model
instance, no signals or history records fire, and nothing of a value is printed. Uploaded files
are re-encrypted by the apps that keep them (StoredFileKind), again only those not yet under the
newest key. The access log records each run with its counts (`keys.field_keys_rotated`).
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction

from haven.audit.services import record_event
from haven.core.events import FIELD_KEYS_ROTATED
from haven.lib.crypto import (
    EncryptedTextField,
    encrypt_text,
    is_token,
    is_under_newest_key,
    rotate_token,
)
from haven.platform.registries import stored_file_kinds

DEFAULT_BATCH_SIZE = 500


@dataclass(frozen=True)
class EncryptedColumn:
    model: type[models.Model]
    field: EncryptedTextField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def encrypted_columns() -> list[EncryptedColumn]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        for field in meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append(EncryptedColumn(model, field))
    return sorted(found, key=lambda column: column.label)


def rotate_column(column: EncryptedColumn, batch_size: int) -> Counter:
    """Re-encrypt one column; counts by outcome: rotated, current, encrypted, empty, unreadable."""
    quote = connection.ops.quote_name
    meta = column.model._meta
    assert meta.pk is not None and meta.pk.column and column.field.column
    table = quote(meta.db_table)
    pk = quote(meta.pk.column)
    value_column = quote(column.field.column)
    select = (
        f"SELECT {pk}, {value_column} FROM {table} "  # noqa: S608 (quoted names from the registry)
        f"WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
    )
    first = f"SELECT {pk}, {value_column} FROM {table} ORDER BY {pk} LIMIT %s"  # noqa: S608
    # Only if the value is still the one read: a value saved meanwhile by the application is
    # already under the newest key and must not be overwritten with the old one.
    update = (
        f"UPDATE {table} SET {value_column} = %s "  # noqa: S608
        f"WHERE {pk} = %s AND {value_column} = %s"
    )
    counts: Counter = Counter()
    last_pk: Any = None
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            if last_pk is None:
                cursor.execute(first, [batch_size])
            else:
                cursor.execute(select, [last_pk, batch_size])
            rows = cursor.fetchall()
            for row_pk, stored in rows:
                outcome, new_value = _rotated(stored)
                if new_value is not None:
                    cursor.execute(update, [new_value, row_pk, stored])
                    if cursor.rowcount == 0:
                        outcome = "current"
                counts[outcome] += 1
        if len(rows) < batch_size:
            return counts
        last_pk = rows[-1][0]


def _rotated(stored: str | None) -> tuple[str, str | None]:
    if stored is None or stored == "":
        return "empty", None
    if not is_token(stored):
        return "encrypted", encrypt_text(stored)
    if is_under_newest_key(stored):
        return "current", None
    try:
        return "rotated", rotate_token(stored)
    except ValueError:
        return "unreadable", None


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field of every model under the newest HAVEN_FIELD_KEYS key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        existing_tables = set(connection.introspection.table_names())
        columns = []
        for column in encrypted_columns():
            if column.model._meta.db_table in existing_tables:
                columns.append(column)
            else:
                self.stdout.write(f"{column.label}: table not created yet (run migrate), skipped")
        if not columns:
            self.stdout.write("Nothing to re-encrypt: no encrypted field has a table yet.")
            return
        unreadable = []
        totals: Counter = Counter()
        for column in columns:
            counts = rotate_column(column, batch_size)
            totals.update(counts)
            self.stdout.write(
                f"{column.label}: {counts['rotated']} re-encrypted, "
                f"{counts['current']} already under the newest key, "
                f"{counts['encrypted']} encrypted for the first time, {counts['empty']} empty"
                + (f", {counts['unreadable']} UNREADABLE" if counts["unreadable"] else "")
            )
            if counts["unreadable"]:
                unreadable.append(f"{column.label} ({counts['unreadable']})")
        # Files (uploads) are encrypted with the same keys but live on disk, not in a column:
        # each app that keeps some registers how to re-encrypt them.
        files_rotated = 0
        for kind in stored_file_kinds:
            rotated = kind.rotate()
            files_rotated += rotated
            self.stdout.write(f"{kind.label}: {rotated} re-encrypted")
        record_event(
            FIELD_KEYS_ROTATED,
            detail={
                "fields": len(columns),
                **{
                    outcome: totals[outcome]
                    for outcome in ("rotated", "current", "encrypted", "empty", "unreadable")
                },
                "files_rotated": files_rotated,
            },
        )
        if unreadable:
            raise CommandError(
                "Some values could not be decrypted with any configured key and were left as "
                "they are: " + ", ".join(unreadable) + ". Do not remove old keys until this "
                "is resolved (an old key is probably missing from HAVEN_FIELD_KEYS).",
                returncode=1,
            )
