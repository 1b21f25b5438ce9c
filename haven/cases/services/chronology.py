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

Notes, incidents, corrections and documents are the case app's own kinds, recorded here.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.cases.models import Case
from haven.cases.models.chronology import (
    ChronologyEntry,
    Document,
    EntryKind,
    Incident,
    PoliceReport,
)
from haven.cases.rules import documents as document_rules
from haven.cases.services.access import case_event
from haven.lib.crypto import fernet, token_is_under_newest_key
from haven.platform.registries import ChronologyKind, chronology_kinds


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


@dataclass(frozen=True)
class StoredDocument:
    document: Document
    content: bytes


@transaction.atomic
def record_note(
    case: Case,
    *,
    actor: Any,
    text: str,
    occurred_at: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ChronologyEntry:
    if not text.strip():
        raise ValueError("A note needs some text.")
    entry = add_entry(
        case,
        kind=EntryKind.NOTE,
        occurred_at=occurred_at or timezone.now(),
        actor=actor,
        narrative=text.strip(),
    )
    case_event(
        "chronology.note_added", case, actor=actor, request=request, detail={"entry": entry.pk}
    )
    return entry


def _police_answer(value: Any) -> str:
    if value is True:
        return PoliceReport.YES
    if value is False:
        return PoliceReport.NO
    if value in (None, ""):
        return PoliceReport.UNKNOWN
    return PoliceReport(value)


@transaction.atomic
def record_incident(
    case: Case,
    *,
    actor: Any,
    occurred_on: dt.date,
    summary: str,
    reported_to_police: bool | str | None,
    crime_reference: str = "",
    request: HttpRequest | None = None,
) -> ChronologyEntry:
    """A new incident: what happened and when, whether the police know, their reference."""
    if occurred_on > timezone.localdate():
        raise ValueError("The date of the incident must be today or in the past.")
    police = _police_answer(reported_to_police)
    entry = add_entry(
        case,
        kind=EntryKind.INCIDENT,
        # The date is what was told; noon keeps it on that day in London whatever the clocks.
        occurred_at=dt.datetime.combine(
            occurred_on, dt.time(12), tzinfo=timezone.get_current_timezone()
        ),
        actor=actor,
        narrative=summary.strip(),
    )
    entry.incident = Incident.objects.create(
        entry=entry,
        incident_date=occurred_on,
        reported_to_police=police,
        crime_reference=crime_reference.strip() if police == PoliceReport.YES else "",
    )
    case_event(
        "chronology.incident_added", case, actor=actor, request=request, detail={"entry": entry.pk}
    )
    return entry


@transaction.atomic
def correct_entry(
    entry: ChronologyEntry,
    *,
    actor: Any,
    text: str,
    request: HttpRequest | None = None,
) -> ChronologyEntry:
    """A new entry, linked to the one it corrects; the original stays as it was written."""
    if not text.strip():
        raise ValueError("Say what was wrong and what is right.")
    correction = add_entry(
        entry.case,
        kind=entry.kind,
        occurred_at=entry.occurred_at,
        actor=actor,
        narrative=text.strip(),
        corrects=entry,
    )
    facts = Incident.objects.filter(entry=entry).first()
    if facts is not None:
        # The correction shows the incident's facts as they stood, as the original does.
        correction.incident = Incident.objects.create(
            entry=correction,
            incident_date=facts.incident_date,
            reported_to_police=facts.reported_to_police,
            crime_reference=facts.crime_reference,
        )
    case_event(
        "chronology.entry_corrected",
        entry.case,
        actor=actor,
        request=request,
        detail={"entry": correction.pk, "corrects": entry.pk},
    )
    return correction


def upload_limit_bytes() -> int:
    return settings.HAVEN_UPLOAD_MAX_MB * 1024 * 1024


def _documents_dir() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "documents"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def store_document(
    case: Case,
    *,
    actor: Any,
    filename: str,
    content: bytes,
    description: str = "",
    request: HttpRequest | None = None,
) -> Document:
    """Check, encrypt and keep an upload; raises UnacceptableDocument with the limits named."""
    kind = document_rules.check_upload(filename, content, max_bytes=upload_limit_bytes())
    stored_name = secrets.token_hex(32)
    path = _documents_dir() / stored_name
    path.write_bytes(fernet().encrypt(content))
    path.chmod(0o600)
    try:
        with transaction.atomic():
            uploaded_at = timezone.now()
            entry = add_entry(
                case,
                kind=EntryKind.DOCUMENT,
                occurred_at=uploaded_at,
                actor=actor,
                narrative=description.strip(),
            )
            document = Document.objects.create(
                case=case,
                entry=entry,
                uploaded_at=uploaded_at,
                kind=kind.key,
                content_type=kind.content_type,
                original_name=document_rules.safe_download_name(filename, kind),
                description=description.strip(),
                stored_name=stored_name,
                size_bytes=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=actor,
            )
            case_event(
                "document.uploaded",
                case,
                actor=actor,
                request=request,
                detail={"document": document.pk, "kind": kind.key, "size_bytes": len(content)},
            )
    except Exception:
        # Nothing in the database points at the file: do not leave it on disk.
        path.unlink(missing_ok=True)
        raise
    return document


def read_document(document: Document, *, actor: Any, request: HttpRequest | None = None) -> bytes:
    """The decrypted file, after logging the download (a failed read is logged too)."""
    case_event(
        "document.downloaded",
        document.case,
        actor=actor,
        request=request,
        detail={"document": document.pk},
    )
    encrypted = (_documents_dir() / document.stored_name).read_bytes()
    return fernet().decrypt(encrypted)


def rotate_document_files() -> int:
    """Re-encrypt every stored upload not yet under the newest field key; returns how many.

    Field values are rotated by `manage.py rotate_field_keys`; uploads live on disk, so they
    need this too before an old key can be retired. A file the newest key already reads is left
    alone, so a second run rewrites nothing. Each file is replaced atomically, so a run that
    stops part-way leaves every file readable, and running it again is safe.
    """
    folder = _documents_dir()
    rotated = 0
    for stored_name in Document.objects.values_list("stored_name", flat=True).iterator():
        path = folder / stored_name
        if not path.exists():
            continue
        stored = path.read_bytes()
        if token_is_under_newest_key(stored):
            continue
        fresh = fernet().rotate(stored)
        temporary = path.with_name(f".{stored_name}.rotating")
        temporary.write_bytes(fresh)
        temporary.chmod(0o600)
        temporary.replace(path)
        rotated += 1
    return rotated
