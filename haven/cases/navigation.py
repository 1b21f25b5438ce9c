"""The tabs across the top of every case page, the header's tags and the case lists' extra
columns and filters, from what apps registered.

Each app adds its own in its `ready()` (haven.platform.registries: case_tabs, case_badges,
case_list_columns); this module only draws them, so the case pages never know which apps exist.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse

from haven.platform.registries import CaseListColumn, case_badges, case_list_columns, case_tabs


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


def badges_for(case: Any, user: Any) -> list[tuple[str, str]]:
    """The tags other apps put in the case header (haven.platform.registries.case_badges)."""
    found: list[tuple[str, str]] = []
    for badge in case_badges:
        found.extend(badge.badges(case, user))
    return found


def list_columns(user: Any) -> list[CaseListColumn]:
    """The columns other apps add to the case lists, as far as this person may see them."""
    return [
        column
        for column in case_list_columns
        if not column.permission or (user is not None and user.has_perm(column.permission))
    ]


def chosen_filters(columns: Sequence[CaseListColumn], params: Mapping[str, str]) -> dict[str, str]:
    """The registered filters in a request's query, only with values the column offers."""
    chosen = {}
    for column in columns:
        value = params.get(column.key, "")
        if column.apply_filter and value in {key for key, _label in column.filter_choices}:
            chosen[column.key] = value
    return chosen


def apply_filters(columns: Sequence[CaseListColumn], chosen: Mapping[str, str], cases: Any) -> Any:
    for column in columns:
        if column.key in chosen and column.apply_filter is not None:
            cases = column.apply_filter(cases, chosen[column.key])
    return cases


# The case list's own order is received, newest first: the sort the list offers before any app's.
DEFAULT_SORT = "received"
DEFAULT_SORT_LABEL = "Newest first"


def sort_choices(columns: Sequence[CaseListColumn]) -> list[tuple[str, str]]:
    """The orders a case list offers: its own first, then each registered column's."""
    return [(DEFAULT_SORT, DEFAULT_SORT_LABEL)] + [
        (column.key, column.sort_label or column.heading)
        for column in columns
        if column.sort_by is not None
    ]


def chosen_sort(columns: Sequence[CaseListColumn], params: Mapping[str, str]) -> str:
    """The `sort` of a request's query if the list offers it; otherwise the list's own."""
    value = params.get("sort", DEFAULT_SORT)
    return value if value in {key for key, _label in sort_choices(columns)} else DEFAULT_SORT


def ordering_for(
    columns: Sequence[CaseListColumn], sort: str, own_order: Sequence[Any]
) -> tuple[Any, ...]:
    """The order_by of a case list sorted by `sort`: the column's expressions, then the list's
    own order, which breaks ties (and is the whole order when the list's own sort is chosen)."""
    for column in columns:
        if column.key == sort and column.sort_by is not None:
            return (*column.sort_by(), *own_order)
    return tuple(own_order)


def column_cells(columns: Sequence[CaseListColumn], cases: Sequence[Any]) -> dict[Any, list[dict]]:
    """{case pk: [{"text", "tone"} per column]}: one call per column for the whole page."""
    by_column = [(column, column.cells(cases) if cases else {}) for column in columns]
    return {
        case.pk: [
            dict(zip(("text", "tone"), cells.get(case.pk, (column.empty, "")), strict=True))
            for column, cells in by_column
        ]
        for case in cases
    }
