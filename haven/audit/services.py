"""Writing to the access log. Every read of a case, search, export, print and sign-in comes here."""

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any fixed number: the key of the PostgreSQL advisory lock that serialises chain appends.
CHAIN_LOCK_KEY = 7_240_113


def canonical_payload(
    *,
    sequence: int,
    occurred_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    ip_address: str,
    user_agent: str,
    reason: str,
    detail: dict[str, Any],
    previous_hash: str,
) -> bytes:
    payload = {
        "sequence": sequence,
        "occurred_at": occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "ip_address": ip_address,
        "user_agent": user_agent,
        "reason": reason,
        "detail": detail,
        "previous_hash": previous_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(
        canonical_payload(
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            ip_address=event.ip_address,
            user_agent=event.user_agent,
            reason=event.reason,
            detail=event.detail,
            previous_hash=event.previous_hash,
        )
    ).hexdigest()


def _lock_chain_head() -> None:
    """Serialise appends so that two writers can never both extend the same head.

    SQLite: Haven opens every transaction IMMEDIATE (settings), which already holds the
    database's single write lock. PostgreSQL: a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def request_origin(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "", ""
    # REMOTE_ADDR only: behind the proxy, gunicorn is configured to set it from the trusted
    # proxy's header (docs/deployment.md); a client-supplied X-Forwarded-For is never trusted here.
    ip_address = request.META.get("REMOTE_ADDR", "")[:45]
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    return ip_address, user_agent


def record_event(
    action: str,
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the access log and return it.

    `action` is a dotted name such as "case.viewed", "case.searched", "auth.sign_in_failed".
    `detail` must never hold case content: counts, outcomes and field names only.
    """
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    ip_address, user_agent = request_origin(request)
    actor_id = actor.pk if actor is not None else None
    actor_label = str(getattr(actor, "email", "") or "") if actor is not None else ""

    with transaction.atomic():
        _lock_chain_head()
        head = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, previous_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        event = AuditEvent(
            sequence=sequence,
            occurred_at=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            ip_address=ip_address,
            user_agent=user_agent,
            reason=reason,
            detail=detail or {},
            previous_hash=previous_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
    return event
