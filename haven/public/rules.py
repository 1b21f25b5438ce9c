"""Pure rules of the public call-back request: the times a person can choose, and what a phone
number must look like. No database, no request."""

import ipaddress
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from haven.cases.rules.safe_contact import TimeWindow

WEEKDAYS = frozenset(range(5))
WEEKEND = frozenset({5, 6})
NOON = 12 * 60

# Choices offered on the form, each the time window the officer's call must fall in. "Any time"
# is a choice of its own, so that not ticking anything is never read as "call whenever".
ANY_TIME = "any"
SAFE_TIME_CHOICES: dict[str, tuple[Any, TimeWindow | None]] = {
    ANY_TIME: (_("Any time"), None),
    "weekday_morning": (_("Weekday mornings, 9am to 12 noon"), TimeWindow(WEEKDAYS, 9 * 60, NOON)),
    "weekday_afternoon": (
        _("Weekday afternoons, 12 noon to 5pm"),
        TimeWindow(WEEKDAYS, NOON, 17 * 60),
    ),
    "weekday_evening": (_("Weekday evenings, 5pm to 8pm"), TimeWindow(WEEKDAYS, 17 * 60, 20 * 60)),
    "weekend": (_("Saturdays and Sundays, 10am to 4pm"), TimeWindow(WEEKEND, 10 * 60, 16 * 60)),
}


def windows_for(choices: list[str]) -> tuple[TimeWindow, ...]:
    """The safe-contact windows for the ticked choices; empty means any time."""
    if ANY_TIME in choices:
        return ()
    return tuple(
        window
        for key, (_label, window) in SAFE_TIME_CHOICES.items()
        if key in choices and window is not None
    )


# A UK number as people write it: 10 or 11 digits starting 0, or +44 and 9 or 10 digits, with
# spaces, dashes or brackets anywhere.
_UK_PHONE = re.compile(r"^(?:0\d{9,10}|\+44\d{9,10})$")


def clean_phone(typed: str) -> str | None:
    """The number with its separators removed, or None if it is not a UK phone number."""
    squeezed = re.sub(r"[\s\-().]", "", typed)
    return squeezed if _UK_PHONE.match(squeezed) else None


def rate_limit_subject(address: str) -> str:
    """Whom the hourly limit counts: an IPv4 address, or an IPv6 address's /64 network (one
    home or phone connection is given a whole /64, so counting single addresses would let one
    sender change the last part for every request)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
