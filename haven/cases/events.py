"""The access-log events of the case app: intake, the record, lifecycle, contact, chronology and
documents. Every one targets a case. None carries case content: counts, outcomes, field names,
and row numbers only; a case reference, a staff account's number or the cases a search found
is marked as identifying."""

from haven.platform.registries import EventType

CASE = "cases.case"


def _case(name: str, label: str, *keys: str, identifies_person: bool = False) -> EventType:
    return EventType(name, label, CASE, frozenset(keys), identifies_person)


RECORD_PARTS = ("summary", "survivor", "needs", "equality", "tenancy", "abuse", "children")
CONTACT_KEYS = ("case", "contact", "direction", "channel", "status", "outcome")

EVENT_TYPES = [
    # Reading and searching
    _case("case.viewed", "Case viewed", "page"),
    _case("case.access_refused", "Case refused (out of scope)", "restricted"),
    # Never what was typed. `cases`: the ids of the cases returned (also linked, so each case's
    # access history finds the search); `out_of_scope`: how many matching cases the person may
    # not see (counted up to a limit; `out_of_scope_more` past it), `restricted` whether any of
    # them is restricted. Restricted ones are linked too, so their history shows the attempt.
    EventType(
        "case.searched",
        "Cases searched",
        "",
        frozenset(
            {"fields", "results", "cases", "out_of_scope", "out_of_scope_more", "restricted"}
        ),
        identifies_person=True,
        links=(
            ("returned", "Appeared in a search by {who}"),
            ("matched_out_of_scope", "Matched a search by {who}, who may not see it"),
        ),
    ),
    # Intake
    _case(
        "case.created",
        "Case created",
        "channel",
        "confirmed_different",
        "immediate_danger",
        "possible_matches",
    ),
    _case("case.concern_logged", "Concern logged", "immediate_danger", "possible_matches"),
    _case("case.disclosure_linked", "Disclosure added to a case", "channel"),
    # The record
    *(
        _case(f"case.{part}_updated", f"Case {part} changed", "record", "fields")
        for part in RECORD_PARTS
    ),
    _case("case.household_member_added", "Household member added", "child"),
    _case("case.household_member_updated", "Household member changed", "record", "fields"),
    _case("case.perpetrator_added", "Perpetrator added", "staff_member"),
    _case("case.perpetrator_updated", "Perpetrator changed", "record", "fields"),
    # Lifecycle
    _case("case.allocated", "Case allocated", "from_user", "to_user", identifies_person=True),
    _case("case.reassigned", "Case reassigned", "from_user", "to_user", identifies_person=True),
    _case("case.restricted", "Case restricted", "named_users", identifies_person=True),
    _case("case.restriction_lifted", "Case restriction lifted"),
    _case("case.first_contact", "First contact made", "on_time"),
    _case("case.status_changed", "Case status changed", "from", "to"),
    _case("case.closed", "Case closed", "reason", "handed_over"),
    _case("case.reopened", "Case reopened", "times_reopened"),
    _case("case.review_requested", "Coordinator review asked for", "kind"),
    _case("case.review_completed", "Coordinator review completed", "reason"),
    # Safeguarding: the decision's kind and outcome and row numbers, never its reasons.
    _case(
        "case.safeguarding_decided",
        "Safeguarding decision recorded",
        "kind",
        "outcome",
        "decision",
        "supersedes",
    ),
    # Contact and the safe-contact plan
    _case(
        "contact.plan_created", "Safe-contact plan made", "case", "fields", identifies_person=True
    ),
    _case(
        "contact.plan_updated",
        "Safe-contact plan changed",
        "case",
        "fields",
        identifies_person=True,
    ),
    _case("contact.recorded", "Contact recorded", *CONTACT_KEYS, identifies_person=True),
    _case("contact.scheduled", "Contact planned", *CONTACT_KEYS, identifies_person=True),
    _case(
        "contact.cancelled", "Planned contact cancelled", "case", "contact", identifies_person=True
    ),
    _case(
        "contact.plan_overridden",
        "Safe-contact plan overridden",
        *CONTACT_KEYS,
        "rules_broken",
        "then",
        identifies_person=True,
    ),
    _case(
        "contact.plan_breach_recorded",
        "Contact against the safe-contact plan recorded after it happened",
        *CONTACT_KEYS,
        "rules_broken",
        "then",
        identifies_person=True,
    ),
    _case(
        "contact.breach_followed_up",
        "Contact against the safe-contact plan followed up",
        "case",
        "contact",
        "already_happened",
        identifies_person=True,
    ),
    EventType(
        "contact.overrides_viewed",
        "Plan overrides viewed",
        "",
        frozenset({"page", "shown", "showing"}),
    ),
    # Chronology and documents
    _case("chronology.note_added", "Note added", "case", "entry", identifies_person=True),
    _case(
        "chronology.incident_added", "Incident recorded", "case", "entry", identifies_person=True
    ),
    _case(
        "chronology.entry_corrected",
        "Chronology entry corrected",
        "case",
        "entry",
        "corrects",
        identifies_person=True,
    ),
    _case(
        "document.uploaded",
        "Document uploaded",
        "case",
        "document",
        "kind",
        "size_bytes",
        identifies_person=True,
    ),
    _case("document.downloaded", "Document downloaded", "case", "document", identifies_person=True),
]
