"""Encryption at rest for special-category fields, and blind indexes for exact-match search.

Keys come from settings (HAVEN_FIELD_KEYS, newest first; HAVEN_BLIND_INDEX_KEY), never from
SECRET_KEY. MultiFernet decrypts with any listed key and encrypts with the first, so adding a
new key at the front and running `manage.py rotate_field_keys` re-encrypts every value.
"""

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

TOKEN_PREFIX = "fernet:"  # noqa: S105 (a format marker, not a secret)


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
    if not is_token(stored):
        raise ValueError("Stored value is not an encrypted token.")
    try:
        return fernet().decrypt(stored[len(TOKEN_PREFIX) :].encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise ValueError("No configured key can decrypt this value.") from exc


def is_token(stored: object) -> bool:
    return isinstance(stored, str) and stored.startswith(TOKEN_PREFIX)


def is_under_newest_key(stored: str) -> bool:
    """Whether the newest key alone decrypts this token (re-encrypting it would change nothing)."""
    try:
        return token_is_under_newest_key(stored[len(TOKEN_PREFIX) :].encode("ascii"))
    except UnicodeError:
        return False


def token_is_under_newest_key(token: bytes) -> bool:
    """Whether the newest key alone decrypts a raw Fernet token (an encrypted file, say).

    Fernet tokens do not say which key made them: trying the newest key alone is the only way to
    know that re-encrypting would change nothing.
    """
    try:
        Fernet(settings.HAVEN_FIELD_KEYS[0].encode()).decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate_token(stored: str) -> str:
    """Re-encrypt a stored token under the newest key (same meaning, new ciphertext)."""
    if not is_token(stored):
        raise ValueError("Stored value is not an encrypted token.")
    try:
        rotated = fernet().rotate(stored[len(TOKEN_PREFIX) :].encode("ascii"))
    except (InvalidToken, UnicodeError) as exc:
        raise ValueError("No configured key can decrypt this value.") from exc
    return TOKEN_PREFIX + rotated.decode("ascii")


def normalise_for_index(value: str) -> str:
    """Case, accents, spacing and punctuation do not matter for an exact-match search.

    Decompose, fold case, decompose again (folding can produce characters that decompose
    further, such as "ǰ"), then keep letters and digits only: accents are combining marks and
    go, so "Zoë O'Brien" and "zoe obrien" index alike.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", value).casefold())
    return "".join(ch for ch in folded if ch.isalnum())


PURPOSE_PATTERN = re.compile(r"[a-z][a-z0-9_.-]*")


def blind_index(value: str | None, *, purpose: str) -> str:
    """A keyed hash of the normalised value: equal inputs match, nothing can be read back.

    `purpose` separates the index spaces, so a name and a postcode that normalise alike
    never collide across fields.
    """
    if not PURPOSE_PATTERN.fullmatch(purpose):
        # A fixed, simple name per indexed field: it is part of what is hashed.
        raise ValueError(f"Blind index purpose {purpose!r} must be a lower-case name.")
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

    # No to_python override: values are decrypted only where they come from the database
    # (from_db_value). Decrypting in to_python would treat typed text that happens to start
    # with the token prefix as ciphertext, and turn a form submission into a server error.

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
        if max_length is not None:
            # The column holds ciphertext, far longer than the value: the limit is checked on
            # the plain text by model validation and forms instead of by the database.
            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.form_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        defaults: dict[str, Any] = {"max_length": self.form_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)
