"""Move every authenticator app and recovery code off django-otp's clear tables, encrypted.

Until now TOTP secrets and recovery codes sat in plain columns of django-otp's otp_totp and
otp_static tables, so every backup held every account's second factor. Those apps are no longer
installed; here each of their devices becomes one of Haven's (accounts.AuthenticatorDevice,
accounts.RecoveryCodeDevice with its RecoveryCodes), with the secret written through the
encrypted field, and then the old tables are DROPPED, so no clear copy is left in the database
(older backups still hold one: see docs/security.md). Confirmed or not, every device moves: a
person halfway through setting up an app keeps the QR code they may have scanned. Throttling
state and last_t (which refuses a code already used) move too.

The old tables are read with plain SQL because their apps are gone from INSTALLED_APPS (a
migration cannot depend on an app that is not installed). A database that never had them (every
install from now on) has nothing to move.

django_migrations keeps its otp_totp and otp_static rows on purpose: an older release started
against this database then fails on the missing tables, rather than finding no second factor for
anyone and letting each person set up a new one with only their password. Going back across
this migration means restoring the backup taken before the upgrade; the reverse refuses while
any second factor exists, for the same reason.
"""

import datetime as dt

from django.db import migrations
from django.utils.dateparse import parse_datetime

TOTP_TABLE = 'otp_totp_totpdevice'
STATIC_DEVICE_TABLE = 'otp_static_staticdevice'
STATIC_TOKEN_TABLE = 'otp_static_statictoken'  # noqa: S105 (a table name)

DEVICE_COLUMNS = (
    'id',
    'user_id',
    'name',
    'confirmed',
    'throttling_failure_timestamp',
    'throttling_failure_count',
    'created_at',
    'last_used_at',
)
TOTP_COLUMNS = ('key', 'step', 't0', 'digits', 'tolerance', 'drift', 'last_t')
DATETIME_COLUMNS = ('throttling_failure_timestamp', 'created_at', 'last_used_at')


def _aware(value):
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # Django stores UTC where a column has no zone
    return value


def _rows(connection, cursor, table, wanted):
    """Every row of a legacy table as dicts, with only the wanted columns it actually has."""
    present = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    columns = [column for column in wanted if column in present]
    quote = connection.ops.quote_name
    cursor.execute(  # quoted names of known tables and columns only
        f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table)} ORDER BY {quote('id')}"  # noqa: S608
    )
    for values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        for column in DATETIME_COLUMNS:
            if column in row:
                row[column] = _aware(row[column])
        yield row


def _device_fields(row):
    return {
        'user_id': row['user_id'],
        'name': row['name'],
        'confirmed': bool(row['confirmed']),
        'throttling_failure_timestamp': row.get('throttling_failure_timestamp'),
        'throttling_failure_count': row.get('throttling_failure_count') or 0,
        'last_used_at': row.get('last_used_at'),
    }


def _keep_created_at(model, device, row):
    # created_at is auto_now_add, so saving sets it to now: put the original date back.
    if row.get('created_at') is not None:
        model.objects.filter(pk=device.pk).update(created_at=row['created_at'])


def forwards(apps, schema_editor):
    AuthenticatorDevice = apps.get_model('accounts', 'AuthenticatorDevice')
    RecoveryCodeDevice = apps.get_model('accounts', 'RecoveryCodeDevice')
    RecoveryCode = apps.get_model('accounts', 'RecoveryCode')
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if TOTP_TABLE in tables:
            for row in list(_rows(connection, cursor, TOTP_TABLE, DEVICE_COLUMNS + TOTP_COLUMNS)):
                device = AuthenticatorDevice.objects.create(
                    **_device_fields(row), **{c: row[c] for c in TOTP_COLUMNS if c in row}
                )
                _keep_created_at(AuthenticatorDevice, device, row)
        if STATIC_DEVICE_TABLE in tables:
            tokens = {}
            if STATIC_TOKEN_TABLE in tables:
                for row in list(_rows(connection, cursor, STATIC_TOKEN_TABLE, ('id', 'device_id', 'token'))):
                    tokens.setdefault(row['device_id'], []).append(row['token'])
            for row in list(_rows(connection, cursor, STATIC_DEVICE_TABLE, DEVICE_COLUMNS)):
                device = RecoveryCodeDevice.objects.create(**_device_fields(row))
                _keep_created_at(RecoveryCodeDevice, device, row)
                RecoveryCode.objects.bulk_create(
                    RecoveryCode(device=device, code=token) for token in tokens.get(row['id'], [])
                )
    # The token table first: it refers to the static device table.
    for table in (STATIC_TOKEN_TABLE, STATIC_DEVICE_TABLE, TOTP_TABLE):
        if table in tables:
            schema_editor.execute(f'DROP TABLE {schema_editor.quote_name(table)}')


def backwards(apps, schema_editor):
    AuthenticatorDevice = apps.get_model('accounts', 'AuthenticatorDevice')
    RecoveryCodeDevice = apps.get_model('accounts', 'RecoveryCodeDevice')
    if AuthenticatorDevice.objects.exists() or RecoveryCodeDevice.objects.exists():
        raise RuntimeError(
            'Going back would remove every authenticator app and recovery code, and anyone with '
            'a password could then set up a new one. Restore the backup taken before the '
            'upgrade instead.'
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_second_factor_devices'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
