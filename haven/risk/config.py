"""The numbers of risk work a landlord may change without a code change.

Each is read from Django settings if set there (tests override them), else from the environment
(HAVEN_DASH_MEDIUM_FROM=10 ...), else the common default from SafeLives guidance. Read at call
time. A value that is not allowed falls back to its default (a page never fails for it) and
`manage.py check` names it (haven.risk.checks), as the settings do for their own.
"""

from django.conf import settings

from haven.lib.env import EnvReader
from haven.risk.rules import VISIBLE_HIGH_RISK, Bands, Level

DEFAULT_BANDS = Bands(medium_from=10, high_from=14)


def _number(reader: EnvReader, name: str, default: int, maximum: int, unit: str = "") -> int:
    value = getattr(settings, name, None)
    if value is not None:
        return int(value)
    return reader.number(name, default, minimum=1, maximum=maximum, unit=unit)


def dash_bands(reader: EnvReader | None = None) -> Bands:
    reader = reader or EnvReader()
    medium = _number(reader, "HAVEN_DASH_MEDIUM_FROM", DEFAULT_BANDS.medium_from, 23)
    high = _number(reader, "HAVEN_DASH_HIGH_FROM", DEFAULT_BANDS.high_from, VISIBLE_HIGH_RISK)
    try:
        return Bands(medium_from=medium, high_from=high)
    except ValueError as wrong:
        reader.problem(f"{wrong} Using the defaults (medium from 10, high from 14).")
        return DEFAULT_BANDS


def escalation_threshold(reader: EnvReader | None = None) -> int:
    """Incidents in the last 12 months that make potential escalation a MARAC criterion."""
    return _number(reader or EnvReader(), "HAVEN_MARAC_ESCALATION_INCIDENTS", 3, 50, "incidents")


def reassess_intervals(reader: EnvReader | None = None) -> dict[str, int]:
    """Days until a DASH should be repeated, by level."""
    reader = reader or EnvReader()
    return {
        Level.HIGH: _number(reader, "HAVEN_REASSESS_DAYS_HIGH", 28, 366, "days"),
        Level.MEDIUM: _number(reader, "HAVEN_REASSESS_DAYS_MEDIUM", 56, 366, "days"),
        Level.STANDARD: _number(reader, "HAVEN_REASSESS_DAYS_STANDARD", 91, 366, "days"),
    }


def marac_areas(reader: EnvReader | None = None) -> list[str]:
    configured = getattr(settings, "HAVEN_MARAC_AREAS", None)
    if configured is not None:
        return list(configured)
    return (reader or EnvReader()).items("HAVEN_MARAC_AREAS", ["Derby", "Derbyshire", "High Peak"])


def problems() -> list[str]:
    """Everything wrong with the risk settings, in sentences (for `manage.py check`)."""
    reader = EnvReader()
    dash_bands(reader)
    escalation_threshold(reader)
    reassess_intervals(reader)
    if not marac_areas(reader):
        reader.problem("HAVEN_MARAC_AREAS names no area: list your MARAC areas, comma-separated.")
    return reader.problems
