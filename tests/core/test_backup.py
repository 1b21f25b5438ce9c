"""`manage.py backup`: a new file only its owner can read, never over an old one, logged without
content (issue 11: backups came out world-readable)."""

import io
import os
import shutil
import sqlite3
import stat
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from haven.audit.models import AuditEvent

# Committed data, as in a real run: SQLite's online backup waits for any open write transaction
# to end, and the usual test transaction never would.
pytestmark = pytest.mark.django_db(transaction=True)


def backup(path) -> str:
    out = io.StringIO()
    call_command("backup", "--output", str(path), stdout=out)
    return out.getvalue()


def test_a_backup_is_readable_only_by_its_owner_whatever_the_umask(tmp_path, alice):
    path = tmp_path / "haven.backup"
    previous = os.umask(0o022)
    try:
        output = backup(path)
        assert os.umask(0o022) == 0o022  # the command put the caller's umask back
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert str(path) in output


def test_the_backup_holds_the_database(tmp_path, alice):
    path = tmp_path / "haven.backup"
    backup(path)
    if connection.vendor == "sqlite":
        with sqlite3.connect(path) as copy:
            assert copy.execute("SELECT count(*) FROM accounts_user").fetchone()[0] >= 1
    else:
        listing = subprocess.run(  # noqa: S603
            [shutil.which("pg_restore") or "pg_restore", "--list", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "TABLE DATA public audit_auditevent" in listing
        assert "TABLE DATA public cases_case" in listing


def test_a_backup_never_overwrites_a_file(tmp_path):
    path = tmp_path / "haven.backup"
    path.write_text("last night's backup")
    with pytest.raises(CommandError, match="already exists"):
        backup(path)
    assert path.read_text() == "last night's backup"
    assert not AuditEvent.objects.filter(action="backup.made").exists()


def test_each_backup_is_in_the_access_log_with_its_size_only(tmp_path):
    path = tmp_path / "haven.backup"
    backup(path)
    event = AuditEvent.objects.get(action="backup.made")
    assert event.detail == {"engine": connection.vendor, "size_bytes": path.stat().st_size}
    assert str(tmp_path) not in str(event.detail)


def test_a_failed_backup_leaves_no_file(tmp_path, monkeypatch):
    path = tmp_path / "haven.backup"
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "NAME", "haven_no_such_database")
        with pytest.raises(CommandError, match="pg_dump failed"):
            backup(path)
    else:
        monkeypatch.setattr(
            "haven.core.management.commands.backup.sqlite3.connect",
            lambda *a, **k: (_ for _ in ()).throw(sqlite3.OperationalError("disk full")),
        )
        with pytest.raises(sqlite3.OperationalError):
            backup(path)
    assert not path.exists()
