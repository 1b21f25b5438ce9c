"""Encryption at rest: what is stored, what is read back, key rotation and blind indexes."""

import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django import forms
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from haven.core.management.commands import rotate_field_keys
from haven.lib.crypto import (
    EncryptedCharField,
    EncryptedTextField,
    blind_index,
    normalise_for_index,
)
from haven.lib.local_keys import load_or_create_local_keys

REPO = Path(__file__).resolve().parents[2]
NARRATIVE = "Survivor moved to 14 Example Close, EX1 2MP; call only after 6pm"


@pytest.fixture
def note_model(transactional_db):
    """A model defined only for these tests, with its own table for the length of a test.

    It lives in an isolated app registry, which the rotation command is pointed at, so the
    command's own model discovery is what finds it.
    """
    with isolate_apps("haven.audit") as registry:

        class SecretNote(models.Model):
            body = EncryptedTextField(blank=True, null=True)
            name = EncryptedCharField(max_length=20, blank=True)
            label = models.CharField(max_length=20, blank=True)

            class Meta:
                app_label = "audit"
                db_table = "test_crypto_secret_note"

            def __str__(self) -> str:
                return f"Secret note {self.pk}"

        with connection.schema_editor() as editor:
            editor.create_model(SecretNote)
        try:
            yield SecretNote, registry
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(SecretNote)


def raw_values(model, column: str = "body") -> list:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def rotate(registry, monkeypatch, **options) -> str:
    monkeypatch.setattr(rotate_field_keys, "apps", registry)
    out = StringIO()
    call_command("rotate_field_keys", stdout=out, **options)
    return out.getvalue()


# --- Storing and reading -------------------------------------------------------------------------


def test_values_read_back_exactly_as_written(note_model):
    Note, _ = note_model
    note = Note.objects.create(body=NARRATIVE, name="Zoë Ní Bhriain", label="x")
    fetched = Note.objects.get(pk=note.pk)
    assert fetched.body == NARRATIVE
    assert fetched.name == "Zoë Ní Bhriain"


def test_the_database_holds_no_plain_text(note_model):
    Note, _ = note_model
    Note.objects.create(body=NARRATIVE, name="Zoë")
    Note.objects.create(body=NARRATIVE, name="Zoë")
    first, second = raw_values(Note)
    assert first.startswith("fernet:")
    assert "Example Close" not in first
    assert "EX1" not in first
    # Salted: equal values do not look equal at rest, so nothing can be learnt by comparing.
    assert first != second
    assert "Zoë" not in "".join(raw_values(Note, "name"))


def test_empty_and_missing_values_stay_empty(note_model):
    Note, _ = note_model
    note = Note.objects.create(body=None, name="")
    assert raw_values(Note) == [None]
    fetched = Note.objects.get(pk=note.pk)
    assert fetched.body is None
    assert fetched.name == ""


def test_typed_text_that_looks_like_a_token_is_stored_as_text(note_model):
    """Someone may type anything; it must never be mistaken for ciphertext (no server error)."""
    Note, _ = note_model
    note = Note(body="fernet:gAAAA-not-a-token", name="fernet:x")
    note.full_clean()
    note.save()
    assert Note.objects.get(pk=note.pk).body == "fernet:gAAAA-not-a-token"


@pytest.mark.parametrize(
    "lookup",
    [{"body": "x"}, {"body__icontains": "x"}, {"body__in": ["x"]}, {"name__startswith": "Z"}],
)
def test_searching_inside_encrypted_text_is_refused(note_model, lookup):
    Note, _ = note_model
    with pytest.raises(TypeError, match="does not support"):
        list(Note.objects.filter(**lookup))


def test_checking_for_a_missing_value_still_works(note_model):
    Note, _ = note_model
    Note.objects.create(body=None)
    Note.objects.create(body="present")
    assert Note.objects.filter(body__isnull=True).count() == 1


def test_short_encrypted_fields_limit_the_typed_length(note_model):
    Note, _ = note_model
    with pytest.raises(ValidationError) as error:
        Note(name="x" * 21).full_clean()
    assert "at most 20 characters" in str(error.value)
    field = Note._meta.get_field("name").formfield()
    assert isinstance(field.widget, forms.TextInput)
    assert field.max_length == 20


# --- Keys and rotation ----------------------------------------------------------------------------


def test_values_written_under_an_old_key_read_after_a_new_key_is_added(note_model, settings):
    Note, _ = note_model
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [old_key]
    note = Note.objects.create(body=NARRATIVE)
    settings.HAVEN_FIELD_KEYS = [new_key, old_key]
    assert Note.objects.get(pk=note.pk).body == NARRATIVE
    # New writes use the new key only.
    Note.objects.create(body="written later")
    later = raw_values(Note)[1].removeprefix("fernet:").encode()
    assert Fernet(new_key.encode()).decrypt(later) == b"written later"


def test_rotation_re_encrypts_everything_so_the_old_key_can_go(note_model, settings, monkeypatch):
    Note, registry = note_model
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [old_key]
    for n in range(5):
        Note.objects.create(body=f"{NARRATIVE} ({n})", name=f"Name {n}" if n % 2 else "")
    before = raw_values(Note)
    settings.HAVEN_FIELD_KEYS = [new_key, old_key]

    output = rotate(registry, monkeypatch, batch_size=2)

    assert "audit.SecretNote.body: 5 re-encrypted, 0 already under the newest key" in output
    assert "audit.SecretNote.name: 2 re-encrypted, 0 already under the newest key" in output
    assert "3 empty" in output
    assert set(raw_values(Note)).isdisjoint(before)
    settings.HAVEN_FIELD_KEYS = [new_key]
    assert sorted(note.body for note in Note.objects.all()) == [
        f"{NARRATIVE} ({n})" for n in range(5)
    ]


def test_rotation_is_safe_to_run_again(note_model, settings, monkeypatch):
    Note, registry = note_model
    Note.objects.create(body=NARRATIVE)
    rotate(registry, monkeypatch)
    stored = raw_values(Note)
    output = rotate(registry, monkeypatch)
    assert "audit.SecretNote.body: 0 re-encrypted, 1 already under the newest key" in output
    assert raw_values(Note) == stored


def test_rotation_encrypts_values_stored_before_encryption(note_model, monkeypatch):
    Note, registry = note_model
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Note._meta.db_table} (body, name, label) VALUES (%s, %s, %s)",
            ["legacy plain text", "", ""],
        )
    output = rotate(registry, monkeypatch)
    assert "1 encrypted for the first time" in output
    assert raw_values(Note)[0].startswith("fernet:")
    assert Note.objects.get().body == "legacy plain text"


def test_rotation_names_values_no_key_can_read_and_leaves_them(note_model, settings, monkeypatch):
    Note, registry = note_model
    lost_key = Fernet.generate_key().decode()
    settings.HAVEN_FIELD_KEYS = [lost_key]
    Note.objects.create(body=NARRATIVE)
    unreadable = raw_values(Note)
    settings.HAVEN_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match=r"audit.SecretNote.body \(1\)") as failure:
        rotate(registry, monkeypatch)
    assert "Do not remove old keys" in str(failure.value)
    assert raw_values(Note) == unreadable


def test_rotation_finds_encrypted_fields_across_installed_apps():
    columns = {column.label for column in rotate_field_keys.encrypted_columns()}
    assert all("." in label for label in columns)
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField) and not model._meta.proxy:
                assert f"{model._meta.label}.{field.name}" in columns


# --- Blind indexes ---------------------------------------------------------------------------------

ACCENTED = {"a": "áàâä", "e": "éèêë", "i": "íìîï", "o": "óòôö", "u": "úùûü", "c": "ç", "n": "ñ"}
base_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=20)


@st.composite
def written_differently(draw, word: str) -> str:
    """The same letters as someone else might type them: any case, accents, spaces, hyphens."""
    out = []
    for ch in word:
        if ch in ACCENTED and draw(st.booleans()):
            ch = draw(st.sampled_from(ACCENTED[ch]))
        if draw(st.booleans()):
            ch = ch.upper()
        out.append(ch)
        out.append(draw(st.sampled_from(["", "", " ", "-", "'", ".", "  "])))
    return draw(st.sampled_from(["", " ", "\t"])) + "".join(out)


@given(data=st.data(), word=base_words)
def test_blind_index_ignores_case_spacing_punctuation_and_accents(data, word):
    typed = data.draw(written_differently(word))
    assert blind_index(typed, purpose="survivor.name") == blind_index(word, purpose="survivor.name")


@given(word=base_words)
def test_blind_index_keeps_purposes_apart(word):
    assert blind_index(word, purpose="survivor.name") != blind_index(word, purpose="postcode")


@given(words=st.lists(st.text(min_size=1, max_size=30), min_size=2, max_size=40))
def test_distinct_values_get_distinct_indexes(words):
    distinct = {normalise_for_index(word) for word in words} - {""}
    indexes = {blind_index(word, purpose="name") for word in distinct}
    assert len(indexes) == len(distinct)


def test_blind_index_reveals_nothing_of_the_value_and_depends_on_the_key(settings):
    index = blind_index("EX1 2MP", purpose="postcode")
    assert "ex12mp" not in index.lower()
    assert len(index) == 32
    settings.HAVEN_BLIND_INDEX_KEY = "another-key"
    assert blind_index("EX1 2MP", purpose="postcode") != index


@pytest.mark.parametrize("value", [None, "", "   ", "--'."])
def test_blank_values_have_no_index(value):
    assert blind_index(value, purpose="phone") == ""


@pytest.mark.parametrize("purpose", ["", "Name", "name:postcode", "a b"])
def test_a_purpose_must_be_a_simple_name(purpose):
    with pytest.raises(ValueError, match="purpose"):
        blind_index("x", purpose=purpose)


def test_normalisation_examples():
    assert normalise_for_index("  Zoë O'Brien-Smith ") == "zoeobriensmith"
    assert normalise_for_index("STRAßE") == normalise_for_index("strasse")
    assert normalise_for_index("07700 900 123") == "07700900123"


# --- Keys at start-up --------------------------------------------------------------------------------


def start_django(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "SECRET_KEY"))}
    clean.update(HAVEN_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="haven.settings")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# Production's refusals (missing and malformed keys among them) are tested in
# tests/core/test_settings_production.py.


@pytest.mark.parametrize("env_name", ["development", "demo"])
def test_development_and_demo_generate_private_local_keys_once(tmp_path, env_name):
    key_file = tmp_path / "var" / "local-keys.json"
    assert start_django(tmp_path, HAVEN_ENV=env_name).returncode == 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    first = key_file.read_text()
    assert start_django(tmp_path, HAVEN_ENV=env_name).returncode == 0
    assert key_file.read_text() == first


def test_a_local_key_file_with_loose_permissions_is_made_private(tmp_path):
    path = tmp_path / "local-keys.json"
    keys = load_or_create_local_keys(path)
    path.chmod(0o644)
    assert load_or_create_local_keys(path) == keys
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
