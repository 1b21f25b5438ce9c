"""Encryption at rest for special-category fields, and blind indexes for exact-match search.

Keys come from settings (HAVEN_FIELD_KEYS, newest first; HAVEN_BLIND_INDEX_KEY), never from
SECRET_KEY. MultiFernet decrypts with any listed key and encrypts with the first, so adding a
new key at the front and running `manage.py rotate_field_keys` re-encrypts every value.
"""

import hashlib
import hmac
import unicodedata
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

TOKEN_PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("HAVEN_FIELD_KEYS is empty: Haven cannot encrypt case data.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.HAVEN_FIELD_KEYS))


def encrypt_text(plain: str) -> str:
    return TOKEN_PREFIX + fernet().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(TOKEN_PREFIX):
        raise ValueError("Stored value is not an encrypted token.")
    try:
        return fernet().decrypt(stored[len(TOKEN_PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("No configured key can decrypt this value.") from exc


def rotate_token(stored: str) -> str:
    """Re-encrypt a stored token under the newest key (no-op in meaning, new ciphertext)."""
    return TOKEN_PREFIX + fernet().rotate(stored[len(TOKEN_PREFIX) :].encode("ascii")).decode()


def normalise_for_index(value: str) -> str:
    """Case, accents, spacing and punctuation do not matter for an exact-match search."""
    folded = unicodedata.normalize("NFKD", value).casefold()
    kept = "".join(ch for ch in folded if ch.isalnum())
    return kept


def blind_index(value: str | None, *, purpose: str) -> str:
    """A keyed hash of the normalised value: equal inputs match, nothing can be read back.

    `purpose` separates the index spaces, so a name and a postcode that normalise alike
    never collide across fields.
    """
    if not value:
        return ""
    normalised = normalise_for_index(value)
    if not normalised:
        return ""
    key = settings.HAVEN_BLIND_INDEX_KEY.encode()
    return hmac.new(key, f"{purpose}:{normalised}".encode(), hashlib.sha256).hexdigest()[:32]


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; reads give back plain text.

    Not searchable or orderable in the database: pair it with a blind-index column where
    exact-match search is needed.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return decrypt_text(value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        # Comparing ciphertexts is meaningless (each encryption is salted), so only null checks
        # are allowed: anything else is a bug that would silently find nothing.
        if lookup_name not in {"isnull"}:
            raise TypeError(f"EncryptedTextField does not support the '{lookup_name}' lookup.")
        return super().get_lookup(lookup_name)


class EncryptedCharField(EncryptedTextField):
    """Short encrypted values (names, phone numbers); a TextField underneath, with a form size."""

    def __init__(self, *args: Any, max_length: int | None = 200, **kwargs: Any) -> None:
        self.form_max_length = max_length
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.form_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        defaults = {"max_length": self.form_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)
