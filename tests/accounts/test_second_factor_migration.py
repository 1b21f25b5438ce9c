"""An install from before second factors were encrypted: its django-otp devices (secrets in
plain columns) move to Haven's encrypted ones, keep working, and the clear tables are gone."""

import os

import django_otp
import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from haven.accounts.models import AuthenticatorDevice, RecoveryCodeDevice, User
from haven.lib.crypto import TOKEN_PREFIX
from tests.accounts.conftest import START
from tests.accounts.test_second_factors_at_rest import raw_column, readable_forms_of
from tests.support.accounts import code_for
from tests.support.database_dump import dump_database
from tests.support.processes import migrate_to_latest

# The django-otp plugins Haven used until then, with the migrations an install had applied.
LEGACY_APPS = ["django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
LEGACY_MIGRATIONS = [("otp_totp", "0003_add_timestamps"), ("otp_static", "0003_add_timestamps")]
LEGACY_TABLES = ["otp_static_statictoken", "otp_static_staticdevice", "otp_totp_totpdevice"]
BEFORE = [("accounts", "0001_initial")]
AFTER = [("accounts", "0003_move_second_factors_encrypted")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _fresh_model_caches():
    # Historical models and the legacy apps share the registry's relation caches; a stale cache
    # would give every later test reverse relations that do not exist.
    yield
    django_apps.clear_cache()


def _remove_legacy_traces():
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for table in LEGACY_TABLES:
            if table in existing:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
        cursor.execute("DELETE FROM django_migrations WHERE app IN ('otp_totp', 'otp_static')")


@pytest.mark.django_db(transaction=True)
def test_clear_devices_move_across_encrypted_keep_working_and_the_clear_tables_go(clock):
    key = os.urandom(20).hex()
    tokens = ["abcdefgh", "ijklmnop", "qrstuvwx"]
    step_just_used = int(START.timestamp()) // 30
    try:
        # The database as the previous release left it.
        _migrate(BEFORE)
        with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, *LEGACY_APPS]):
            old = _migrate(LEGACY_MIGRATIONS)
            person = old.get_model("accounts", "User").objects.create(
                email="olu@example.org", full_name="Olu Officer", role="case_officer"
            )
            old.get_model("otp_totp", "TOTPDevice").objects.create(
                user=person,
                name="Authenticator app",
                confirmed=True,
                key=key,
                last_t=step_just_used,
                throttling_failure_count=2,
                throttling_failure_timestamp=START.replace(hour=8),
            )
            codes = old.get_model("otp_static", "StaticDevice").objects.create(
                user=person, name="Recovery codes", confirmed=True
            )
            for token in tokens:
                codes.token_set.create(token=token)

        # The new release: django-otp's plugins are no longer installed.
        _migrate(AFTER)

        assert not set(LEGACY_TABLES) & set(connection.introspection.table_names())
        user = User.objects.get(email="olu@example.org")
        device = AuthenticatorDevice.objects.get(user=user)
        assert (device.name, device.confirmed, device.key) == ("Authenticator app", True, key)
        assert (device.last_t, device.throttling_failure_count) == (step_just_used, 2)
        assert raw_column(AuthenticatorDevice, "key", device.pk).startswith(TOKEN_PREFIX)
        recovery = RecoveryCodeDevice.objects.get(user=user)
        assert sorted(recovery.codes.values_list("code", flat=True)) == tokens

        dump = dump_database()
        assert "olu@example.org" in dump
        assert not [secret for secret in readable_forms_of(key) if secret in dump]
        assert not [token for token in tokens if token in dump]

        # The code of the step already used before the upgrade is still refused; the next works.
        assert django_otp.verify_token(user, device.persistent_id, code_for(device)) is None
        clock.shift(30)
        assert django_otp.verify_token(user, device.persistent_id, code_for(device)) == device
        assert django_otp.verify_token(user, recovery.persistent_id, "ijklmnop") == recovery
        assert sorted(recovery.codes.values_list("code", flat=True)) == ["abcdefgh", "qrstuvwx"]

        # Going back would leave everyone without a second factor: refused.
        with pytest.raises(RuntimeError, match="Restore the backup"):
            _migrate([("accounts", "0002_second_factor_devices")])
        assert AuthenticatorDevice.objects.filter(user=user).exists()
    finally:
        _remove_legacy_traces()
        migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_a_database_that_never_had_django_otp_devices_migrates_cleanly():
    try:
        _migrate([("accounts", "0002_second_factor_devices")])
        _migrate(AFTER)
        assert not set(LEGACY_TABLES) & set(connection.introspection.table_names())
    finally:
        migrate_to_latest()


def test_someone_signed_in_with_a_django_otp_device_passes_the_second_factor_again(
    client_for, alice
):
    # Their session names a device of a plugin that is no longer installed.
    client = client_for(alice)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = "otp_totp.totpdevice/1"
    session.save()
    assert client.get("/")["Location"] == reverse("accounts:two-factor")
    device = alice.authenticatordevice_set.get()
    passed = client.post(reverse("accounts:two-factor"), {"code": code_for(device)})
    assert passed["Location"] == reverse("core:home")
    assert client.get("/").status_code == 200
