"""The numbers of risk work a landlord may change without a code change.

Each is read from Django settings if set there (tests override them), else from the environment
(HAVEN_DASH_MEDIUM_FROM=10 ...), else the common default from SafeLives guidance. Read at call
time, so a change needs only a restart.
"""

from django.conf import settings

from haven.lib.env import env_int, env_list
from haven.risk.rules import Bands, Level


def _number(name: str, default: int) -> int:
    value = getattr(settings, name, None)
    return int(value) if value is not None else env_int(name, default)


def dash_bands() -> Bands:
    return Bands(
        medium_from=_number("HAVEN_DASH_MEDIUM_FROM", 10),
        high_from=_number("HAVEN_DASH_HIGH_FROM", 14),
    )


def escalation_threshold() -> int:
    """Incidents in the last 12 months that make potential escalation a MARAC criterion."""
    return max(1, _number("HAVEN_MARAC_ESCALATION_INCIDENTS", 3))


def reassess_intervals() -> dict[str, int]:
    """Days until a DASH should be repeated, by level."""
    return {
        Level.HIGH: _number("HAVEN_REASSESS_DAYS_HIGH", 28),
        Level.MEDIUM: _number("HAVEN_REASSESS_DAYS_MEDIUM", 56),
        Level.STANDARD: _number("HAVEN_REASSESS_DAYS_STANDARD", 91),
    }


def marac_areas() -> list[str]:
    configured = getattr(settings, "HAVEN_MARAC_AREAS", None)
    if configured is not None:
        return list(configured)
    return env_list("HAVEN_MARAC_AREAS", ["Derby", "Derbyshire", "High Peak"])
