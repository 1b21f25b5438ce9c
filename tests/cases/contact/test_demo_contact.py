"""Demo histories: deterministic, fast, and consistent with the cases and the plans."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.cases.demo_contact import seed_contact_and_chronology
from haven.cases.models import Case
from haven.cases.models.chronology import ChronologyEntry, EntryKind
from haven.cases.models.contact import ContactRecord, ContactStatus, SafeContactPlan
from haven.cases.rules.safe_contact import Channel, ProposedContact, breaches
from tests.support.contact import make_case

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 15, 0, tzinfo=dt.UTC)


def make_cases(count, owner):
    cases = []
    rng = random.Random(99)
    for index in range(count):
        case = make_case(owner=owner)
        received = NOW - dt.timedelta(days=rng.randint(2, 200), hours=rng.randint(0, 23))
        first_contact = received + dt.timedelta(hours=rng.randint(1, 40)) if index % 4 else None
        Case.objects.filter(pk=case.pk).update(received_at=received, first_contact_at=first_contact)
        cases.append(Case.objects.get(pk=case.pk))
    return cases


def snapshot():
    contacts = sorted(
        (c.case.reference, c.when, c.channel, c.outcome, c.destination, c.status)
        for c in ContactRecord.objects.select_related("case")
    )
    entries = sorted(
        (e.case.reference, e.kind, e.occurred_at, e.narrative)
        for e in ChronologyEntry.objects.select_related("case")
    )
    plans = sorted(
        (p.survivor_id, tuple(p.allowed_channels), p.phone_numbers, p.code_word)
        for p in SafeContactPlan.objects.all()
    )
    return contacts, entries, plans


def wipe():
    # The contacts hold the links to their entries: they go first.
    ContactRecord.objects.all().delete()
    ChronologyEntry.objects.all().delete()
    SafeContactPlan.objects.all().delete()


def test_the_same_seed_gives_the_same_history(alice):
    cases = make_cases(30, alice)
    seed_contact_and_chronology(cases, rng=random.Random(7), now=NOW, officers=[alice])
    first = snapshot()
    wipe()
    seed_contact_and_chronology(cases, rng=random.Random(7), now=NOW, officers=[alice])
    assert snapshot() == first
    assert first[0] and first[1] and first[2]


def test_histories_agree_with_the_case_and_keep_to_the_plan(alice):
    cases = make_cases(60, alice)
    counts = seed_contact_and_chronology(cases, rng=random.Random(3), now=NOW, officers=[alice])
    assert counts["plans"] >= 45
    for case in cases:
        plan = SafeContactPlan.objects.filter(survivor__case=case).first()
        contacts = list(ContactRecord.objects.filter(case=case).order_by("when"))
        successes = [c for c in contacts if c.is_successful]
        if case.first_contact_at is not None:
            assert successes and successes[0].when == case.first_contact_at
        else:
            assert not successes
        for contact in contacts:
            assert contact.when <= NOW or contact.status == ContactStatus.PLANNED
            if contact.direction != "outbound":
                continue
            found = breaches(
                plan.as_rules() if plan else None,
                ProposedContact(
                    Channel(contact.channel),
                    contact.when,
                    contact.destination,
                    contact.leaves_voicemail,
                ),
            )
            # Only an override breaks the plan, and then it says which rules and why.
            assert [b.message for b in found] == contact.plan_breaches
            assert bool(contact.override_reason) == bool(found)
        done = [c for c in contacts if c.status == ContactStatus.DONE]
        assert ChronologyEntry.objects.filter(
            case=case, kind__in=[EntryKind.CONTACT, EntryKind.CONTACT_ATTEMPT]
        ).count() == len(done)


def test_seeding_takes_the_same_number_of_queries_for_a_bigger_batch(alice):
    small, large = make_cases(5, alice), make_cases(50, alice)
    with CaptureQueriesContext(connection) as few:
        seed_contact_and_chronology(
            small, rng=random.Random(1), now=timezone.now(), officers=[alice]
        )
    with CaptureQueriesContext(connection) as many:
        seed_contact_and_chronology(
            large, rng=random.Random(1), now=timezone.now(), officers=[alice]
        )
    # Bulk inserts split every 500 rows; nothing runs once per case.
    assert len(many) <= len(few) + 3
