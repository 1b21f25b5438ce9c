"""Optimistic locking for records two people may edit at once: save, or say exactly what clashes.

Every editable record (the case, the survivor, household members, perpetrators, the safe-contact
plan) carries a `version` and a change history. A form carries the version it was opened at.
On saving:

- only the fields this person changed (against the version they opened, read from the history)
  are written, so a save never reverts a field someone else changed meanwhile;
- if someone else changed one of those same fields to something different, nothing is saved and
  EditConflict lists each clash: the value now saved, by whom, beside what this person typed;
- anything else the others changed is kept, and reported so the person can be told.

Values in a conflict are display text and may be case content: never log them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from haven.audit.history import _person, display_value


@dataclass(frozen=True)
class Conflict:
    field: str
    label: str
    theirs: str
    yours: str
    by: str


class EditConflict(Exception):
    """Someone else changed the same fields: nothing was saved.

    `current` is the record as it is now, `yours` what this person changed: a page shows the
    form again from `current` with `yours` laid over it, at `current.version`, so saving again
    is a deliberate choice made after seeing the other person's values.
    """

    def __init__(self, conflicts: list[Conflict], current: Any, yours: dict[str, Any]) -> None:
        self.conflicts = conflicts
        self.current = current
        self.yours = yours
        super().__init__("The record was changed by someone else since it was opened.")

    @property
    def current_version(self) -> int:
        return int(self.current.version)

    def merged(self) -> Any:
        """The current record with this person's changes laid over it (not saved)."""
        for name, value in self.yours.items():
            setattr(self.current, name, value)
        return self.current


@dataclass
class Saved:
    record: Any
    changed: list[str]
    # Fields someone else changed since the record was opened, kept as they saved them.
    kept_from_others: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)

    def kept_message(self) -> str:
        """What to tell the person when others' changes were kept beside theirs ("" if none)."""
        if not self.kept_from_others:
            return ""
        who = ", ".join(self.others) or "Someone else"
        changed = ", ".join(label[:1].lower() + label[1:] for label in self.kept_from_others)
        return (
            f"{who} also changed {changed} since you opened the page. "
            "Their changes are kept as well as yours."
        )


def comparable(value: Any) -> Any:
    """Values as a person means them: surrounding spaces, None and "" alike; order of a choice
    list does not matter."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple | set):
        return sorted(comparable(item) for item in value)
    return value


def differs(a: Any, b: Any) -> bool:
    return comparable(a) != comparable(b)


def _opened_record(current: Any, version: int) -> Any | None:
    return current.history.filter(version=version).order_by("-history_date", "-history_id").first()


def _people_since(current: Any, opened: Any | None) -> list[str]:
    if opened is None:
        return []
    people: list[str] = []
    later = current.history.filter(history_id__gt=opened.pk).select_related("history_user")
    for record in later.order_by("history_id"):
        person = _person(record)
        if person not in people:
            people.append(person)
    return people


def save_versioned(
    model: type[models.Model],
    pk: Any,
    *,
    fields: Sequence[str],
    submitted: dict[str, Any],
    opened_version: int,
    actor: Any = None,
    before_save: Callable[[Any, list[str]], None] | None = None,
) -> Saved:
    """Write this person's changes to the record `pk`, or raise EditConflict (nothing saved).

    `submitted` holds every field of the form; `fields` are the ones it edits. `before_save`
    may set bookkeeping (who updated it) on the record about to be saved.
    """
    with transaction.atomic():
        current: Any = model._default_manager.select_for_update().get(pk=pk)
        if current.version == opened_version:
            mine = {
                name: submitted[name]
                for name in fields
                if differs(submitted[name], getattr(current, name))
            }
            theirs: set[str] = set()
            opened = None
        else:
            opened = _opened_record(current, opened_version)
            if opened is None:
                # The history does not reach back to what was opened: compare with what is
                # saved now, and treat every difference as a possible clash.
                mine = {
                    name: submitted[name]
                    for name in fields
                    if differs(submitted[name], getattr(current, name))
                }
                theirs = set(mine)
            else:
                mine = {
                    name: submitted[name]
                    for name in fields
                    if differs(submitted[name], getattr(opened, name))
                }
                theirs = {
                    name
                    for name in fields
                    if differs(getattr(current, name), getattr(opened, name))
                }
        clashes = [
            name for name in mine if name in theirs and differs(mine[name], getattr(current, name))
        ]
        if clashes:
            by = ", ".join(_people_since(current, opened)) or "Someone else"
            preview = model(**{name: mine[name] for name in clashes})
            raise EditConflict(
                [
                    Conflict(
                        field=name,
                        label=_label_of(model, name),
                        theirs=display_value(current, name),
                        yours=display_value(preview, name),
                        by=by,
                    )
                    for name in clashes
                ],
                current=current,
                yours=mine,
            )
        others = _people_since(current, opened)
        for name, value in mine.items():
            setattr(current, name, value)
        current.version += 1
        if before_save is not None:
            before_save(current, list(mine))
        current._change_reason = "Edited"
        if actor is not None:
            # Who saved it, in the change history, however the save was reached.
            current._history_user = actor
        current.save()
        kept = [name for name in fields if name in theirs and name not in mine]
        return Saved(
            record=current,
            changed=list(mine),
            kept_from_others=[_label_of(model, name) for name in kept],
            others=others if kept else [],
        )


def _label_of(model: type[models.Model], name: str) -> str:
    model_field = model._meta.get_field(name)
    text = str(getattr(model_field, "verbose_name", name.replace("_", " ")))
    return text[:1].upper() + text[1:]
