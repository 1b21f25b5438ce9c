"""The home page's work list: what each person has to do, from every registered section
(haven.platform.registries.work_sections), most pressing first. Core knows nothing of cases:
each app says what is due in its own sections."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from haven.platform.registries import WorkBatch, WorkItem, WorkSection, work_sections

# The words and tone of each state's tag (templates/components/tags.html): words first, so
# colour is never the only way to tell (WCAG 1.4.1).
STATE_TAGS: dict[str, tuple[str, str] | None] = {
    "overdue": ("Overdue", "overdue"),
    "due_today": ("Due today", "due"),
    "new": ("New", "new"),
    "due": ("Due", "info"),
    "waiting": None,
}


@dataclass(frozen=True)
class ShownSection:
    section: WorkSection
    batch: WorkBatch
    items: list[WorkItem]

    @property
    def more_than_shown(self) -> bool:
        return self.batch.total > len(self.items)


def tags_for(item: WorkItem) -> list[tuple[str, str]]:
    """The item's tags in reading order: how pressing it is, then New, then the rest."""
    tags: list[tuple[str, str]] = []
    state_tag = STATE_TAGS.get(item.state)
    if state_tag:
        tags.append(state_tag)
    if item.new and item.state != "new":
        tags.append(("New", "new"))
    tags.extend(item.tags)
    return tags


def work_list_for(user: Any, now: dt.datetime) -> list[ShownSection]:
    shown = []
    for section in work_sections:
        if section.permission is not None and not user.has_perm(section.permission):
            continue
        batch = section.build(user, now)
        if batch is None:
            continue
        shown.append(ShownSection(section, batch, sorted(batch.items, key=WorkItem.sort_key)))
    return shown
