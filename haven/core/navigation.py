"""Service navigation: each role sees only the places it may go."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from haven.accounts.models import Role

# (label, url name, roles that see it). Rows for later areas are added with those areas.
NAVIGATION: list[tuple[str, str, set[str]]] = [
    ("Home", "core:home", {r.value for r in Role}),
    ("Log a concern", "cases:log-concern", {Role.STAFF, Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Triage", "cases:triage", {Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Cases", "cases:list", {Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Search", "cases:search", {Role.CASE_OFFICER, Role.COORDINATOR}),
    ("Plan overrides", "cases:contact-overrides", {Role.COORDINATOR}),
    ("Access log", "audit:log", {Role.COORDINATOR}),
    ("Users", "accounts:user-list", {Role.ADMINISTRATOR}),
    ("Your account", "accounts:account", {r.value for r in Role}),
]


def navigation_for(request: HttpRequest) -> list[dict]:
    user = request.user
    if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr]
        return []
    items = []
    for label, name, roles in NAVIGATION:
        if user.role not in roles:  # type: ignore[union-attr]
            continue
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "text": label,
                "href": href,
                "active": request.path == href or (href != "/" and request.path.startswith(href)),
            }
        )
    return items
