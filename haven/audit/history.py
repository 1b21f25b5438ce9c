"""What changed between two versions of a record, from django-simple-history's history rows.

For the "changed since you opened it" message, when two people edit the same record:

    from haven.audit.history import changes_since_version

    changed = changes_since_version(plan, opened_version=form.cleaned_data["version"])
    if changed:
        # changed.changes: [FieldChange(label="Code word", before="…", after="…"), ...]
        # changed.changed_by: ["Bob Officer"]; changed.changed_at: the latest change

Values are display text: choices by their label, yes/no for booleans, GOV.UK dates, related
records by their name, "Not given" for empty. They may include case content (the person seeing
the message may edit the record), so never log them or put them in a URL.
"""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models

from haven.lib.dates import format_date, format_datetime

EMPTY = "Not given"
# Bookkeeping, not something a person changed.
ALWAYS_EXCLUDED = frozenset({"version", "updated_at", "created_at", "modified_at"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangesSince:
    changes: list[FieldChange]
    changed_by: list[str] = field(default_factory=list)
    changed_at: dt.datetime | None = None


def display_value(record: models.Model, name: str) -> str:
    """One field of a history record as a person would read it."""
    try:
        model_field = record._meta.get_field(name)
    except FieldDoesNotExist:
        value = getattr(record, name, None)
        return EMPTY if value in (None, "") else str(value)
    if model_field.is_relation and model_field.many_to_one:
        try:
            related = getattr(record, name)
        except ObjectDoesNotExist:
            return "A record that has since been removed"
        return EMPTY if related is None else str(related)
    if not isinstance(model_field, models.Field):  # a reverse relation: not a value of its own
        return EMPTY
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or EMPTY
    return str(value)


def _label(record: Any, name: str) -> str:
    try:
        verbose = record.instance_type._meta.get_field(name).verbose_name
    except (FieldDoesNotExist, AttributeError):
        verbose = name.replace("_", " ")
    text = str(verbose)
    return text[:1].upper() + text[1:]


def what_changed(older: Any, newer: Any, *, exclude: Collection[str] = ()) -> list[FieldChange]:
    """The fields that differ between two history records of one object, in the model's order."""
    delta = newer.diff_against(older, excluded_fields=set(exclude) | ALWAYS_EXCLUDED)
    changed = set(delta.changed_fields)
    order = [f.name for f in newer.instance_type._meta.fields]
    names = sorted(changed, key=lambda name: order.index(name) if name in order else len(order))
    return [
        FieldChange(
            field=name,
            label=_label(newer, name),
            before=display_value(older, name),
            after=display_value(newer, name),
        )
        for name in names
    ]


def _person(record: Any) -> str:
    user = getattr(record, "history_user", None)
    if user is None:
        return "Someone"
    return getattr(user, "full_name", "") or str(user)


def changes_since_version(
    instance: models.Model,
    opened_version: int,
    *,
    version_field: str = "version",
    exclude: Collection[str] = (),
) -> ChangesSince | None:
    """What others changed since the person opened `instance` at `opened_version`.

    None if nothing has been saved since (or the history does not go back that far, in which
    case there is nothing trustworthy to compare with). Three small queries, however long the
    history.
    """
    history = instance.history  # type: ignore[attr-defined]
    newest = history.order_by("-history_date", "-history_id").first()
    opened = (
        history.filter(**{version_field: opened_version})
        .order_by("-history_date", "-history_id")
        .first()
    )
    if newest is None or opened is None or newest.pk == opened.pk:
        return None
    between = history.filter(history_id__gt=opened.pk).select_related("history_user")
    people: list[str] = []
    for record in between.order_by("history_id"):
        person = _person(record)
        if person not in people:
            people.append(person)
    return ChangesSince(
        changes=what_changed(opened, newest, exclude=exclude),
        changed_by=people,
        changed_at=newest.history_date,
    )
