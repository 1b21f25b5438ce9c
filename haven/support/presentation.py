"""How support's states read on a page: words first, then the tone of the shared tags
(templates/components/tags.html), so every app's colours mean the same."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from haven.cases.models import Case
from haven.support import rules
from haven.support.models import ActionPlan, SecurityKind, SecurityRequest


def _hours(n: int) -> str:
    return f"{n} hour" + ("" if n == 1 else "s")


def clock_tag(clock: rules.LockClock | None) -> tuple[str, str] | None:
    """(words, tone) for a lock-change clock; None for work with no clock."""
    if clock is None:
        return None
    hours = settings.HAVEN_LOCK_CHANGE_HOURS
    if clock.state == rules.ClockState.MET:
        return (f"Done within {_hours(hours)}", "done")
    if clock.state == rules.ClockState.BREACHED:
        return (f"Past the {hours}-hour clock", "overdue")
    if clock.hours_left is not None and clock.hours_left < 1:
        return ("Less than an hour left", "overdue")
    return (f"{_hours(clock.hours_left or 0)} left", "due")


DUE_TAGS = {
    rules.Due.OVERDUE: ("Overdue", "overdue"),
    rules.Due.TODAY: ("Due today", "due"),
    rules.Due.SOON: ("Due soon", "info"),
    rules.Due.LATER: ("Due", "closed"),
}


def due_tag(due_on: dt.date, today: dt.date | None = None) -> tuple[str, str]:
    state = rules.due_state(
        due_on, today or timezone.localdate(), settings.HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS
    )
    return DUE_TAGS[state]


def card_context(case: Case, user: Any) -> dict[str, Any] | None:
    """The case page's support card: lock changes against the clock and the next review. None
    (no card) for someone who does not give support, or when there is nothing to show."""
    if not user.has_perm("support.give_support"):
        return None
    now = timezone.now()
    locks = []
    for item in SecurityRequest.objects.filter(case=case, kind=SecurityKind.LOCK_CHANGE).order_by(
        "-requested_at"
    )[:3]:
        assert item.due_at is not None
        clock = rules.lock_clock(item.requested_at, item.due_at, item.completed_at, now)
        locks.append({"item": item, "clock": clock, "tag": clock_tag(clock)})
    open_work = (
        SecurityRequest.objects.filter(case=case, completed_at__isnull=True)
        .exclude(kind=SecurityKind.LOCK_CHANGE)
        .count()
    )
    plan = ActionPlan.objects.filter(case=case).first()
    if not locks and not open_work and plan is None:
        return None
    return {
        "locks": locks,
        "open_work": open_work,
        "plan": plan,
        "review_tag": due_tag(plan.next_review_on) if plan else None,
    }
