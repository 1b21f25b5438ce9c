"""The access-log events risk work writes. None carries case content: scores, levels, criteria
keys, statuses, counts and record ids only (a level is about the case, not a named person)."""

from haven.platform.registries import EventType

CASE = "cases.case"
MEETING = "risk.maracmeeting"


def _event(name: str, label: str, target: str, *keys: str) -> EventType:
    return EventType(name, label, target, frozenset(keys))


EVENT_TYPES = [
    _event("risk.dash_draft_saved", "DASH saved as a draft", CASE, "assessment", "answered"),
    _event(
        "risk.dash_completed",
        "DASH completed",
        CASE,
        "assessment",
        "score",
        "level",
        "raised_by_judgement",
    ),
    _event(
        "risk.dash_recorded_from_agency",
        "DASH completed by another agency recorded",
        CASE,
        "assessment",
        "score",
        "level",
    ),
    _event("risk.dash_draft_discarded", "DASH draft discarded", CASE, "assessment"),
    _event(
        "risk.marac_referred", "MARAC referral recorded", CASE, "referral", "criteria", "consent"
    ),
    _event(
        "risk.marac_form_generated", "MARAC referral form made as a PDF", CASE, "referral", "form"
    ),
    _event("risk.marac_meeting_recorded", "MARAC meeting recorded", MEETING, "cases"),
    # How many were shown, never which: the cases are linked, each in its own access history.
    EventType(
        "risk.marac_meeting_viewed",
        "MARAC meeting viewed",
        MEETING,
        frozenset({"cases", "actions"}),
        links=(("shown", "Listed on a MARAC meeting's page, seen by {who}"),),
    ),
    # The owner is a member of staff (an id): who was given the action is part of the record.
    EventType(
        "risk.marac_action_added",
        "MARAC action added",
        CASE,
        frozenset({"action", "meeting", "owner"}),
        identifies_person=True,
    ),
    _event("risk.marac_action_started", "MARAC action in progress", CASE, "action"),
    _event("risk.marac_action_done", "MARAC action done", CASE, "action"),
    _event("risk.mappa_recorded", "MAPPA liaison recorded", CASE, "liaison"),
    _event("risk.dvds_recorded", "Clare's Law application recorded", CASE, "application", "route"),
    _event(
        "risk.dvds_decided",
        "Clare's Law decision recorded",
        CASE,
        "application",
        "status",
        "outcome",
    ),
    _event(
        "risk.safeguarding_referred",
        "Safeguarding referral recorded",
        CASE,
        "referral",
        "kind",
        "decision",
    ),
    _event(
        "risk.safeguarding_outcome_recorded",
        "Safeguarding referral outcome recorded",
        CASE,
        "referral",
        "outcome",
    ),
]
