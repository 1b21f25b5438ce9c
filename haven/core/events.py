"""Events of the demo installation (never written in production)."""

from haven.platform.registries import EventType

EVENT_TYPES = [
    EventType("demo.staff_seeded", "Demo staff created", detail_keys=frozenset({"people", "seed"})),
]
