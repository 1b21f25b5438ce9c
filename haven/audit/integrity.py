"""Checking the access log: every hash recomputed, every link and sequence number followed.

`verify_chain` walks the whole log in batches by sequence number (keyset pagination), so its
memory use stays the same at a thousand events or ten million.
"""

from dataclasses import dataclass, field

from django.db import connection

from haven.audit import protection
from haven.audit.chain import GENESIS_HASH, HASHED_FIELDS, hash_fields
from haven.audit.models import AuditEvent

DEFAULT_BATCH_SIZE = 2000


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    # 1 for a complete check; later when the check continued from an earlier complete one.
    from_sequence: int = 1
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
    def complete(self) -> bool:
        return self.from_sequence == 1

    @property
    def protected(self) -> bool:
        return not self.missing_triggers

    def summary(self) -> str:
        if not self.intact:
            return f"Access log broken at event {self.broken_at}: {self.problem}"
        if not self.complete:
            return (
                f"Access log intact from event {self.from_sequence}: "
                f"{self.events_checked} events checked"
            )
        return f"Access log intact: {self.events_checked} events"


def verify_chain(
    batch_size: int = DEFAULT_BATCH_SIZE, *, continue_from: tuple[int, str] | None = None
) -> ChainReport:
    """Check the chain from its start, or from `continue_from` = (sequence, hash) of an event an
    earlier complete check found intact: then only the events after it are walked, which must
    link back to that exact hash."""
    missing = frozenset(protection.missing_triggers(connection))
    checked = 0
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    if continue_from is not None:
        anchor_sequence, anchor_hash = continue_from
        stored = (
            AuditEvent.objects.filter(sequence=anchor_sequence)
            .values_list("hash", flat=True)
            .first()
        )
        if stored != anchor_hash:
            return ChainReport(
                events_checked=0,
                from_sequence=anchor_sequence,
                broken_at=anchor_sequence,
                problem="it has been removed or altered since the last complete check",
                missing_triggers=missing,
            )
        expected_sequence, previous_hash = anchor_sequence + 1, anchor_hash
    first_sequence = expected_sequence
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
                    from_sequence=first_sequence,
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
        from_sequence=first_sequence,
        head_sequence=expected_sequence - 1 if checked or continue_from else None,
        head_hash=previous_hash if checked or continue_from else "",
        missing_triggers=missing,
    )
