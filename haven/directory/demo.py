"""Synthetic signposting and referrals for demo and benchmark cases: on cases where the survivor
has been reached, some information given and some referrals, a few still waiting for an answer
past their follow-up date. Deterministic for a seed; bulk inserts in batches, whatever the size."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.cases.models import Case
from haven.cases.models.chronology import ChronologyEntry
from haven.cases.services import chronology as chronology_services
from haven.directory import rules
from haven.directory.models import Referral, ReferralOutcome, Service, Signposting
from haven.platform.registries import DemoRun

SIGNPOST_SHARE = 0.35
REFER_SHARE = 0.25
BATCH = 2000
HOW = ["in_person", "phone", "letter", "email", "text"]


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def seed(run: DemoRun) -> int:
    rng = run.rng("directory")
    services = list(Service.objects.filter(active=True).order_by("key"))
    if not services:
        return 0
    today = timezone.localtime(run.now).date()
    follow_up_days = settings.HAVEN_REFERRAL_FOLLOW_UP_DAYS
    made = 0
    cases = (
        Case.objects.filter(first_contact_at__isnull=False, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "owner_id", "first_contact_at")
    )
    batch: list[tuple[Any, ...]] = []

    def flush() -> None:
        nonlocal made
        entries: list[ChronologyEntry] = []
        rows: list[tuple[str, Any, Any, dt.date, Any]] = []
        for case_id, owner_id, first_contact_at in batch:
            earliest = timezone.localtime(first_contact_at).date()
            for kind, share in (("signposting", SIGNPOST_SHARE), ("referral", REFER_SHARE)):
                if rng.random() >= share:
                    continue
                span = max((today - earliest).days, 0)
                day = earliest + dt.timedelta(days=rng.randint(0, span))
                entries.append(
                    ChronologyEntry(
                        case_id=case_id,
                        kind=kind,
                        occurred_at=_noon(day),
                        recorded_at=_noon(day),
                        recorded_by_id=owner_id,
                        narrative="",
                    )
                )
                rows.append((kind, case_id, owner_id, day, rng.choice(services)))
        with transaction.atomic():
            saved = chronology_services.add_entries(entries)
            signpostings, referrals = [], []
            for entry, (kind, case_id, owner_id, day, service) in zip(saved, rows, strict=True):
                if kind == "signposting":
                    signpostings.append(
                        Signposting(
                            case_id=case_id,
                            service=service,
                            given_on=day,
                            how=rng.choice(HOW),
                            recorded_by_id=owner_id,
                            recorded_at=_noon(day),
                            entry=entry,
                        )
                    )
                    continue
                follow_up_on = rules.follow_up_due_on(day, follow_up_days)
                answered = follow_up_on < today and rng.random() < 0.8
                outcome = rng.choice(list(ReferralOutcome.values)) if answered else ""
                consent = rng.random() < 0.95
                referrals.append(
                    Referral(
                        case_id=case_id,
                        service=service,
                        made_on=day,
                        consent=consent,
                        no_consent_reason=""
                        if consent
                        else "Children at risk of serious harm; the survivor was told.",
                        follow_up_on=follow_up_on,
                        outcome=outcome,
                        outcome_on=min(follow_up_on, today) if outcome else None,
                        made_by_id=owner_id,
                        recorded_at=_noon(day),
                        entry=entry,
                    )
                )
            Signposting.objects.bulk_create(signpostings, batch_size=500)
            Referral.objects.bulk_create(referrals, batch_size=500)
        made += len(saved)
        batch.clear()

    for row in cases.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return made
