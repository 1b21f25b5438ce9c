"""Writing to the access log. Every read of a case, search, export, print and sign-in comes here."""

import ipaddress
import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.chain import GENESIS_HASH, event_hash
from haven.audit.events import CHAIN_CHECKED
from haven.audit.integrity import DEFAULT_BATCH_SIZE, ChainReport, verify_chain
from haven.audit.models import AuditEvent, AuditEventLink
from haven.platform.registries import event_types

logger = logging.getLogger(__name__)

# Any fixed number: the key of the PostgreSQL advisory lock that serialises chain appends.
CHAIN_LOCK_KEY = 7_240_113

__all__ = [
    "CHAIN_CHECKED",
    "GENESIS_HASH",
    "UnregisteredEvent",
    "event_hash",
    "link_records",
    "record_event",
]


class UnregisteredEvent(ValueError):
    """An event no app declared, or a detail key its declaration does not allow."""


def _as_stored_json(detail: dict[str, Any] | None) -> dict[str, Any]:
    """`detail` as the database will give it back (tuples become lists, keys strings), so the
    hash computed now is the hash recomputed on verification. NaN and infinity are refused:
    PostgreSQL's jsonb cannot hold them."""
    return json.loads(json.dumps(detail or {}, allow_nan=False, default=str))


def _check_declared(action: str, detail: Mapping[str, Any] | None) -> None:
    """Refuse what no app declared: outside production at once (tests fail), in production by
    logging the mistake and writing the event anyway (the trail matters more than its shape)."""
    if action not in event_types:
        problem = f"No app declares the access-log event {action!r}."
    else:
        undeclared = sorted(set(detail or {}) - event_types.get(action).detail_keys)
        if not undeclared:
            return
        problem = f"The access-log event {action!r} does not declare the detail {undeclared}."
    if settings.HAVEN_STRICT_REGISTRIES:
        raise UnregisteredEvent(problem)
    logger.error(problem)


def _lock_chain_head() -> None:
    """Serialise appends so that two writers can never both extend the same head.

    SQLite: Haven opens every transaction IMMEDIATE (settings), which already holds the
    database's single write lock. PostgreSQL: a transaction-scoped advisory lock.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def client_address(meta: dict[str, Any]) -> str:
    """The address a request came from, as far as it can be trusted.

    Behind nginx, REMOTE_ADDR is the proxy's own address. Only when the request really came from
    a proxy named in HAVEN_TRUSTED_PROXIES is its X-Real-IP header believed (and only if it is an
    address): a client talking to Haven directly could write anything in that header.
    """
    peer = str(meta.get("REMOTE_ADDR", ""))
    if peer in settings.HAVEN_TRUSTED_PROXIES:
        forwarded = str(meta.get("HTTP_X_REAL_IP", "")).strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return peer[:45]


def request_origin(request: HttpRequest | None) -> tuple[str, str]:
    if request is None:
        return "", ""
    user_agent = request.META.get("HTTP_USER_AGENT", "")[:200]
    return client_address(request.META), user_agent


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
    `detail` must never hold case content: counts, outcomes and field names only. The action
    and its detail keys must be declared by an app (haven.platform.registries.EventType).
    """
    _check_declared(action, detail)
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    ip_address, user_agent = request_origin(request)
    actor_id = actor.pk if actor is not None else None
    actor_label = str(getattr(actor, "email", "") or "") if actor is not None else ""
    stored_detail = _as_stored_json(detail)

    with transaction.atomic():
        _lock_chain_head()
        head = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, previous_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
        event = AuditEvent(
            sequence=sequence,
            occurred_at=timezone.now(),
            actor_id=actor_id,
            # Cut to the column sizes, so that PostgreSQL and SQLite store (and hash) the same.
            actor_label=actor_label[:200],
            action=action[:60],
            object_type=object_type[:60],
            object_id=str(object_id)[:60],
            ip_address=ip_address,
            user_agent=user_agent,
            # PostgreSQL text cannot hold NUL; dropping it keeps both engines' hashes equal.
            reason=reason.replace("\x00", ""),
            detail=stored_detail,
            previous_hash=previous_hash,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
    return event


def _check_link_declared(action: str, relation: str) -> None:
    declared = (
        {name for name, _ in event_types.get(action).links} if action in event_types else set()
    )
    if relation in declared:
        return
    problem = f"The access-log event {action!r} does not declare the link {relation!r}."
    if settings.HAVEN_STRICT_REGISTRIES:
        raise UnregisteredEvent(problem)
    logger.error(problem)


# Stands in for "no record" in an IN list: primary keys start at 1, so it matches nothing,
# and the list is never empty (an empty IN list is not valid SQL on PostgreSQL).
_NO_RECORD = -1


def link_records(
    event: AuditEvent, model: type[models.Model], relation: str, ids: Iterable[int]
) -> None:
    """Record that `event` touched each of these records of `model` (a search and the cases
    it returned), for their access history.

    Always exactly one INSERT ... SELECT statement, whether there are no records or fifty: a
    caller that links records the person may not see (cases a search matched out of their
    scope) must take the same time with and without them, so no response time tells.
    """
    _check_link_declared(event.action, relation)
    wanted = sorted({int(pk) for pk in ids}) or [_NO_RECORD]
    link_table = connection.ops.quote_name(AuditEventLink._meta.db_table)
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column or "id")
    placeholders = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {link_table} (event_id, object_type, object_id, relation) "  # noqa: S608
            f"SELECT %s, %s, CAST({pk} AS VARCHAR(60)), %s FROM {table} "
            f"WHERE {pk} IN ({placeholders})",
            [event.pk, model._meta.label_lower, relation, *wanted],
        )


def record_chain_check(
    *,
    actor: Any = None,
    request: HttpRequest | None = None,
    batch_size: int | None = None,
    since_last_complete_check: bool = False,
) -> ChainReport:
    """Verify the chain and log that it was checked, with the result.

    Complete by default (cron, `verify_audit_chain`). With `since_last_complete_check`, only the
    events after the head of the latest complete, intact check are walked, and they must link to
    that head's hash: fast enough for a button at millions of events, while the nightly
    complete check still re-reads everything. The result event is what the access-log page
    shows as the chain's status, so that page never walks the chain itself.
    """
    anchor = None
    if since_last_complete_check:
        last_complete = (
            AuditEvent.objects.filter(
                action=CHAIN_CHECKED,
                detail__intact=True,
                detail__complete=True,
            )
            .order_by("-sequence")
            .values_list("detail", flat=True)
            .first()
        )
        if last_complete and last_complete.get("head_sequence") and last_complete.get("head_hash"):
            anchor = (last_complete["head_sequence"], last_complete["head_hash"])
    report = verify_chain(batch_size=batch_size or DEFAULT_BATCH_SIZE, continue_from=anchor)
    record_event(
        CHAIN_CHECKED,
        actor=actor,
        request=request,
        detail={
            "intact": report.intact,
            "protected": report.protected,
            "complete": report.complete,
            "from_sequence": report.from_sequence,
            "events_checked": report.events_checked,
            "head_sequence": report.head_sequence,
            "head_hash": report.head_hash,
            "broken_at": report.broken_at,
            "problem": report.problem,
        },
    )
    return report


def latest_chain_check() -> AuditEvent | None:
    return AuditEvent.objects.filter(action=CHAIN_CHECKED).order_by("-sequence").first()
