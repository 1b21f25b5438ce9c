"""The access log: append-only and hash-chained.

Each event stores the hash of the one before it, so removing or editing any event breaks every
link after it; database triggers refuse UPDATE and DELETE (migration 0002), and
`manage.py verify_audit_chain` walks the chain and names the first broken link.
"""

from typing import ClassVar

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    # Kept as text too: the log must still say who acted after an account is renamed.
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True, db_index=True)
    # Where from: IP address and a short user agent. Never request bodies or query strings.
    ip_address = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    # Non-identifying details only (counts, outcomes, field names): never case content.
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering: ClassVar = ["sequence"]
        # Each filter of the access-log page, newest first, reads one index.
        indexes: ClassVar = [
            models.Index(fields=["object_type", "object_id", "sequence"]),
            models.Index(fields=["action", "sequence"], name="audit_action_sequence_idx"),
            models.Index(fields=["actor", "sequence"], name="audit_actor_sequence_idx"),
            models.Index(fields=["occurred_at"], name="audit_occurred_at_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"


class AuditEventLink(models.Model):
    """Another record an event touched besides its target: each case a search returned, say.

    One row per record, indexed by record, so a case's access history finds every search that
    returned it in one indexed lookup, however many cases each search returned. Written with
    the event, in the same transaction, and never changed (append-only, like the events).
    """

    # No database constraint: the events table must stay one that only its own triggers guard
    # (PostgreSQL refuses TRUNCATE of a referenced table before any trigger could answer).
    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, related_name="links", db_constraint=False
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    # How the event touched the record: a name its EventType declares in `links`.
    relation = models.CharField(max_length=30)

    class Meta:
        indexes: ClassVar = [
            models.Index(
                fields=["object_type", "object_id", "event"], name="audit_link_record_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.event_id} {self.relation} {self.object_type}:{self.object_id}"
