"""Service navigation: each role sees only the places it may go."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from haven.accounts.models import Role

# (label, url name, roles that see it). Rows for later areas are added with those areas.
NAVIGATION: list[tuple[str, str, set[str]]] = [
    ("Home", "core:home", {r.value for r in Role}),
    # Anyone who works here may hear a disclosure, so every role can log a concern.
    ("Log a concern", "cases:log-concern", {r.value for r in Role}),
    ("Triage", "cases:triage", {Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Cases", "cases:list", {Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Search", "cases:search", {Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Plan overrides", "cases:contact-overrides", {Role.COORDINATOR}),
    ("Access log", "audit:log", {Role.COORDINATOR}),
    ("Users", "accounts:user-list", {Role.ADMINISTRATOR}),
    ("Your account", "accounts:account", {r.value for r in Role}),
]


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    # is_verified() is added to the user by django-otp's middleware, so the stubs do not know it.
    if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr,attr-defined]
        return []
    items: list[dict[str, Any]] = []
    for label, name, roles in NAVIGATION:
        if user.role not in roles:  # type: ignore[union-attr]
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"text": label, "href": href})
    # Only the closest place is current: on /cases/triage/ that is Triage, not Cases as well.
    current = current_href(request.path, [item["href"] for item in items])
    for item in items:
        item["active"] = item["href"] == current
    return items


def current_href(path: str, hrefs: list[str]) -> str | None:
    """The longest href that is the path or, except for the home page, a folder above it."""
    matching = [href for href in hrefs if path == href or (href != "/" and path.startswith(href))]
    return max(matching, key=len, default=None)
