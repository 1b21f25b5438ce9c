"""The chronology as a bottom layer: the one place entries are written, of registered kinds only.

Any app adds an entry of a kind it registered in `haven.platform.registries.chronology_kinds`,
then links its own row to the entry (a one-to-one field on its model, named in the kind's
`related`), so the entry table never grows a column for one kind:

    entry = chronology.add_entry(
        case, kind="marac_referral", occurred_at=now, narrative=text, actor=request.user
    )
    Referral.objects.create(case=case, entry=entry, ...)

Entries are immutable (the model refuses changes); a mistake is put right by a new entry that
`corrects` the old one. These functions write no access-log event: the service that calls them
records the one event for the whole change, in its own transaction.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from haven.cases.models import Case
from haven.cases.models.chronology import ChronologyEntry
from haven.platform.registries import ChronologyKind, chronology_kinds

__all__ = [
    "UnregisteredKind",
    "add_entries",
    "add_entry",
    "entries_for",
    "kind_choices",
    "kinds_by_key",
    "related_names",
]


class UnregisteredKind(ValueError):
    """An entry of a kind no app registered: it could not be shown, filtered or labelled."""


def _check_kind(kind: str) -> None:
    if kind not in chronology_kinds:
        raise UnregisteredKind(
            f"{kind!r} is not a registered chronology kind: register a ChronologyKind in "
            "haven.platform.registries.chronology_kinds (from the owning app's ready()) first."
        )


def add_entry(
    case: Case,
    *,
    kind: str,
    occurred_at: dt.datetime,
    narrative: str,
    actor: Any,
    recorded_at: dt.datetime | None = None,
    corrects: ChronologyEntry | None = None,
) -> ChronologyEntry:
    """Write one entry of a registered `kind` on `case`; refuses an unregistered kind."""
    _check_kind(kind)
    if corrects is not None and corrects.case_id != case.pk:
        raise ValueError("A correction belongs to the same case as the entry it corrects.")
    return ChronologyEntry.objects.create(
        case=case,
        kind=kind,
        occurred_at=occurred_at,
        recorded_at=recorded_at or timezone.now(),
        recorded_by=actor,
        narrative=narrative,
        corrects=corrects,
    )


def add_entries(
    entries: Sequence[ChronologyEntry], *, batch_size: int = 500
) -> list[ChronologyEntry]:
    """The bulk twin of add_entry (demo and benchmark data): new, unsaved entries of registered
    kinds, inserted in batches; returns them with their primary keys set."""
    for kind in {entry.kind for entry in entries}:
        _check_kind(kind)
    if any(entry.pk is not None for entry in entries):
        raise ValueError("Only new entries can be added: entries cannot be changed.")
    return ChronologyEntry.objects.bulk_create(entries, batch_size=batch_size)


def kinds_by_key() -> dict[str, ChronologyKind]:
    return {kind.key: kind for kind in chronology_kinds}


def kind_choices() -> list[tuple[str, str]]:
    """Every registered kind as (key, label), in the registry's order (for a filter)."""
    return [(kind.key, kind.label) for kind in chronology_kinds]


def related_names() -> list[str]:
    """The owning models' reverse names every registered kind needs beside its entries."""
    names: list[str] = []
    for kind in chronology_kinds:
        names.extend(name for name in kind.related if name not in names)
    return names


def entries_for(case: Case, kinds: Iterable[str] = ()) -> QuerySet[ChronologyEntry]:
    """A case's entries, newest first, with everything their cards show, in a fixed number of
    queries however many there are: each kind's own rows (`related`), who recorded them, what
    they correct and what corrects them."""
    entries = (
        ChronologyEntry.objects.filter(case=case)
        .select_related("recorded_by", "corrects", "corrects__recorded_by", *related_names())
        .annotate(is_corrected=Exists(ChronologyEntry.objects.filter(corrects=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=ChronologyEntry.objects.select_related("recorded_by").order_by(
                    "recorded_at", "id"
                ),
            )
        )
        .order_by("-occurred_at", "-id")
    )
    wanted = list(kinds)
    if wanted:
        entries = entries.filter(kind__in=wanted)
    return entries
