"""Service navigation: each person sees only the places their role may go.

The places are the registered navigation items (haven.platform.registries.navigation), each
with the capability it needs; core draws them and knows nothing of the apps behind them.
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from haven.platform.registries import navigation


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    # is_verified() is added to the user by django-otp's middleware, so the stubs do not know it.
    if not user.is_authenticated or not user.is_verified():  # type: ignore[union-attr,attr-defined]
        return []
    items: list[dict[str, Any]] = [
        {"text": item.label, "href": reverse(item.url_name)}
        for item in navigation
        if item.permission is None or user.has_perm(item.permission)
    ]
    # Only the closest place is current: on /cases/triage/ that is Triage, not Cases as well.
    current = current_href(request.path, [item["href"] for item in items])
    for item in items:
        item["active"] = item["href"] == current
    return items


def current_href(path: str, hrefs: list[str]) -> str | None:
    """The longest href that is the path or, except for the home page, a folder above it."""
    matching = [href for href in hrefs if path == href or (href != "/" and path.startswith(href))]
    return max(matching, key=len, default=None)
