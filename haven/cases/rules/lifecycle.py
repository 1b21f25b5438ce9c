"""The lifecycle of a case: which moves are allowed, and what must be true before closing.

new -> in triage (allocated) -> open (first contact made) -> closed -> reopened; a survivor who
stops engaging makes the case "disengaged", which is reviewed, never silently closed.
"""

from collections.abc import Mapping
from dataclasses import dataclass

NEW = "new"
IN_TRIAGE = "in_triage"
OPEN = "open"
DISENGAGED = "disengaged"
CLOSED = "closed"
REOPENED = "reopened"

ALLOWED_TRANSITIONS: Mapping[str, frozenset[str]] = {
    NEW: frozenset({IN_TRIAGE, OPEN, CLOSED}),
    IN_TRIAGE: frozenset({OPEN, DISENGAGED, CLOSED}),
    OPEN: frozenset({DISENGAGED, CLOSED}),
    DISENGAGED: frozenset({OPEN, CLOSED}),
    CLOSED: frozenset({REOPENED}),
    REOPENED: frozenset({OPEN, DISENGAGED, CLOSED}),
}

# Closure reasons (values of haven.cases.models.ClosureReason) with extra conditions.
NO_CONTACT_RISK_REVIEWED = "no_contact_risk_reviewed"
# What the notes must say for each reason that needs them.
NOTES_NEEDED = {
    "other": "Explain in the notes why the case is being closed",
    "moved_with_handover": "Say in the notes which service the case was handed over to",
    "referred_on": "Say in the notes which service the survivor was referred to",
}
REASONS_NEEDING_NOTES = frozenset(NOTES_NEEDED)


class TransitionRefused(ValueError):
    """A move the lifecycle does not allow; the message says why, in plain words."""


def can_move(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())


def check_move(current: str, target: str) -> None:
    if not can_move(current, target):
        raise TransitionRefused(
            f"A case that is {current.replace('_', ' ')} cannot be made {target.replace('_', ' ')}."
        )


def closing_needs_coordinator(*, allocated: bool, contacted: bool) -> bool:
    """A case nobody holds and nobody has reached the survivor on: closing it would end the
    only chance of contact, so it is the coordinator's decision, never an officer's."""
    return not allocated and not contacted


UNCONTACTED_NOTES = (
    "Say in the notes why the case is closed although nobody has contacted the survivor"
)


@dataclass(frozen=True)
class ClosureCheck:
    reason: str
    notes: str
    handed_over: bool
    coordinator_reviewed_no_contact: bool
    # What the registered closure blockers found still open, one sentence each: items that may
    # be handed over instead, and items that must be finished whatever happens.
    open_items: tuple[str, ...] = ()
    unfinished: tuple[str, ...] = ()
    # Nobody holds the case and nobody has contacted the survivor (the coordinator is closing).
    uncontacted: bool = False


def closure_problems(check: ClosureCheck) -> dict[str, str]:
    """Why the case cannot be closed yet, keyed by the form field to show the message on.

    Empty when closing is allowed.
    """
    problems: dict[str, str] = {}
    if not check.reason:
        problems["reason"] = "Select why the case is being closed"
        return problems
    if check.reason in REASONS_NEEDING_NOTES and not check.notes.strip():
        problems["notes"] = NOTES_NEEDED[check.reason]
    elif check.uncontacted and not check.notes.strip():
        problems["notes"] = UNCONTACTED_NOTES
    if check.reason == NO_CONTACT_RISK_REVIEWED and not check.coordinator_reviewed_no_contact:
        problems["reason"] = (
            "The coordinator must review the risk before a case is closed for no contact. "
            "Ask for a coordinator review first"
        )
    if check.unfinished:
        problems["reason"] = (
            " and ".join(check.unfinished) + ". These must be finished before the case is closed"
        )
    if check.open_items and not check.handed_over:
        problems["handed_over"] = (
            " and ".join(check.open_items)
            + ". Finish them, or confirm they have been handed over and say to whom in the notes"
        )
    if check.open_items and check.handed_over and not check.notes.strip():
        problems["notes"] = "Say in the notes who the open actions were handed over to"
    return problems
