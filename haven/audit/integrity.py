"""Checking the access log: every hash recomputed, every link and sequence number followed.

`verify_chain` walks the whole log in batches by sequence number (keyset pagination), so its
memory use stays the same at a thousand events or ten million.
"""

from dataclasses import dataclass, field

from django.db import connection

from haven.audit import protection
from haven.audit.models import AuditEvent
from haven.audit.services import GENESIS_HASH, HASHED_FIELDS, hash_fields

DEFAULT_BATCH_SIZE = 2000


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    head_sequence: int | None = None
    head_hash: str = ""
    # The first broken link, if any: its sequence number and what is wrong with it.
    broken_at: int | None = None
    problem: str = ""
    missing_triggers: frozenset[str] = field(default_factory=frozenset)

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    @property
    def protected(self) -> bool:
        return not self.missing_triggers

    def summary(self) -> str:
        if not self.intact:
            return f"Access log broken at event {self.broken_at}: {self.problem}"
        return f"Access log intact: {self.events_checked} events"


def verify_chain(batch_size: int = DEFAULT_BATCH_SIZE) -> ChainReport:
    missing = frozenset(protection.missing_triggers(connection))
    checked = 0
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    columns = ("id", *HASHED_FIELDS, "hash")
    while True:
        batch = list(
            AuditEvent.objects.filter(sequence__gte=expected_sequence)
            .order_by("sequence")
            .values(*columns)[:batch_size]
        )
        for row in batch:
            sequence = row["sequence"]
            problem = ""
            if sequence != expected_sequence:
                gap = (
                    f"event {expected_sequence} is missing"
                    if sequence == expected_sequence + 1
                    else f"events {expected_sequence} to {sequence - 1} are missing"
                )
                problem = f"{gap} (removed from the log)"
            elif row["previous_hash"] != previous_hash:
                problem = (
                    f"its link to event {sequence - 1} does not match "
                    "(an earlier event was altered, removed or replaced)"
                )
            elif hash_fields(row) != row["hash"]:
                problem = "its contents no longer match its hash (altered after it was written)"
            if problem:
                return ChainReport(
                    events_checked=checked,
                    broken_at=sequence,
                    problem=problem,
                    missing_triggers=missing,
                )
            checked += 1
            expected_sequence = sequence + 1
            previous_hash = row["hash"]
        if len(batch) < batch_size:
            break
    return ChainReport(
        events_checked=checked,
        head_sequence=expected_sequence - 1 if checked else None,
        head_hash=previous_hash if checked else "",
        missing_triggers=missing,
    )
