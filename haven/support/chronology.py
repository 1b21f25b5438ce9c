"""What safety and housing support puts in the case's chronology.

One entry for each step a reader of the case's story needs (work to secure the home asked for
and done, the plan agreed and reviewed, actions added and finished, alerts added and ended, the
survivor's rehousing options, choice and outcome, action against a perpetrator started, its
court dates and breaches), worded at the level of the case's Safety and housing tab or below:
the kind of thing and its dates. Never what anyone wrote about it, never a name, and never the
new address after a move, which is shown on the tab alone.

Pure: each function turns what a service has just saved into `Entry`s; services.py writes them
(a ChronologyEntry and the SupportEntry that says what happened, in the service's transaction).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from haven.lib.dates import format_date, format_datetime
from haven.support.models import (
    ActionPlan,
    ActionStatus,
    PerpetratorAction,
    PerpetratorActionStatus,
    PerpetratorBreach,
    PlanAction,
    PlanReview,
    PropertyAlert,
    RehousingOption,
    RehousingPlan,
    RehousingProgress,
    SecurityRequest,
)

# The chronology kinds support registers (keys fit ChronologyEntry.kind, 20 characters).
SECURITY = "support_security"
PLAN = "support_plan"
ALERT = "support_alert"
REHOUSING = "support_rehousing"
PERPETRATOR = "support_perpetrator"

KINDS = (
    (SECURITY, "Securing the home"),
    (PLAN, "Action plan"),
    (ALERT, "Property safety alert"),
    (REHOUSING, "Rehousing"),
    (PERPETRATOR, "Action against a perpetrator"),
)

# A rehousing step that ends the search: an outcome, not progress along the way.
OUTCOMES = frozenset(
    {RehousingProgress.MOVED, RehousingProgress.STAYED, RehousingProgress.WITHDRAWN}
)


@dataclass(frozen=True)
class Entry:
    """One chronology entry: its kind, what happened (`event` a stable code, `what` the words),
    when, and a few labelled facts (each a kind, a status or a date)."""

    kind: str
    event: str
    occurred_at: dt.datetime
    what: str
    facts: tuple[tuple[str, str], ...] = ()
    # Dated by the day alone (a plan agreed on a date): the card shows no time of day.
    by_day: bool = False


def on_day(day: dt.date) -> dt.datetime:
    """A day as a moment: noon keeps it on that day in London whatever the clocks do."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


# --- Securing the home ------------------------------------------------------------------------


def security_requested(item: SecurityRequest) -> Entry:
    facts = (("To be done by", format_datetime(item.due_at)),) if item.due_at else ()
    return Entry(
        SECURITY,
        "security_requested",
        item.requested_at,
        f"{item.get_kind_display()} asked for",
        facts,
    )


def security_completed(item: SecurityRequest) -> Entry:
    """Work done; for a lock change, whether it beat the clock (a breach is part of the record)."""
    assert item.completed_at is not None
    facts: tuple[tuple[str, str], ...] = (("Asked for", format_datetime(item.requested_at)),)
    if item.due_at is not None:
        due = format_datetime(item.due_at)
        clock = (
            f"Done in time: it was due by {due}"
            if item.completed_at <= item.due_at
            else f"Done after the clock ran out: it was due by {due}"
        )
        facts += (("Clock", clock),)
    return Entry(
        SECURITY, "security_completed", item.completed_at, f"{item.get_kind_display()} done", facts
    )


# --- Action plan --------------------------------------------------------------------------------


def plan_agreed(plan: ActionPlan) -> Entry:
    return Entry(
        PLAN,
        "plan_agreed",
        on_day(plan.agreed_on),
        "Action plan agreed with the survivor",
        (("First review due by", format_date(plan.next_review_on)),),
        by_day=True,
    )


def plan_reviewed(review: PlanReview) -> Entry:
    return Entry(
        PLAN,
        "plan_reviewed",
        on_day(review.reviewed_on),
        "Action plan reviewed with the survivor"
        if review.with_survivor
        else "Action plan reviewed",
        (("Next review due by", format_date(review.next_review_on)),),
        by_day=True,
    )


def action_added(action: PlanAction) -> Entry:
    return Entry(
        PLAN,
        "action_added",
        action.created_at,
        "Action added to the plan",
        (("Due", format_date(action.due_on)),),
    )


ACTION_STEPS = {
    ActionStatus.DONE: ("action_done", "Action on the plan done"),
    ActionStatus.NOT_NEEDED: ("action_not_needed", "Action on the plan no longer needed"),
    ActionStatus.OPEN: ("action_reopened", "Action on the plan to do again"),
}


def action_status_changed(action: PlanAction, was: str, now: dt.datetime) -> list[Entry]:
    """An action done (or no longer needed, or back to do) is a step; a changed outcome is not."""
    if action.status == was:
        return []
    event, what = ACTION_STEPS[ActionStatus(action.status)]
    day = action.completed_on
    return [
        Entry(
            PLAN,
            event,
            on_day(day) if day else now,
            what,
            (("It was due", format_date(action.due_on)),),
            by_day=day is not None,
        )
    ]


# --- Property safety alerts -----------------------------------------------------------------------


def alert_added(alert: PropertyAlert) -> Entry:
    """The alert's kind and review date: never the property's address (an alert may be there to
    keep it undisclosed) nor whom to contact."""
    return Entry(
        ALERT,
        "alert_added",
        alert.created_at,
        "Property safety alert added",
        (("Alert", alert.get_kind_display()), ("Review by", format_date(alert.review_on))),
    )


def alert_ended(alert: PropertyAlert, now: dt.datetime) -> Entry:
    return Entry(
        ALERT,
        "alert_ended",
        now,
        "Property safety alert ended",
        (("Alert", alert.get_kind_display()),),
    )


# --- Rehousing --------------------------------------------------------------------------------------


def rehousing_changed(
    before: Mapping[str, Any] | None, plan: RehousingPlan, now: dt.datetime
) -> list[Entry]:
    """The steps a save of the rehousing form took: options newly considered, the survivor's
    choice, and progress or an outcome. Her reasons, the areas to avoid and the new address are
    never in the chronology: the address is not disclosed beyond the tab, whoever reads the
    chronology, and the rest is hers to tell."""
    was: Mapping[str, Any] = before or {
        "options_considered": [],
        "chosen": "",
        "progress": RehousingProgress.CONSIDERING,
    }
    found = []
    if set(plan.options_considered) - set(was["options_considered"]):
        found.append(
            Entry(
                REHOUSING,
                "rehousing_options",
                now,
                "Rehousing options considered",
                (("Options", "; ".join(plan.option_labels())),),
            )
        )
    if plan.chosen and plan.chosen != was["chosen"]:
        found.append(
            Entry(
                REHOUSING,
                "rehousing_choice",
                now,
                "The survivor's choice recorded",
                (("Choice", RehousingOption(plan.chosen).label),),
            )
        )
    if plan.progress != was["progress"]:
        label = RehousingProgress(plan.progress).label
        if plan.progress in OUTCOMES:
            moved_on = plan.moved_on if plan.progress == RehousingProgress.MOVED else None
            found.append(
                Entry(
                    REHOUSING,
                    "rehousing_outcome",
                    on_day(moved_on) if moved_on else now,
                    f"Outcome: {label}",
                    by_day=moved_on is not None,
                )
            )
        else:
            found.append(Entry(REHOUSING, "rehousing_progress", now, f"Progress: {label}"))
    return found


# --- Action against perpetrators ------------------------------------------------------------------


def _action(action: PerpetratorAction) -> tuple[str, str]:
    return ("Action", action.get_kind_display())


def court_date_set(action: PerpetratorAction, now: dt.datetime) -> Entry:
    assert action.court_date is not None
    return Entry(
        PERPETRATOR,
        "court_date",
        now,
        "Court date set",
        (_action(action), ("Court date", format_date(action.court_date))),
    )


def perpetrator_action_recorded(action: PerpetratorAction, now: dt.datetime) -> list[Entry]:
    """Started (or planned), with the date the survivor's wishes were recorded, which comes
    first; and the court date when one is already known."""
    wishes = ("Survivor's wishes recorded", format_date(action.wishes_recorded_on))
    found = [
        Entry(
            PERPETRATOR,
            "perpetrator_started",
            on_day(action.started_on),
            "Started",
            (_action(action), wishes),
            by_day=True,
        )
        if action.started_on
        else Entry(
            PERPETRATOR,
            "perpetrator_planned",
            now,
            "Planned",
            (_action(action), wishes),
        )
    ]
    if action.court_date:
        found.append(court_date_set(action, now))
    return found


def perpetrator_action_changed(
    action: PerpetratorAction, was_status: str, was_court_date: dt.date | None, now: dt.datetime
) -> list[Entry]:
    found = []
    if action.status != was_status:
        if was_status == PerpetratorActionStatus.PLANNED and action.started_on:
            found.append(
                Entry(
                    PERPETRATOR,
                    "perpetrator_started",
                    on_day(action.started_on),
                    "Started",
                    (_action(action),),
                    by_day=True,
                )
            )
        if action.status != PerpetratorActionStatus.STARTED:
            found.append(
                Entry(
                    PERPETRATOR,
                    "perpetrator_status",
                    now,
                    f"Now {PerpetratorActionStatus(action.status).label.lower()}",
                    (_action(action),),
                )
            )
    if action.court_date and action.court_date != was_court_date:
        found.append(court_date_set(action, now))
    return found


def breach_logged(breach: PerpetratorBreach) -> Entry:
    return Entry(
        PERPETRATOR,
        "breach",
        on_day(breach.occurred_on),
        "Breach logged",
        (
            _action(breach.action),
            ("Reported to the police", "Yes" if breach.reported_to_police else "No"),
        ),
        by_day=True,
    )
