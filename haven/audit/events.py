"""The access log's own events: reading it and checking its chain."""

from haven.platform.registries import EventType

CHAIN_CHECKED = "audit.chain_checked"

EVENT_TYPES = [
    EventType(
        CHAIN_CHECKED,
        "Access log checked",
        detail_keys=frozenset(
            {
                "intact",
                "protected",
                "complete",
                "from_sequence",
                "events_checked",
                "head_sequence",
                "head_hash",
                "broken_at",
                "problem",
            }
        ),
    ),
    # Looking up one record's events targets that record, whatever kind it is.
    EventType("audit.log_viewed", "Access log viewed", "*", frozenset({"filters", "shown"})),
]
