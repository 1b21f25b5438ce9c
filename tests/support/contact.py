"""Synthetic cases, plans and chronology for the contact and chronology tests (and the matrix)."""

import datetime as dt
import itertools

from django.utils import timezone

from haven.cases.models import Case, Survivor
from haven.cases.models.chronology import ChronologyEntry, EntryKind, Incident
from haven.cases.models.contact import SafeContactPlan
from haven.cases.rules.safe_contact import LONDON, WEEKDAYS, Channel, TimeWindow
from haven.cases.services import chronology as chronology_services

_numbers = itertools.count(9000)
SAFE_NUMBER = "07700 900123"
SAFE_EMAIL = "safe.mailbox@example.org"
# A weekday window wide enough that any weekday daytime test moment falls inside it.
WEEKDAY_DAYTIME = TimeWindow(WEEKDAYS, 9 * 60, 17 * 60)


def make_case(*, owner, team=None, restricted=False, reference: str | None = None) -> Case:
    now = timezone.now()
    case = Case.objects.create(
        reference=reference or f"DA-2026-{next(_numbers):05d}",
        channel="phone",
        received_at=now - dt.timedelta(days=3),
        first_contact_due_at=now - dt.timedelta(days=2),
        created_by=owner,
        owner=owner,
        # Already in the officer's hands: not "New" on their home page, and opening it writes
        # nothing (so query counts compare like with like).
        owner_opened_at=now if owner is not None else None,
        team=team if team is not None else getattr(owner, "team", None),
        restricted=restricted,
        summary="Synthetic disclosure for tests.",
    )
    Survivor.objects.create(case=case, given_name="Jo", family_name="Example")
    return case


def make_plan(case: Case, *, by, **overrides) -> SafeContactPlan:
    values = dict(
        allowed_channels=[Channel.PHONE.value, Channel.EMAIL.value],
        phone_numbers=SAFE_NUMBER,
        email_address=SAFE_EMAIL,
        safe_times=[WEEKDAY_DAYTIME.as_dict()],
        unsafe_times=[],
        voicemail_allowed=False,
        code_word="bluebell",
        notes="Works mornings. Partner checks her phone in the evening.",
        updated_by=by,
    )
    values.update(overrides)
    return SafeContactPlan.objects.create(survivor=case.survivor, **values)


def recent_weekday_at(hour: int, minute: int = 0, *, weekday: int | None = None) -> dt.datetime:
    """A London time in the past week: the most recent weekday (or the given day) at that hour,
    at least a day ago, so it is always in the past and never near the clocks changing."""
    today = timezone.localdate()
    for back in range(1, 15):
        day = today - dt.timedelta(days=back)
        if (weekday is None and day.weekday() < 5) or day.weekday() == weekday:
            return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)
    raise AssertionError("unreachable")


def add_entries(case: Case, count: int, *, by) -> None:
    now = timezone.now()
    kinds = [EntryKind.NOTE, EntryKind.INCIDENT, EntryKind.NOTE]
    entries = chronology_services.add_entries(
        [
            ChronologyEntry(
                case=case,
                kind=kinds[i % len(kinds)],
                occurred_at=now - dt.timedelta(hours=i + 1),
                recorded_by=by,
                narrative=f"Synthetic entry {i}",
            )
            for i in range(count)
        ]
    )
    Incident.objects.bulk_create(
        Incident(
            entry=entry,
            incident_date=timezone.localdate(entry.occurred_at),
            reported_to_police="unknown",
        )
        for entry in entries
        if entry.kind == EntryKind.INCIDENT
    )
