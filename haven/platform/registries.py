"""The registries an app fills from its `AppConfig.ready()`, and the types of what goes in them.

Core and cases iterate these; they never import a feature app. Everything here is plain data
and callables, so this module imports nothing of Haven's.

    from haven.platform import registries as hooks

    hooks.navigation.register(hooks.NavItem("Risk", "risk:overview", "risk.view_risk", order=35))

Registering the same name twice raises AlreadyRegistered.
"""

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from haven.platform.registry import AlreadyRegistered, Registry

__all__ = [
    "AlreadyRegistered",
    "BenchPage",
    "Capability",
    "CaseBadge",
    "CaseCard",
    "CaseListColumn",
    "CaseTab",
    "ChronologyKind",
    "ClosureBlocker",
    "DemoRun",
    "DemoSeeder",
    "EventType",
    "NavItem",
    "RiskLevelSource",
    "StoredFileKind",
    "WorkBatch",
    "WorkItem",
    "WorkSection",
    "bench_pages",
    "capabilities",
    "case_badges",
    "case_cards",
    "case_list_columns",
    "case_tabs",
    "chronology_kinds",
    "closure_blockers",
    "current_risk_level",
    "demo_seeders",
    "event_types",
    "navigation",
    "plug_in",
    "risk_levels",
    "stored_file_kinds",
    "work_sections",
]


# --- Permissions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capability:
    """A named permission, checked with `user.has_perm(name)`.

    The base capabilities, and which roles hold them, are the one table in
    haven/accounts/permissions.py. An app's own capability is `granted_with` a capability that is
    already there: every role holding that one holds this one too, so no app writes a role name.
    """

    name: str
    label: str
    # One capability, or several: every role holding any of them holds this one.
    granted_with: str | tuple[str, ...] | None = None

    @property
    def granted_with_any(self) -> tuple[str, ...]:
        if self.granted_with is None:
            return ()
        return (self.granted_with,) if isinstance(self.granted_with, str) else self.granted_with


capabilities: Registry[Capability] = Registry("capability", key=lambda c: c.name)


# --- Navigation and the case page --------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    """A place in the service navigation. `permission` None: every signed-in member of staff."""

    label: str
    url_name: str
    permission: str | None = None
    order: int = 50


navigation: Registry[NavItem] = Registry(
    "navigation item", key=lambda item: item.url_name, order=lambda item: item.order
)


@dataclass(frozen=True)
class CaseTab:
    """A tab across the top of every case page; its URL takes the case `reference`.

    `also_for` names the other pages under this tab (its forms), so the tab is marked current
    there too. A URL name belongs to one tab only.
    """

    label: str
    url_name: str
    also_for: tuple[str, ...] = ()
    order: int = 50
    permission: str | None = None

    def covers(self, url_name: str) -> bool:
        return url_name == self.url_name or url_name in self.also_for


class _CaseTabRegistry(Registry[CaseTab]):
    def register(self, item: CaseTab) -> CaseTab:
        claimed = {item.url_name, *item.also_for}
        for existing in self:
            overlap = claimed & {existing.url_name, *existing.also_for}
            if overlap:
                raise AlreadyRegistered(
                    f"Case tab {item.label!r} claims {sorted(overlap)}, already under the "
                    f"{existing.label!r} tab."
                )
        return super().register(item)


case_tabs: Registry[CaseTab] = _CaseTabRegistry(
    "case tab", key=lambda tab: tab.url_name, order=lambda tab: tab.order
)


@dataclass(frozen=True)
class CaseCard:
    """A summary card on the case record page.

    `context(case, user)` returns what `template` needs, or None when the card has nothing to
    show for this case or this person. It runs on every case page: keep it to a query or two.
    """

    key: str
    template: str
    context: Callable[[Any, Any], Mapping[str, Any] | None]
    order: int = 50


case_cards: Registry[CaseCard] = Registry(
    "case card", key=lambda card: card.key, order=lambda card: card.order
)


# --- The home page's work list ----------------------------------------------------------------------


# How pressing a work item is, most pressing first: the home page sorts by this, then by when.
WORK_STATES = ("overdue", "due_today", "new", "due", "waiting")
WorkState = Literal["overdue", "due_today", "new", "due", "waiting"]


@dataclass(frozen=True)
class WorkItem:
    """One thing for someone to do, shown on their home page and linking to where it is done.

    `title` says what to do ("Make first contact"); `case_reference` and `restricted` name the
    case it belongs to ("" for none); `state` and `due_at` say how pressing it is (drawn as a
    tag with words); `new` marks a case newly allocated to the person and not yet opened;
    `priority` puts danger first whatever the clock says (2: immediate danger, 1: urgent).
    `detail` is one short line (a name, who holds it): never narrative.
    """

    title: str
    href: str
    state: WorkState = "waiting"
    due_at: dt.datetime | None = None
    case_reference: str = ""
    restricted: bool = False
    new: bool = False
    priority: int = 0
    detail: str = ""
    tags: tuple[tuple[str, str], ...] = ()

    def sort_key(self) -> tuple[int, int, bool, float]:
        return (
            -self.priority,
            WORK_STATES.index(self.state),
            self.due_at is None,
            self.due_at.timestamp() if self.due_at else 0.0,
        )


@dataclass(frozen=True)
class WorkBatch:
    """What a section found: its most pressing items (perhaps not all), how many there are in
    all, the counts in words, and where the whole list is."""

    items: Sequence[WorkItem]
    total: int
    summary: str
    more_href: str = ""
    more_text: str = ""


@dataclass(frozen=True)
class WorkSection:
    """A section of the home page's work list, for people holding `permission`.

    `build(user, now)` returns a WorkBatch, or None when the section has nothing to say to this
    person. It runs on every home page view: a fixed, small number of queries, never one per
    item (the home page's query count must not grow with the number of cases).
    """

    key: str
    heading: str
    build: Callable[[Any, dt.datetime], WorkBatch | None]
    permission: str | None = None
    order: int = 50


work_sections: Registry[WorkSection] = Registry(
    "work-list section", key=lambda section: section.key, order=lambda section: section.order
)


# --- Case header badges and case-list columns -------------------------------------------------


@dataclass(frozen=True)
class CaseBadge:
    """Tags in the header of every case page, beside the case's status (a risk level, say).

    `badges(case, user)` returns (text, tone) pairs, tones from components/tags.html; words
    always, because colour alone tells a colour-blind reader nothing. Runs on every case page:
    keep it to a query.
    """

    key: str
    badges: Callable[[Any, Any], Sequence[tuple[str, str]]]
    order: int = 50


case_badges: Registry[CaseBadge] = Registry(
    "case badge", key=lambda badge: badge.key, order=lambda badge: badge.order
)


@dataclass(frozen=True)
class CaseListColumn:
    """A column in the case lists (cases, triage, search results), and optionally a filter on it.

    `cells(cases)` gets the cases of one page and returns {case pk: (text, tone)} in one query;
    a case it leaves out shows `empty`. Where `filter_choices` are given, the case list offers
    them (the URL parameter is `key`) and `apply_filter(queryset, value)` narrows the cases.
    Where `sort_by` is given, the case list may be sorted by the column (`sort=<key>`, offered
    as `sort_label`): `sort_by()` returns the order_by expressions on the case model, and the
    list's own order breaks ties. The sort runs over every case in the list before one page is
    read: keep it to a join and a comparison, never a query per case.
    """

    key: str
    heading: str
    cells: Callable[[Sequence[Any]], Mapping[Any, tuple[str, str]]]
    empty: str = ""
    permission: str | None = None
    order: int = 50
    filter_label: str = ""
    filter_choices: tuple[tuple[str, str], ...] = ()
    apply_filter: Callable[[Any, str], Any] | None = None
    sort_label: str = ""
    sort_by: Callable[[], Sequence[Any]] | None = None


case_list_columns: Registry[CaseListColumn] = Registry(
    "case list column", key=lambda column: column.key, order=lambda column: column.order
)


# --- Chronology ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChronologyKind:
    """A kind of chronology entry: its stored `key`, how it reads, and the template that draws one
    entry of it on the chronology page.

    The card's frame (title, correction tags and rows, "Recorded", the Correct action) is shared;
    `card_template` adds the kind's own rows. It gets `entry`, `case`, `rows` (the GOV.UK summary
    list rows: append to it, its narrative row included) and `heading` (set `heading.when` to
    date the title otherwise than by `entry.occurred_at`), and renders nothing itself.

    The app that owns the kind holds the link to its entries (a one-to-one field on its own
    model pointing at the entry, written after `haven.cases.services.chronology.add_entry`); the entry
    table gets no column for it. A correction is a new entry of the same kind; its card shows
    whatever the owning app linked to it (the case app copies an incident's facts, nothing else).
    """

    key: str
    label: str
    card_template: str
    order: int = 50
    # The reverse one-to-one names of the owning models, fetched with the entries in one query.
    related: tuple[str, ...] = ()


chronology_kinds: Registry[ChronologyKind] = Registry(
    "chronology kind", key=lambda kind: kind.key, order=lambda kind: kind.order
)


# --- Closing a case -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClosureBlocker:
    """Something that must be finished before a case closes.

    `open_items(case)` returns a sentence for each unfinished thing ("1 planned contact is still
    to happen"), or nothing. Where `may_hand_over` is true, the officer may instead confirm the
    items were handed over and say to whom; otherwise they must be finished first.
    """

    key: str
    open_items: Callable[[Any], Sequence[str]]
    may_hand_over: bool = True
    order: int = 50


closure_blockers: Registry[ClosureBlocker] = Registry(
    "closure blocker", key=lambda blocker: blocker.key, order=lambda blocker: blocker.order
)


# --- Access-log events ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventType:
    """An action the access log records.

    `target` is the label of the model the event points at ("cases.case"), or "" when it points
    at none. `detail_keys` are the only keys its detail may carry. `identifies_person` says
    whether those details could identify someone (subject access and retention need to know).

    `links` names the ways an event may touch other records besides its target (a search and
    the cases it returned), each with how it reads in that record's access history, where
    "{who}" is the person who acted: (("returned", "Appeared in a search by {who}"),).
    """

    name: str
    label: str
    target: str = ""
    detail_keys: frozenset[str] = field(default_factory=frozenset)
    identifies_person: bool = False
    links: tuple[tuple[str, str], ...] = ()

    def link_label(self, relation: str, who: str) -> str:
        for name, label in self.links:
            if name == relation:
                return label.format(who=who)
        return f"{self.label} ({relation.replace('_', ' ')})"

    @property
    def area(self) -> str:
        return self.name.partition(".")[0]


class _EventTypeRegistry(Registry[EventType]):
    def register_all(self, types: Iterable[EventType]) -> None:
        for event_type in types:
            self.register(event_type)


event_types = _EventTypeRegistry("access-log event type", key=lambda event: event.name)


# --- What one app knows that another needs ------------------------------------------------------


@dataclass(frozen=True)
class RiskLevelSource:
    """Where the current risk level of a case comes from (the risk app registers one).

    `level_for(case)` returns "high", "medium" or "standard", or None when no level is known.
    Apps that only read the level (support's review schedule) ask `current_risk_level(case)`
    and never import the app that knows it.
    """

    key: str
    level_for: Callable[[Any], str | None]


risk_levels: Registry[RiskLevelSource] = Registry("risk level source", key=lambda s: s.key)


def current_risk_level(case: Any) -> str | None:
    """The first level a registered source knows for `case`; None when none does (or none is
    registered), so callers apply their default."""
    for source in risk_levels:
        level = source.level_for(case)
        if level:
            return level
    return None


# --- Demo data, keys and benchmarks --------------------------------------------------------------


@dataclass
class DemoRun:
    """What `seed_demo` hands every demo seeder.

    `staff` are the demo people (already created); `cases` how many cases were asked for. Each
    seeder draws from its own random generator, so adding a seeder never changes another's data.
    """

    cases: int
    seed: int
    now: dt.datetime
    staff: Sequence[Any]
    made: dict[str, int] = field(default_factory=dict)

    def rng(self, key: str) -> random.Random:
        return random.Random(f"{self.seed}:{key}")

    def staff_with(self, capability: str) -> list[Any]:
        return [person for person in self.staff if person.has_perm(capability)]


@dataclass(frozen=True)
class DemoSeeder:
    """Seeds one app's demo data. Runs in `order` (cases first, then what hangs off cases), once,
    into a database that has no demo cases yet. Returns how many records it made."""

    key: str
    description: str
    seed: Callable[[DemoRun], int]
    order: int = 50


demo_seeders: Registry[DemoSeeder] = Registry(
    "demo seeder", key=lambda seeder: seeder.key, order=lambda seeder: seeder.order
)


@dataclass(frozen=True)
class StoredFileKind:
    """Files an app keeps encrypted on disk. `rotate()` re-encrypts every one not yet under the
    newest field key and returns how many it re-encrypted (`rotate_field_keys` calls it)."""

    key: str
    label: str
    rotate: Callable[[], int]


stored_file_kinds: Registry[StoredFileKind] = Registry("stored-file kind", key=lambda k: k.key)


@dataclass(frozen=True)
class BenchPage:
    """A page bench/ times, as a person holding `permission` opens it.

    kind "list": the URL takes no arguments; "case": it takes the case `reference`; "search":
    the page's form, submitted with `form(case)`: what to type, by field name, given a sample
    case (one of the benchmarked officer's, from the middle of the seeded data). With
    `shows_case`, bench/ checks the results include that case before it times anything.
    `query` is added to the URL (a list filtered as people filter it: "risk=high").
    """

    label: str
    url_name: str
    permission: str | None = None
    kind: Literal["list", "case", "search"] = "list"
    order: int = 50
    form: Callable[[Any], Mapping[str, str]] | None = None
    shows_case: bool = False
    query: str = ""


bench_pages: Registry[BenchPage] = Registry(
    "benchmark page", key=lambda page: page.label, order=lambda page: page.order
)


_plugged_in: set[str] = set()


def plug_in(app_label: str, register: Callable[[], None]) -> None:
    """Run an app's registrations, once per process.

    Django may call `ready()` again (tests that build a second app registry with
    override_settings or isolate_apps); that is the same app, not a second registration, so it
    is skipped here. Two apps registering the same thing still raise AlreadyRegistered.
    """
    if app_label in _plugged_in:
        return
    register()
    _plugged_in.add(app_label)


@contextmanager
def restored_afterwards() -> Iterator[None]:
    """Every registry (and which apps have plugged in) as it was before the block: for tests that
    install a throwaway app, whose registrations must not outlive the test."""
    snapshots = [(registry, registry.snapshot()) for registry in all_registries()]
    plugged_in = set(_plugged_in)
    try:
        yield
    finally:
        for registry, snapshot in snapshots:
            registry.restore(snapshot)
        _plugged_in.clear()
        _plugged_in.update(plugged_in)


def all_registries() -> Iterator[Registry[Any]]:
    yield from (
        capabilities,
        navigation,
        case_tabs,
        case_cards,
        case_badges,
        case_list_columns,
        chronology_kinds,
        closure_blockers,
        event_types,
        demo_seeders,
        stored_file_kinds,
        bench_pages,
        work_sections,
        risk_levels,
    )
