"""Support's sections of the home page's work list: the officer's reviews, actions and lock
changes due, and, for whoever oversees support, lock changes past their clock on any case."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from haven.platform.registries import WorkBatch, WorkItem, WorkState
from haven.support import policies, services

SHOWN = 10
# Only what an item shows: the case's other columns are encrypted, and decrypting them for
# thirty rows took longer than the queries.
CASE_FIELDS = ("reference", "restricted", "owner__full_name")


def _only(rows: Any, path: str, *fields: str) -> Any:
    return rows.only(*fields, path, f"{path}__owner", *(f"{path}__{f}" for f in CASE_FIELDS))


def _day_state(day: dt.date, today: dt.date) -> WorkState:
    if day < today:
        return "overdue"
    return "due_today" if day == today else "due"


def _at_noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def support_due(user: Any, now: dt.datetime) -> WorkBatch | None:
    """Plan reviews, plan actions and lock changes due soon on the cases this person holds.
    Six queries, however many there are."""
    cases = policies.work_cases(user, everyone=False)
    today = timezone.localtime(now).date()
    reviews = services.reviews_due(cases, today)
    actions = services.actions_due(cases, today)
    locks = services.lock_changes(cases).filter(completed_at__isnull=True)
    counts = (reviews.count(), actions.count(), locks.count())
    total = sum(counts)
    if not total:
        return None
    items: list[WorkItem] = []
    for plan in _only(reviews, "case", "next_review_on")[:SHOWN]:
        items.append(
            WorkItem(
                title="Review the safety action plan with the survivor",
                href=reverse("support:case", kwargs={"reference": plan.case.reference}),
                state=_day_state(plan.next_review_on, today),
                due_at=_at_noon(plan.next_review_on),
                case_reference=plan.case.reference,
                restricted=plan.case.restricted,
            )
        )
    for action in _only(actions, "plan__case", "due_on", "plan")[:SHOWN]:
        items.append(
            WorkItem(
                title="An action in the safety plan is due",
                href=reverse("support:case", kwargs={"reference": action.plan.case.reference}),
                state=_day_state(action.due_on, today),
                due_at=_at_noon(action.due_on),
                case_reference=action.plan.case.reference,
                restricted=action.plan.case.restricted,
            )
        )
    for item in _only(locks, "case", "due_at", "requested_at", "completed_at")[:SHOWN]:
        late = item.due_at is not None and item.due_at < now
        items.append(
            WorkItem(
                title="Lock change past its clock" if late else "Lock change to be done",
                href=reverse("support:case", kwargs={"reference": item.case.reference}),
                state="overdue" if late else "due_today",
                due_at=item.due_at,
                case_reference=item.case.reference,
                restricted=item.case.restricted,
                priority=1,
            )
        )
    reviews_n, actions_n, locks_n = counts
    parts = [
        f"{reviews_n} plan {'review' if reviews_n == 1 else 'reviews'}" if reviews_n else "",
        f"{actions_n} plan {'action' if actions_n == 1 else 'actions'}" if actions_n else "",
        f"{locks_n} lock {'change' if locks_n == 1 else 'changes'}" if locks_n else "",
    ]
    words = [part for part in parts if part]
    summary = (", ".join(words[:-1]) + " and " + words[-1]) if len(words) > 1 else words[0]
    return WorkBatch(
        items=sorted(items, key=WorkItem.sort_key)[:SHOWN],
        total=total,
        summary=f"Due soon or overdue: {summary}.",
        more_href=reverse("support:work"),
        more_text="All support work due",
    )


def late_lock_changes(user: Any, now: dt.datetime) -> WorkBatch | None:
    """For whoever oversees support: lock changes still not done past their clock, any case."""
    late = services.lock_changes(
        policies.work_cases(user, everyone=True), breached_only=True
    ).filter(completed_at__isnull=True)
    total = late.count()
    if not total:
        return None
    items = [
        WorkItem(
            title="Lock change past its clock",
            href=reverse("support:case", kwargs={"reference": item.case.reference}),
            state="overdue",
            due_at=item.due_at,
            case_reference=item.case.reference,
            restricted=item.case.restricted,
            priority=1,
            detail=f"Held by {item.case.owner.full_name}" if item.case.owner else "Not allocated",
        )
        for item in _only(late, "case", "due_at", "requested_at", "completed_at")[:SHOWN]
    ]
    noun = "lock change is" if total == 1 else "lock changes are"
    return WorkBatch(
        items=items,
        total=total,
        summary=f"{total} {noun} past the clock and still not done.",
        more_href=reverse("support:lock-changes") + "?show=breached",
        more_text="All lock changes",
    )
