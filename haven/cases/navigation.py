"""The tabs across the top of every case page.

Each tab is (label, URL name taking the case reference). Other case areas (contact and the
safe-contact plan, chronology, documents) append their own tabs with `register_case_tab`.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class CaseTab:
    label: str
    url_name: str
    # Other URL names that belong under this tab (its edit pages), for the "current" marker.
    also_for: tuple[str, ...] = ()


CASE_TABS: list[CaseTab] = [
    CaseTab(
        "Case record",
        "cases:detail",
        also_for=(
            "cases:edit-summary",
            "cases:edit-survivor",
            "cases:edit-needs",
            "cases:edit-equality",
            "cases:edit-tenancy",
            "cases:edit-abuse",
            "cases:household-add",
            "cases:household-edit",
            "cases:perpetrator-add",
            "cases:perpetrator-edit",
        ),
    ),
    CaseTab(
        "Allocation and status",
        "cases:manage",
        also_for=(
            "cases:allocate",
            "cases:status",
            "cases:close",
            "cases:reopen",
            "cases:restrict",
        ),
    ),
    CaseTab(
        "Contact and safe-contact plan",
        "cases:contact",
        also_for=(
            "cases:safe-contact-plan",
            "cases:contact-record",
            "cases:contact-schedule",
            "cases:contact-outcome",
        ),
    ),
    CaseTab(
        "Chronology",
        "cases:chronology",
        also_for=("cases:chronology-note", "cases:chronology-incident", "cases:chronology-correct"),
    ),
    CaseTab("Documents", "cases:documents"),
]


def register_case_tab(tab: CaseTab, *, position: int | None = None) -> None:
    if any(existing.url_name == tab.url_name for existing in CASE_TABS):
        return
    if position is None:
        CASE_TABS.append(tab)
    else:
        CASE_TABS.insert(position, tab)


def tabs_for(reference: str, current_url_name: str) -> list[dict]:
    items = []
    for tab in CASE_TABS:
        try:
            href = reverse(tab.url_name, kwargs={"reference": reference})
        except NoReverseMatch:
            continue
        items.append(
            {
                "text": tab.label,
                "href": href,
                "current": current_url_name == tab.url_name or current_url_name in tab.also_for,
            }
        )
    return items
