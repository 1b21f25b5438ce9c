"""The access-log events safety and housing support writes. None carries case content: kinds,
statuses, counts and whether a clock was met, never what was said, an address or a name."""

from haven.platform.registries import EventType

CASE = "cases.case"


def _event(name: str, label: str, target: str, *keys: str) -> EventType:
    return EventType(name, label, target, frozenset(keys))


EVENT_TYPES = [
    _event("support.security_requested", "Work to secure the home asked for", CASE, "kind"),
    _event(
        "support.security_completed",
        "Work to secure the home done",
        CASE,
        "kind",
        "within_clock",
        "keys_recovered",
    ),
    _event("support.plan_agreed", "Action plan agreed", CASE, "review_weeks", "risk_level"),
    _event("support.action_added", "Action added to the plan", CASE, "owner"),
    _event("support.action_updated", "Action on the plan updated", CASE, "status"),
    _event(
        "support.plan_reviewed",
        "Action plan reviewed",
        CASE,
        "with_survivor",
        "review_weeks",
        "risk_level",
    ),
    _event("support.alert_added", "Property safety alert added", CASE, "kind", "new_property"),
    _event("support.alert_ended", "Property safety alert ended", CASE, "kind"),
    # The words typed are never kept: they may be an address.
    _event("support.property_looked_up", "Property looked up", "", "by", "found"),
    _event("support.rehousing_saved", "Rehousing options saved", CASE, "fields"),
    _event("support.perpetrator_action_added", "Action against a perpetrator", CASE, "kind"),
    _event(
        "support.perpetrator_action_updated",
        "Action against a perpetrator updated",
        CASE,
        "kind",
        "status",
    ),
    _event("support.breach_logged", "Breach by a perpetrator logged", CASE, "kind"),
    _event("support.reminders_sent", "Support reminders sent", "", "officers", "cases"),
]
