"""The hash chain's arithmetic: what each event's hash covers and how it is computed.

Both writing (services) and verifying (integrity) use it; it imports neither.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from haven.audit.models import AuditEvent

GENESIS_HASH = "0" * 64


# The fields a hash covers, in the form both writing and verifying read them.
HASHED_FIELDS = (
    "sequence",
    "occurred_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "ip_address",
    "user_agent",
    "reason",
    "detail",
    "previous_hash",
)


def canonical_payload(fields: Mapping[str, Any]) -> bytes:
    """One unambiguous byte string per event: sorted keys, UTC microseconds, ASCII JSON."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    occurred_at: dt.datetime = payload["occurred_at"]
    payload["occurred_at"] = occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def hash_fields(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_payload(fields)).hexdigest()


def event_hash(event: AuditEvent) -> str:
    return hash_fields({name: getattr(event, name) for name in HASHED_FIELDS})
