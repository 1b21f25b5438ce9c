"""Risk work's section of the home page's work list: the MARAC actions a person has been given
and has still to finish, whoever holds the case (an action may be given to anyone who works on
it). Two queries, however many there are: one to count, one for the most pressing few."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from haven.platform.registries import WorkBatch, WorkItem, WorkState
from haven.risk import services
from haven.risk.models import ActionStatus

SHOWN = 10
# Actions due this far ahead are "due"; later ones wait their turn.
SOON = dt.timedelta(days=7)


def _state(due_on: dt.date, today: dt.date) -> WorkState:
    if due_on < today:
        return "overdue"
    if due_on == today:
        return "due_today"
    return "due" if due_on <= today + SOON else "waiting"


def _plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def marac_actions(user: Any, now: dt.datetime) -> WorkBatch | None:
    today = timezone.localtime(now).date()
    actions = services.actions_owned_by(user)
    counts = actions.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        started=Count("pk", filter=Q(status=ActionStatus.IN_PROGRESS)),
    )
    total = counts["total"]
    if not total:
        return None
    items = [
        WorkItem(
            title="MARAC action in progress"
            if action.status == ActionStatus.IN_PROGRESS
            else "MARAC action to do",
            href=reverse("risk:case", kwargs={"reference": action.case.reference}),
            state=_state(action.due_on, today),
            due_at=timezone.make_aware(dt.datetime.combine(action.due_on, dt.time(12))),
            case_reference=action.case.reference,
            restricted=action.case.restricted,
        )
        for action in actions.only("due_on", "status", "case__reference", "case__restricted")[
            :SHOWN
        ]
    ]
    words = [_plural(total, "MARAC action is", "MARAC actions are") + " yours to finish"]
    if counts["overdue"]:
        words.append(f"{counts['overdue']} overdue")
    if counts["started"]:
        words.append(f"{counts['started']} in progress")
    return WorkBatch(
        items=items,
        total=total,
        summary=", ".join(words) + ".",
        more_href=reverse("risk:overview"),
        more_text="Risk and MARAC work",
    )
