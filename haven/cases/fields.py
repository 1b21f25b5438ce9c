"""Model fields the case records need on top of haven.lib.crypto."""

import datetime as dt
from typing import Any

from django.db import models

from haven.lib.crypto import EncryptedTextField


class EncryptedDateField(EncryptedTextField):
    """A date (such as a date of birth) encrypted at rest; reads give back a `datetime.date`.

    Stored as an encrypted ISO date. Pair it with a blind index for exact-match search.
    """

    description = "Date encrypted at rest"
    # For django-stubs: what a model attribute of this field holds.
    _pyi_private_set_type: dt.date | None  # type: ignore[assignment]
    _pyi_private_get_type: dt.date | None  # type: ignore[assignment]

    def from_db_value(  # type: ignore[override]
        self, value: Any, expression: Any, connection: Any
    ) -> dt.date | None:
        plain = super().from_db_value(value, expression, connection)
        return _as_date(plain)

    def to_python(self, value: Any) -> dt.date | None:
        return _as_date(super().to_python(value))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return super().get_prep_value(value.isoformat())
        return super().get_prep_value(value)

    def value_to_string(self, obj: Any) -> str:
        value: Any = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs: Any) -> Any:
        from haven.lib.govuk_forms import GovukDateField

        # Skip TextField.formfield, which would force a textarea widget.
        defaults = {"form_class": GovukDateField}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)  # type: ignore[arg-type]


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
