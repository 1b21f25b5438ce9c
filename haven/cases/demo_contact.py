"""Synthetic safe-contact plans, contacts, notes and incidents for demo and benchmark cases.

Called by the case seeding (haven.cases.demo) once per batch of cases. Everything is invented:
numbers are from Ofcom's drama range (07700 900xxx), e-mail addresses use example.org, crime
references have no real force prefix. Deterministic for a given `rng` and `now`, and fast:
a handful of bulk inserts per batch, whatever its size.

Histories agree with the cases they belong to: a case whose first contact was made has its
successful contact at that moment (after a few unanswered attempts, sometimes); a case still
waiting has only attempts; contacts we made keep to the survivor's plan, except for a few
overrides with a reason, as happens in real casework.
"""

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from haven.cases.models import Case, Survivor
from haven.cases.models.chronology import ChronologyEntry, EntryKind, Incident, PoliceReport
from haven.cases.models.contact import (
    ContactChannel,
    ContactDirection,
    ContactOutcome,
    ContactRecord,
    ContactStatus,
    SafeContactPlan,
)
from haven.cases.rules.safe_contact import (
    LONDON,
    WEEKDAYS,
    WEEKEND,
    Channel,
    ContactPlan,
    ProposedContact,
    TimeWindow,
    breaches,
)
from haven.cases.services import chronology as chronology_services
from haven.platform.registries import DemoRun

PLAN_SHARE = 0.85
OVERRIDE_SHARE = 0.03

SAFE_TIME_CHOICES: list[list[TimeWindow]] = [
    [TimeWindow(WEEKDAYS, 10 * 60, 14 * 60)],
    [TimeWindow(WEEKDAYS, 9 * 60, 17 * 60)],
    [TimeWindow(WEEKDAYS, 9 * 60 + 30, 15 * 60)],
    [TimeWindow(WEEKDAYS, 10 * 60, 12 * 60), TimeWindow(WEEKDAYS, 13 * 60, 15 * 60)],
    [],
]
UNSAFE_TIME_CHOICES: list[list[TimeWindow]] = [
    [],
    [TimeWindow(frozenset(range(7)), 18 * 60, 24 * 60)],
    [TimeWindow(WEEKEND, 0, 24 * 60)],
    [TimeWindow(frozenset(range(7)), 17 * 60 + 30, 8 * 60)],
]
CODE_WORDS = ["bluebell", "lighthouse", "marigold", "pebble", "sparrow", "lantern", "willow"]
PLAN_NOTES = [
    "Partner checks her phone in the evenings. Keep texts short and do not mention housing.",
    "Prefers contact through her sister if the mobile is off.",
    "Uses a work phone: call only when she says she is on a break.",
    "Do not mention the case if a man answers; say it is about a parcel delivery.",
    "Letters to the support centre only. Nothing with our logo to the home address.",
    "Hard of hearing: texts first, then a call if she replies that it is safe.",
    "",
]
THIRD_PARTIES = [
    "Her sister, Sam Carter, 07700 900417",
    "IDVA at the Sunflower Centre, 07700 900628",
    "Support worker at Hope Street refuge, 07700 900735",
]
SAFE_ADDRESSES = [
    "c/o Sunflower Centre, 2 Hope Lane, Exampleton EX1 2AB",
    "c/o Citizens Advice, 10 Market Street, Exampleton EX2 3CD",
    "PO Box 104, Exampleton EX9 9ZZ",
]
VISIT_PLACES = [
    "Sunflower Centre, 2 Hope Lane (room booked by the IDVA)",
    "The housing office, 1 Civic Square",
    "Her mother's home (ask for the address on the day)",
]
CONTACT_NOTES = [
    "Talked through the safety plan and the lock change.",
    "Survivor confirmed the code word and that it was safe to talk.",
    "Discussed rehousing options and the next steps with the injunction.",
    "Checked in after the MARAC. Survivor feels safer with the new locks.",
    "Agreed to call back on Thursday at the same time.",
    "Survivor asked for information about the National Domestic Abuse Helpline.",
]
ATTEMPT_NOTES = ["", "", "Rang once, as agreed.", "Phone off.", "No reply to the text."]
CASE_NOTES = [
    "Lock change ordered; contractor told not to discuss the job with anyone at the property.",
    "Spoke to the MARAC coordinator about the referral.",
    "Sanctuary scheme survey booked.",
    "Referral sent to the local outreach service with the survivor's consent.",
    "Rent account checked: no recharge for damage caused by the abuse.",
    "Peer review with the coordinator: plan still right for the current risk.",
    "Survivor's wishes recorded before any tenancy action against the perpetrator.",
]
INCIDENTS = [
    "Ex-partner came to the property late at night and banged on the door.",
    "Threatening messages received over the weekend.",
    "Perpetrator followed the survivor from the school gates.",
    "Damage to the front door; survivor believes it was the ex-partner.",
    "Verbal abuse and threats in the street outside the flat.",
]
OVERRIDE_REASONS = [
    "Police asked us to pass on an urgent warning and the agreed number was switched off.",
    "Survivor texted from this number asking us to call her on it today.",
]


def _phone(rng: random.Random) -> str:
    return f"07700 900{rng.randint(0, 999):03d}"


def _fits(windows: list[TimeWindow], moment: dt.datetime | None, *, safe: bool) -> bool:
    if moment is None:
        return True
    local = moment.astimezone(LONDON)
    inside = any(w.contains(local.weekday(), local.hour * 60 + local.minute) for w in windows)
    return (inside or not windows) if safe else not inside


def _make_plan(
    survivor_id: int,
    rng: random.Random,
    updated_at: dt.datetime,
    by_id: int,
    *,
    must_allow: dt.datetime | None,
) -> SafeContactPlan:
    """A plausible plan; if `must_allow` is given (the first contact, made by phone to the
    plan's first number), the plan's times allow it."""
    channels = [ContactChannel.PHONE.value]
    if rng.random() < 0.5:
        channels.append(ContactChannel.TEXT.value)
    if rng.random() < 0.3:
        channels.append(ContactChannel.EMAIL.value)
    if rng.random() < 0.2:
        channels.append(ContactChannel.LETTER.value)
    if rng.random() < 0.15:
        channels.append(ContactChannel.VISIT.value)
    if rng.random() < 0.1:
        channels.append(ContactChannel.THIRD_PARTY.value)
    numbers = [_phone(rng)] + ([_phone(rng)] if rng.random() < 0.2 else [])
    return SafeContactPlan(
        survivor_id=survivor_id,
        allowed_channels=channels,
        phone_numbers="\n".join(numbers),
        email_address=(
            f"safe.contact{rng.randint(1, 9999)}@example.org"
            if ContactChannel.EMAIL in channels
            else ""
        ),
        postal_address=rng.choice(SAFE_ADDRESSES) if ContactChannel.LETTER in channels else "",
        visit_address=rng.choice(VISIT_PLACES) if ContactChannel.VISIT in channels else "",
        third_party=rng.choice(THIRD_PARTIES) if ContactChannel.THIRD_PARTY in channels else "",
        safe_times=[
            w.as_dict()
            for w in rng.choice([c for c in SAFE_TIME_CHOICES if _fits(c, must_allow, safe=True)])
        ],
        unsafe_times=[
            w.as_dict()
            for w in rng.choice(
                [c for c in UNSAFE_TIME_CHOICES if _fits(c, must_allow, safe=False)]
            )
        ],
        voicemail_allowed=rng.random() < 0.25,
        code_word=rng.choice(CODE_WORDS) if rng.random() < 0.5 else "",
        notes=rng.choice(PLAN_NOTES),
        agreed_on=updated_at.astimezone(LONDON).date(),
        updated_at=updated_at,
        updated_by_id=by_id,
    )


def _safe_moment(start: dt.datetime, rng: random.Random, *, within_days: int) -> dt.datetime:
    """A weekday, between 10am and 1:59pm London time: inside every safe window we seed and
    outside every unsafe one."""
    day = start.astimezone(LONDON).date() + dt.timedelta(days=rng.randint(0, max(within_days, 0)))
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    minute = rng.randint(10 * 60, 14 * 60 - 1)
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=LONDON)


BATCH_SIZE = 1000


def seed(run: DemoRun) -> int:
    """The contact part's demo seeder (registered in hooks.py): plans, contacts and chronology
    for every demo case, a batch of cases at a time so memory stays flat at 100,000 cases."""
    rng = run.rng("contact")
    officers = run.staff_with("cases.take_unallocated_case")
    made = 0
    last_pk = 0
    while True:
        cases = list(
            Case.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "owner_id", "received_at", "closed_at", "first_contact_at")[:BATCH_SIZE]
        )
        if not cases:
            return made
        with transaction.atomic():
            counts = seed_contact_and_chronology(cases, rng=rng, now=run.now, officers=officers)
        made += counts["contacts"] + counts["entries"]
        last_pk = cases[-1].pk


def seed_contact_and_chronology(
    cases: Sequence[Case], *, rng: random.Random, now: dt.datetime, officers: Sequence[Any]
) -> dict[str, int]:
    """Plans, contacts, attempts, notes and incidents for `cases`; returns how many of each."""
    if not cases:
        return {"plans": 0, "contacts": 0, "entries": 0}
    survivor_ids = dict(
        Survivor.objects.filter(case__in=[c.pk for c in cases]).values_list("case_id", "id")
    )
    plans: list[SafeContactPlan] = []
    contacts: list[ContactRecord] = []
    contact_case: list[Case] = []
    entries: list[ChronologyEntry] = []
    # Incident facts, each beside its entry (in `entries`), linked once the entries have keys.
    incidents: list[tuple[ChronologyEntry, Incident]] = []

    for case in cases:
        # Ids only: touching case.owner would cost a query per case.
        actor_id: int = case.owner_id or rng.choice(list(officers)).pk
        start: dt.datetime = case.received_at
        closed_at: dt.datetime | None = case.closed_at
        end = min(now, closed_at) if closed_at else now
        first_contact_at: dt.datetime | None = case.first_contact_at
        span_days = max((end - start).days, 0)
        survivor_id = survivor_ids.get(case.pk)
        has_plan = survivor_id is not None and (
            first_contact_at is not None or rng.random() < PLAN_SHARE
        )
        number = _phone(rng)
        plan_rules = None
        if has_plan:
            assert survivor_id is not None
            plan = _make_plan(
                survivor_id,
                rng,
                start + dt.timedelta(hours=1),
                actor_id,
                must_allow=first_contact_at,
            )
            plan_rules = plan.as_rules()
            plans.append(plan)
            number = plan.phone_numbers.splitlines()[0]

        def add_contact(
            when: dt.datetime,
            outcome: str,
            *,
            direction: str = "outbound",
            channel: str = ContactChannel.PHONE,
            notes: str = "",
            status: str = ContactStatus.DONE,
            override: bool = False,
            _case: Case = case,
            _number: str = number,
            _actor_id: int = actor_id,
            _rules: ContactPlan | None = plan_rules,
        ) -> None:
            destination = _number if direction == ContactDirection.OUTBOUND else ""
            found: list = []
            if direction == ContactDirection.OUTBOUND:
                if override:
                    # The usual override: a number the survivor gave on the day, not the plan's.
                    destination = _phone(rng)
                found = breaches(
                    _rules,
                    ProposedContact(
                        Channel(channel),
                        when,
                        destination,
                        outcome == ContactOutcome.LEFT_VOICEMAIL,
                    ),
                )
                if found and not override:
                    return  # officers keep to the plan: this contact would not have happened
            contacts.append(
                ContactRecord(
                    case=_case,
                    direction=direction,
                    channel=channel,
                    status=status,
                    when=when,
                    destination=destination,
                    outcome=outcome if status == ContactStatus.DONE else "",
                    notes=notes,
                    plan_breaches=[b.message for b in found],
                    override_reason=rng.choice(OVERRIDE_REASONS) if found else "",
                    overridden_by_id=_actor_id if found else None,
                    recorded_by_id=_actor_id,
                    recorded_at=min(when + dt.timedelta(minutes=rng.randint(5, 90)), now),
                )
            )
            contact_case.append(_case)

        if first_contact_at is not None:
            first = first_contact_at
            for attempt in range(rng.choice([0, 0, 1, 2])):
                when = first - dt.timedelta(hours=3 * (attempt + 1))
                if when > start:
                    add_contact(when, ContactOutcome.NO_ANSWER, notes=rng.choice(ATTEMPT_NOTES))
            add_contact(first, ContactOutcome.SPOKE_TO_SURVIVOR, notes=rng.choice(CONTACT_NOTES))
            for _ in range(rng.randint(0, 5)):
                when = _safe_moment(first, rng, within_days=max((end - first).days - 1, 0))
                if when >= end:
                    continue
                if rng.random() < 0.2:
                    add_contact(
                        when,
                        ContactOutcome.SPOKE_TO_SURVIVOR,
                        direction=ContactDirection.INBOUND,
                        notes="Survivor called us. " + rng.choice(CONTACT_NOTES),
                    )
                else:
                    outcome = rng.choice(
                        [ContactOutcome.SPOKE_TO_SURVIVOR] * 3
                        + [ContactOutcome.NO_ANSWER, ContactOutcome.UNSAFE_TO_TALK]
                    )
                    add_contact(
                        when,
                        outcome,
                        notes=rng.choice(CONTACT_NOTES),
                        override=rng.random() < OVERRIDE_SHARE,
                    )
            if closed_at is None and has_plan and rng.random() < 0.3:
                add_contact(
                    _safe_moment(now + dt.timedelta(days=1), rng, within_days=10),
                    "",
                    status=ContactStatus.PLANNED,
                    notes="Follow-up call about the action plan.",
                )
        elif span_days >= 1 and has_plan:
            for _ in range(rng.randint(1, 2)):
                when = _safe_moment(start, rng, within_days=min(span_days - 1, 3))
                if start < when < end:
                    add_contact(when, ContactOutcome.NO_ANSWER, notes=rng.choice(ATTEMPT_NOTES))

        for _ in range(rng.randint(0, 3)):
            occurred = start + dt.timedelta(
                minutes=rng.randint(0, max(int((end - start).total_seconds() // 60), 1))
            )
            entries.append(
                ChronologyEntry(
                    case=case,
                    kind=EntryKind.NOTE,
                    occurred_at=occurred,
                    recorded_at=occurred,
                    recorded_by_id=actor_id,
                    narrative=rng.choice(CASE_NOTES),
                )
            )
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            incident_day = (start - dt.timedelta(days=rng.randint(0, 20))).astimezone(LONDON).date()
            reported = rng.choice([PoliceReport.YES, PoliceReport.NO, PoliceReport.UNKNOWN])
            entry = ChronologyEntry(
                case=case,
                kind=EntryKind.INCIDENT,
                occurred_at=dt.datetime.combine(incident_day, dt.time(12), tzinfo=LONDON),
                recorded_at=start,
                recorded_by_id=actor_id,
                narrative=rng.choice(INCIDENTS),
            )
            entries.append(entry)
            incidents.append(
                (
                    entry,
                    Incident(
                        incident_date=incident_day,
                        reported_to_police=reported,
                        crime_reference=(
                            f"CR/{rng.randint(10000, 99999)}/{incident_day:%y}"
                            if reported == PoliceReport.YES and rng.random() < 0.7
                            else ""
                        ),
                    ),
                )
            )

    SafeContactPlan.objects.bulk_create(plans, batch_size=500)
    # Each contact that happened holds the link to its entry: the entries go in first.
    contact_entries: list[tuple[ContactRecord, ChronologyEntry]] = []
    for contact, case in zip(contacts, contact_case, strict=True):
        if contact.status != ContactStatus.DONE:
            continue
        successful = contact.direction == ContactDirection.INBOUND or (
            contact.outcome == ContactOutcome.SPOKE_TO_SURVIVOR
        )
        entry = ChronologyEntry(
            case=case,
            kind=EntryKind.CONTACT if successful else EntryKind.CONTACT_ATTEMPT,
            occurred_at=contact.when,
            recorded_at=contact.recorded_at,
            recorded_by_id=contact.recorded_by_id,
            narrative=contact.notes,
        )
        entries.append(entry)
        contact_entries.append((contact, entry))
    chronology_services.add_entries(entries, batch_size=500)
    for contact, entry in contact_entries:
        contact.entry = entry
    ContactRecord.objects.bulk_create(contacts, batch_size=500)
    for entry, incident in incidents:
        incident.entry = entry
    Incident.objects.bulk_create([incident for _, incident in incidents], batch_size=500)
    return {"plans": len(plans), "contacts": len(contacts), "entries": len(entries)}
