"""The tabs across the top of every case page, from the registered case tabs.

Each app adds its own tabs in its `ready()` (haven.platform.registries.case_tabs); this module
only draws them, so the case page never needs to know which apps exist.
"""

from typing import Any

from django.urls import reverse

from haven.platform.registries import case_tabs


def tabs_for(reference: str, current_url_name: str, user: Any = None) -> list[dict]:
    items = []
    for tab in case_tabs:
        if tab.permission and not (user is not None and user.has_perm(tab.permission)):
            continue
        items.append(
            {
                "text": tab.label,
                "href": reverse(tab.url_name, kwargs={"reference": reference}),
                "current": tab.covers(current_url_name),
            }
        )
    return items
