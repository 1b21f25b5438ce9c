"""The access-log events the directory writes. None carries case content: a service's key (the
directory is public knowledge), field names, counts and outcomes only."""

from haven.platform.registries import EventType

SERVICE = "directory.service"
CASE = "cases.case"


def _event(name: str, label: str, target: str, *keys: str) -> EventType:
    return EventType(name, label, target, frozenset(keys))


EVENT_TYPES = [
    _event("directory.service_added", "Service added to the directory", SERVICE, "fields"),
    _event("directory.service_changed", "Service in the directory changed", SERVICE, "fields"),
    _event("directory.imported", "Directory imported", "", "added", "changed", "unchanged"),
    _event("directory.exported", "Directory exported", "", "services"),
    _event("directory.signposted", "Information about a service given", CASE, "service"),
    _event("directory.referred", "Referral to a service made", CASE, "service", "consent"),
    _event(
        "directory.referral_outcome", "Outcome of a referral recorded", CASE, "service", "outcome"
    ),
]
