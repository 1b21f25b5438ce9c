"""Every change to safe-contact plans, contacts, the chronology and documents.

Each function is one transaction that writes one access-log event. Outbound contact is checked
against the survivor's safe-contact plan here, and only here, so no view, import or API can
record or schedule a contact that breaks the plan without an officer's recorded reason.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.versioning import Saved, save_versioned
from haven.cases.models import Case
from haven.cases.models.chronology import (
    EntryKind,
)
from haven.cases.models.contact import (
    ContactChannel,
    ContactDirection,
    ContactOutcome,
    ContactRecord,
    ContactStatus,
    SafeContactPlan,
)
from haven.cases.rules.safe_contact import Breach, Channel, ProposedContact, breaches
from haven.cases.services import chronology, lifecycle
from haven.cases.services.access import case_event, plan_for

# Recording a contact "now" from a phone in a corridor: allow a little clock drift.
FUTURE_TOLERANCE = dt.timedelta(minutes=10)


# An override reason must say something: "ok" or "." is not a reason.
MINIMUM_OVERRIDE_REASON_LENGTH = 10


PLAN_FIELDS = (
    "allowed_channels",
    "phone_numbers",
    "email_address",
    "postal_address",
    "visit_address",
    "third_party",
    "safe_times",
    "unsafe_times",
    "voicemail_allowed",
    "code_word",
    "notes",
    "agreed_on",
)


class ContactError(ValueError):
    """A contact that cannot be recorded; the message is written for the officer."""


class ContactBreachesPlan(ContactError):
    """The contact breaks the safe-contact plan and no (good enough) override reason was given."""

    def __init__(self, found: list[Breach], *, reason_too_short: bool = False) -> None:
        self.breaches = found
        self.reason_too_short = reason_too_short
        super().__init__("; ".join(b.message for b in found))


@transaction.atomic
def save_safe_contact_plan(
    case: Case,
    *,
    actor: Any,
    values: dict[str, Any],
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> Saved:
    """Create or update the plan, writing only what this officer changed since the version they
    opened (`expected_version`, None for a new plan). EditConflict (nothing saved) when someone
    else changed the same things meanwhile; their other changes are kept."""
    survivor = case.survivor
    plan = SafeContactPlan.objects.select_for_update().filter(survivor=survivor).first()
    creating = plan is None
    if plan is None:
        plan = SafeContactPlan(survivor=survivor, version=1, updated_by=actor)
        for name in PLAN_FIELDS:
            setattr(plan, name, values[name])
        plan.updated_at = timezone.now()
        plan.save()
        saved = Saved(record=plan, changed=list(PLAN_FIELDS))
    else:

        def stamp(record: SafeContactPlan, _changed: list[str]) -> None:
            record.updated_by = actor
            record.updated_at = timezone.now()

        saved = save_versioned(
            SafeContactPlan,
            plan.pk,
            fields=PLAN_FIELDS,
            submitted=values,
            opened_version=expected_version or 0,
            actor=actor,
            before_save=stamp,
        )
        plan = saved.record
    changed_fields = saved.changed
    chronology.add_entry(
        case,
        kind=EntryKind.NOTE,
        occurred_at=plan.updated_at,
        actor=actor,
        narrative=(
            "Safe-contact plan agreed and recorded."
            if creating
            else "Safe-contact plan updated: "
            + (", ".join(_field_label(n) for n in changed_fields) or "nothing changed")
            + "."
        ),
    )
    case_event(
        "contact.plan_created" if creating else "contact.plan_updated",
        case,
        actor=actor,
        request=request,
        detail={"fields": changed_fields},
    )
    return saved


_FIELD_LABELS = {
    "allowed_channels": "safe ways to make contact",
    "phone_numbers": "numbers",
    "email_address": "e-mail address",
    "postal_address": "address for letters",
    "visit_address": "address for visits",
    "third_party": "third party",
    "safe_times": "safe times",
    "unsafe_times": "unsafe times",
    "voicemail_allowed": "voicemail",
    "code_word": "code word",
    "notes": "notes",
    "agreed_on": "date agreed",
}


def _field_label(name: str) -> str:
    return _FIELD_LABELS.get(name, name)


def check_against_plan(
    case: Case, *, channel: str, when: dt.datetime, destination: str, leaves_voicemail: bool
) -> list[Breach]:
    """The rules an outbound contact would break (empty when it keeps to the plan)."""
    plan = plan_for(case)
    if channel not in {c.value for c in Channel}:
        # In person is never outbound: we visit (a channel the plan governs).
        raise ContactError("Choose how we contacted the survivor")
    proposed = ProposedContact(Channel(channel), when, destination, leaves_voicemail)
    return breaches(plan.as_rules() if plan else None, proposed)


def _checked_override(found: list[Breach], override_reason: str) -> str:
    reason = (override_reason or "").strip()
    if not found:
        return ""
    if not reason:
        raise ContactBreachesPlan(found)
    if len(reason) < MINIMUM_OVERRIDE_REASON_LENGTH:
        raise ContactBreachesPlan(found, reason_too_short=True)
    return reason


def _checked_breach(
    found: list[Breach], *, override_reason: str, already_happened: bool, notes: str
) -> str:
    """The override reason to store ("" for a contact that keeps to the plan, or one that had
    already happened). A contact that already happened is never refused for breaking the plan:
    refusing it would only keep it out of the record. It must say what happened, so the
    coordinator can follow it up."""
    if found and already_happened:
        if not notes.strip():
            raise ContactError(
                "Say what happened and what was said, so the coordinator can help follow it up"
            )
        return ""
    return _checked_override(found, override_reason)


def _breach_fields(found: list[Breach], reason: str, *, actor: Any, already: bool) -> dict:
    return {
        "plan_breaches": [b.message for b in found],
        "override_reason": reason,
        "overridden_by": actor if found else None,
        "breach_already_happened": bool(found) and already,
    }


def _entry_kind_for(contact: ContactRecord) -> str:
    return EntryKind.CONTACT if contact.is_successful else EntryKind.CONTACT_ATTEMPT


def _after_contact_done(
    case: Case, contact: ContactRecord, *, actor: Any, request: HttpRequest | None
) -> None:
    entry = chronology.add_entry(
        case,
        kind=_entry_kind_for(contact),
        occurred_at=contact.when,
        actor=actor,
        narrative=contact.notes,
    )
    # An update, not save(): linking the entry is not a change to the contact for its history.
    ContactRecord.objects.filter(pk=contact.pk).update(entry=entry)
    contact.entry = entry
    if contact.is_successful:
        # The first time we reach the survivor stops the first-contact clock and opens the case
        # (cases-core's lifecycle); later contacts never move it.
        if case.first_contact_at is None:
            updated = lifecycle.record_first_contact(
                case, actor=actor, contacted_at=contact.when, request=request
            )
            case.first_contact_at = updated.first_contact_at
            case.status = updated.status
            case.version = updated.version
    elif contact.is_failed_attempt:
        _review_if_too_many_failed_attempts(case, actor=actor, request=request)


def consecutive_failed_attempts(case: Case) -> int:
    """Failed outbound attempts since the survivor was last reached (or ever, if never)."""
    done = ContactRecord.objects.filter(case=case, status=ContactStatus.DONE)
    since = (
        done.filter(
            Q(direction=ContactDirection.INBOUND) | Q(outcome=ContactOutcome.SPOKE_TO_SURVIVOR)
        )
        .order_by("-when")
        .values_list("when", flat=True)
        .first()
    )
    failed = done.filter(
        direction=ContactDirection.OUTBOUND,
        outcome__in=[
            ContactOutcome.NO_ANSWER,
            ContactOutcome.LEFT_VOICEMAIL,
            ContactOutcome.WRONG_PERSON,
            ContactOutcome.NOT_DELIVERED,
        ],
    )
    if since is not None:
        failed = failed.filter(when__gt=since)
    return failed.count()


def _review_if_too_many_failed_attempts(
    case: Case, *, actor: Any, request: HttpRequest | None
) -> None:
    threshold = settings.HAVEN_FAILED_CONTACT_REVIEW_THRESHOLD
    failed = consecutive_failed_attempts(case)
    if failed >= threshold:
        # Never a closure: the coordinator reviews risk and how we are trying to reach the
        # survivor. cases-core keeps one open review per kind, so further failures add no more.
        lifecycle.request_coordinator_review(
            case,
            reason=(
                f"{failed} contact attempts in a row have not reached the survivor. "
                "Please review the risk and how we are trying to make contact."
            ),
            actor=actor,
            request=request,
        )


@transaction.atomic
def record_contact(
    case: Case,
    *,
    actor: Any,
    direction: str,
    channel: str,
    when: dt.datetime,
    outcome: str,
    destination: str = "",
    notes: str = "",
    override_reason: str = "",
    already_happened: bool = False,
    request: HttpRequest | None = None,
) -> ContactRecord:
    """Record a contact that has happened. Outbound contact is checked against the plan: one
    that breaks it needs either the officer's reason for going ahead (an override), or
    `already_happened` (it was not a decision: it is recorded as it was, and flagged to the
    coordinator as a breach to follow up)."""
    if when > timezone.now() + FUTURE_TOLERANCE:
        raise ContactError("The time of the contact must be in the past: to plan one, schedule it")
    found: list[Breach] = []
    leaves_voicemail = outcome == ContactOutcome.LEFT_VOICEMAIL
    if direction == ContactDirection.OUTBOUND:
        if channel == ContactChannel.IN_PERSON:
            raise ContactError("To see the survivor in person, record a visit")
        found = check_against_plan(
            case,
            channel=channel,
            when=when,
            destination=destination,
            leaves_voicemail=leaves_voicemail,
        )
    reason = _checked_breach(
        found, override_reason=override_reason, already_happened=already_happened, notes=notes
    )
    contact = ContactRecord.objects.create(
        case=case,
        direction=direction,
        channel=channel,
        status=ContactStatus.DONE,
        when=when,
        destination=destination,
        leaves_voicemail=leaves_voicemail,
        outcome=outcome,
        notes=notes,
        recorded_by=actor,
        **_breach_fields(found, reason, actor=actor, already=already_happened),
    )
    _after_contact_done(case, contact, actor=actor, request=request)
    _log_contact("contact.recorded", case, contact, found, reason, actor=actor, request=request)
    return contact


@transaction.atomic
def schedule_contact(
    case: Case,
    *,
    actor: Any,
    channel: str,
    when: dt.datetime,
    destination: str = "",
    leaves_voicemail: bool = False,
    notes: str = "",
    override_reason: str = "",
    request: HttpRequest | None = None,
) -> ContactRecord:
    """Plan an outbound contact. It is checked against the plan now, and again when done."""
    if when <= timezone.now():
        raise ContactError("The time of a planned contact must be in the future")
    found = check_against_plan(
        case, channel=channel, when=when, destination=destination, leaves_voicemail=leaves_voicemail
    )
    reason = _checked_override(found, override_reason)
    contact = ContactRecord.objects.create(
        case=case,
        direction=ContactDirection.OUTBOUND,
        channel=channel,
        status=ContactStatus.PLANNED,
        when=when,
        destination=destination,
        leaves_voicemail=leaves_voicemail,
        notes=notes,
        recorded_by=actor,
        **_breach_fields(found, reason, actor=actor, already=False),
    )
    _log_contact("contact.scheduled", case, contact, found, reason, actor=actor, request=request)
    return contact


@transaction.atomic
def complete_planned_contact(
    contact: ContactRecord,
    *,
    actor: Any,
    outcome: str,
    when: dt.datetime,
    notes: str = "",
    override_reason: str = "",
    already_happened: bool = False,
    request: HttpRequest | None = None,
) -> ContactRecord:
    """Record how a planned contact went. The plan may have changed since it was scheduled, so
    the contact is checked again, at the time it actually happened (and, as for any contact,
    one that broke the plan may be recorded as already happened)."""
    contact = ContactRecord.objects.select_for_update().select_related("case").get(pk=contact.pk)
    if contact.status != ContactStatus.PLANNED:
        raise ContactError("This contact has already been recorded")
    if when > timezone.now() + FUTURE_TOLERANCE:
        raise ContactError("The time of the contact must be in the past")
    case = contact.case
    leaves_voicemail = outcome == ContactOutcome.LEFT_VOICEMAIL
    found = check_against_plan(
        case,
        channel=contact.channel,
        when=when,
        destination=contact.destination,
        leaves_voicemail=leaves_voicemail,
    )
    reason = _checked_breach(
        found,
        override_reason=override_reason,
        already_happened=already_happened,
        notes=notes or contact.notes,
    )
    contact.status = ContactStatus.DONE
    contact.when = when
    contact.outcome = outcome
    contact.leaves_voicemail = leaves_voicemail
    if notes.strip():
        contact.notes = f"{contact.notes}\n\n{notes}".strip() if contact.notes else notes
    if found:
        for name, value in _breach_fields(
            found, reason, actor=actor, already=already_happened
        ).items():
            setattr(contact, name, value)
    contact.save()
    _after_contact_done(case, contact, actor=actor, request=request)
    _log_contact("contact.recorded", case, contact, found, reason, actor=actor, request=request)
    return contact


@transaction.atomic
def cancel_planned_contact(
    contact: ContactRecord,
    *,
    actor: Any,
    reason: str,
    request: HttpRequest | None = None,
) -> ContactRecord:
    """A planned contact that will not happen: kept, marked cancelled, the reason in the
    chronology, so the record shows what was planned and why it did not go ahead."""
    if not reason.strip():
        raise ContactError("Say why the planned contact is cancelled")
    contact = ContactRecord.objects.select_for_update().select_related("case").get(pk=contact.pk)
    if contact.status != ContactStatus.PLANNED:
        raise ContactError("Only a contact that is still planned can be cancelled")
    contact.status = ContactStatus.CANCELLED
    contact.save()
    when = timezone.localtime(contact.when)
    chronology.add_entry(
        contact.case,
        kind=EntryKind.NOTE,
        occurred_at=timezone.now(),
        actor=actor,
        narrative=(
            f"Planned {contact.get_channel_display().lower()} for "
            f"{when:%d/%m/%Y %H:%M} cancelled. {reason.strip()}"
        ),
    )
    case_event(
        "contact.cancelled",
        contact.case,
        actor=actor,
        request=request,
        detail={"contact": contact.pk},
    )
    return contact


def _log_contact(
    action: str,
    case: Case,
    contact: ContactRecord,
    found: list[Breach],
    reason: str,
    *,
    actor: Any,
    request: HttpRequest | None,
) -> None:
    detail = {
        "contact": contact.pk,
        "direction": contact.direction,
        "channel": contact.channel,
        "status": contact.status,
        "outcome": contact.outcome,
    }
    if found and contact.breach_already_happened:
        # One event: the breach is the thing the coordinator must be able to find.
        detail["rules_broken"] = [b.rule.value for b in found]
        detail["then"] = action
        case_event(
            "contact.plan_breach_recorded", case, actor=actor, request=request, detail=detail
        )
    elif found:
        # One event: the override is the thing the coordinator must be able to find.
        detail["rules_broken"] = [b.rule.value for b in found]
        detail["then"] = action
        case_event(
            "contact.plan_overridden",
            case,
            actor=actor,
            request=request,
            reason=reason,
            detail=detail,
        )
    else:
        case_event(action, case, actor=actor, request=request, detail=detail)


def overrides_for_coordinator(*, awaiting_follow_up: bool = False) -> QuerySet[ContactRecord]:
    """Contacts against a safe-contact plan (overrides and breaches that had already
    happened), newest first; with `awaiting_follow_up`, only those the coordinator has not yet
    followed up."""
    contacts = ContactRecord.objects.filter(overridden_by__isnull=False)
    if awaiting_follow_up:
        contacts = contacts.filter(breach_followed_up_at__isnull=True)
    return contacts.select_related("case", "overridden_by", "breach_followed_up_by").order_by(
        "-recorded_at", "-id"
    )


@transaction.atomic
def follow_up_plan_breach(
    contact: ContactRecord, *, actor: Any, request: HttpRequest | None = None
) -> ContactRecord:
    """The coordinator has looked at a contact that went against the plan and followed it up
    (with the officer, the survivor, or the plan): it leaves their list of things to look at."""
    contact = ContactRecord.objects.select_for_update().select_related("case").get(pk=contact.pk)
    if not contact.plan_breaches:
        raise ContactError(
            "This contact kept to the safe-contact plan: there is nothing to follow up"
        )
    if contact.breach_followed_up_at is not None:
        return contact
    contact.breach_followed_up_at = timezone.now()
    contact.breach_followed_up_by = actor
    contact.save(update_fields=["breach_followed_up_at", "breach_followed_up_by"])
    case_event(
        "contact.breach_followed_up",
        contact.case,
        actor=actor,
        request=request,
        detail={"contact": contact.pk, "already_happened": contact.breach_already_happened},
    )
    return contact
