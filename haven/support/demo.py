"""Synthetic support work for demo and benchmark cases: lock changes (most within the clock,
some late, a few still running), other security work, action plans with actions and reviews,
property alerts, rehousing (most survivors choosing to stay local, as in the seed story) and
a few actions against perpetrators. Deterministic for a seed; bulk inserts in batches."""

import datetime as dt
import random
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from haven.cases.models import ACTIVE_STATUSES, Case
from haven.cases.models.chronology import ChronologyEntry
from haven.cases.services import chronology as chronology_services
from haven.platform.registries import DemoRun
from haven.support import chronology, rules
from haven.support.models import (
    ActionPlan,
    PerpetratorAction,
    PlanAction,
    PlanReview,
    Property,
    PropertyAlert,
    RehousingPlan,
    SecurityRequest,
    SupportEntry,
    property_postcode_index,
    property_reference_index,
)

BATCH = 1000
LOCK_SHARE = 0.3
OTHER_SECURITY_SHARE = 0.2
PLAN_SHARE = 0.55
ALERT_SHARE = 0.12
REHOUSING_SHARE = 0.12
PERPETRATOR_SHARE = 0.06

ACTIONS = [
    ("officer", "", "Apply for a management transfer with the survivor"),
    ("officer", "", "Check the new locks and the letterbox guard are fitted"),
    ("agency", "Derby Domestic Abuse Support Service", "Outreach worker to visit"),
    ("agency", "Police", "Install a panic alarm linked to the police"),
    ("survivor", "", "Keep the phone charged and the safe word agreed"),
    ("survivor", "", "Tell the school who may collect the children"),
    ("officer", "", "Chase the housing register band"),
    ("agency", "Citizens Advice", "Benefits and debt advice appointment"),
]
OTHER_KINDS = ["extra_locks", "door_window", "letterbox", "alarm", "doorbell_camera", "fire_safety"]
STREETS = ["Rowan Way", "Elm Road", "Birch Close", "Larch Avenue", "Willow Court", "Hazel Street"]
# Postcodes start with X, which no real postcode area does (as the cases demo does).
TOWNS = [("Derby", "XD1"), ("Belper", "XD56"), ("Buxton", "XK17"), ("Glossop", "XK13")]
# Ofcom's range for drama: never a real number.
DEMO_CONTACT = "Tenancy Services, 0808 157 0123"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def seed(run: DemoRun) -> int:
    rng = run.rng("support")
    now = run.now
    today = timezone.localtime(now).date()
    cases = (
        Case.objects.filter(first_contact_at__isnull=False, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "owner_id", "first_contact_at", "status")
    )
    made = 0
    batch: list[tuple[Any, ...]] = []
    for row in cases.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            made += _flush(batch, rng, now, today)
            batch = []
    if batch:
        made += _flush(batch, rng, now, today)
    return made


def _flush(
    batch: list[tuple[Any, ...]], rng: random.Random, now: dt.datetime, today: dt.date
) -> int:
    hours = settings.HAVEN_LOCK_CHANGE_HOURS
    security: list[SecurityRequest] = []
    plans: list[ActionPlan] = []
    plan_rows: list[tuple[ActionPlan, int]] = []
    alerts: list[tuple[int, int, int]] = []
    rehousing: list[RehousingPlan] = []
    perpetrator: list[PerpetratorAction] = []
    for case_id, owner_id, first_contact_at, status in batch:
        active = status in ACTIVE_STATUSES
        start = timezone.localtime(first_contact_at)
        span_hours = max(int((now - start).total_seconds() // 3600), 1)
        if rng.random() < LOCK_SHARE:
            asked = start + dt.timedelta(hours=rng.randint(0, min(span_hours, 72)))
            taken = rng.choice([3, 5, 8, 12, 18, 20, 22, 23, 26, 30, 40])
            done: dt.datetime | None = asked + dt.timedelta(hours=taken)
            if done is not None and done > now:
                done = None if active else now
            security.append(
                SecurityRequest(
                    case_id=case_id,
                    kind="lock_change",
                    works_order_reference=f"WO-{rng.randint(10000, 99999)}",
                    requested_at=asked,
                    due_at=rules.lock_change_due_at(asked, hours),
                    completed_at=done,
                    keys_recovered=rng.choice(["yes", "no", "not_held", "unknown"])
                    if done
                    else "unknown",
                    no_recharge=True,
                    requested_by_id=owner_id,
                    completed_by_id=owner_id if done else None,
                )
            )
        if rng.random() < OTHER_SECURITY_SHARE:
            asked = start + dt.timedelta(hours=rng.randint(0, min(span_hours, 24 * 14)))
            done = asked + dt.timedelta(days=rng.randint(2, 20))
            security.append(
                SecurityRequest(
                    case_id=case_id,
                    kind=rng.choice(OTHER_KINDS),
                    requested_at=asked,
                    completed_at=(None if active else now) if done > now else done,
                    no_recharge=rng.random() < 0.9,
                    survivor_choice="Chose a doorbell camera; turned down a safe room."
                    if rng.random() < 0.3
                    else "",
                    requested_by_id=owner_id,
                )
            )
        if rng.random() < PLAN_SHARE:
            agreed = start.date() + dt.timedelta(days=rng.randint(0, 7))
            agreed = min(agreed, today)
            weeks = settings.HAVEN_REVIEW_WEEKS_UNKNOWN
            done_reviews = 0
            last = agreed
            while active and rng.random() < 0.6 and done_reviews < 4:
                following = rules.next_review_due(last, weeks)
                if following >= today:
                    break
                last, done_reviews = following, done_reviews + 1
            plan = ActionPlan(
                case_id=case_id,
                agreed_on=agreed,
                next_review_on=rules.next_review_due(last, weeks),
                review_weeks=weeks,
                created_by_id=owner_id,
                created_at=_at(agreed, 12),
            )
            plans.append(plan)
            plan_rows.append((plan, done_reviews))
        if rng.random() < ALERT_SHARE:
            alerts.append((case_id, owner_id, rng.randint(1, 99999)))
        if rng.random() < REHOUSING_SHARE:
            moved = rng.random() < 0.4
            rehousing.append(
                RehousingPlan(
                    case_id=case_id,
                    options_considered=["stay_secured", "management_transfer", "refuge"],
                    chosen=rng.choice(["management_transfer", "stay_secured", "reciprocal"]),
                    reasons=rng.sample(["school", "work", "support_network"], 2),
                    areas_to_avoid="Near the perpetrator's workplace in the town centre.",
                    progress="moved" if moved else rng.choice(["considering", "applied"]),
                    new_address=f"{rng.randint(1, 80)} {rng.choice(STREETS)}, {rng.choice(TOWNS)[0]}"
                    if moved
                    else "",
                    updated_by_id=owner_id,
                )
            )
        if rng.random() < PERPETRATOR_SHARE:
            recorded = min(start.date() + dt.timedelta(days=rng.randint(1, 30)), today)
            perpetrator.append(
                PerpetratorAction(
                    case_id=case_id,
                    kind=rng.choice(
                        ["warning", "injunction", "nsp", "programme", "police_liaison"]
                    ),
                    survivor_wishes="She wants him kept away from the home; no court yet.",
                    wishes_recorded_on=recorded,
                    started_on=recorded,
                    status="started",
                    created_by_id=owner_id,
                )
            )
    with transaction.atomic():
        SecurityRequest.objects.bulk_create(security, batch_size=500)
        ActionPlan.objects.bulk_create(plans, batch_size=500)
        actions: list[PlanAction] = []
        reviews: list[PlanReview] = []
        for plan, count in plan_rows:
            for kind, agency, what in rng.sample(ACTIONS, rng.randint(2, 4)):
                due = plan.agreed_on + dt.timedelta(days=rng.randint(3, 40))
                finished = due < today and rng.random() < 0.75
                actions.append(
                    PlanAction(
                        plan=plan,
                        what=what,
                        owner_kind=kind,
                        agency=agency,
                        due_on=due,
                        status="done" if finished else "open",
                        completed_on=due if finished else None,
                        created_by_id=plan.created_by_id,
                    )
                )
            last = plan.agreed_on
            for _ in range(count):
                last = rules.next_review_due(last, plan.review_weeks)
                reviews.append(
                    PlanReview(
                        plan=plan,
                        reviewed_on=last,
                        with_survivor=rng.random() < 0.8,
                        next_review_on=rules.next_review_due(last, plan.review_weeks),
                        reviewed_by_id=plan.created_by_id,
                    )
                )
        PlanAction.objects.bulk_create(actions, batch_size=500)
        PlanReview.objects.bulk_create(reviews, batch_size=500)
        made_alerts = _alerts(alerts, rng, today, now)
        RehousingPlan.objects.bulk_create(rehousing, batch_size=500)
        PerpetratorAction.objects.bulk_create(perpetrator, batch_size=500)
        _chronology(security, plans, reviews, made_alerts, rehousing, perpetrator, now)
    return len(security) + len(plans) + len(made_alerts) + len(rehousing) + len(perpetrator)


def _chronology(
    security: list[SecurityRequest],
    plans: list[ActionPlan],
    reviews: list[PlanReview],
    alerts: list[PropertyAlert],
    rehousing: list[RehousingPlan],
    perpetrator: list[PerpetratorAction],
    now: dt.datetime,
) -> None:
    """The steps the services would have put in the case's chronology, worded the same way
    (haven/support/chronology.py), recorded by the case's officer when each happened. Not the
    plan's actions: two to four a plan, each added and mostly done, they would treble the
    entries (and the seeding time at 100,000 cases) for little a demo shows."""
    steps: list[tuple[int, int, chronology.Entry]] = []
    for item in security:
        steps.append((item.case_id, item.requested_by_id, chronology.security_requested(item)))
        if item.completed_at is not None:
            steps.append((item.case_id, item.requested_by_id, chronology.security_completed(item)))
    for plan in plans:
        steps.append((plan.case_id, plan.created_by_id, chronology.plan_agreed(plan)))
    for review in reviews:
        steps.append((review.plan.case_id, review.reviewed_by_id, chronology.plan_reviewed(review)))
    for alert in alerts:
        steps.append((alert.case_id, alert.created_by_id, chronology.alert_added(alert)))
    for housing in rehousing:
        by = housing.updated_by_id
        steps += [
            (housing.case_id, by, s) for s in chronology.rehousing_changed(None, housing, now)
        ]
    for taken in perpetrator:
        by = taken.created_by_id
        steps += [
            (taken.case_id, by, s) for s in chronology.perpetrator_action_recorded(taken, now)
        ]
    entries = chronology_services.add_entries(
        [
            ChronologyEntry(
                case_id=case_id,
                kind=step.kind,
                occurred_at=step.occurred_at,
                recorded_at=min(step.occurred_at, now),
                recorded_by_id=by,
                narrative="",
            )
            for case_id, by, step in steps
        ]
    )
    SupportEntry.objects.bulk_create(
        [
            SupportEntry(
                entry=entry,
                event=step.event,
                what=step.what,
                facts=[list(fact) for fact in step.facts],
                by_day=step.by_day,
            )
            for entry, (_, _, step) in zip(entries, steps, strict=True)
        ],
        batch_size=500,
    )


def _alerts(
    rows: list[tuple[int, int, int]], rng: random.Random, today: dt.date, now: dt.datetime
) -> list[PropertyAlert]:
    made = []
    for case_id, owner_id, number in rows:
        reference = f"PR-{number:05d}"
        index = property_reference_index(reference)
        prop = Property.objects.filter(reference_index=index).first()
        if prop is None:
            town, district = rng.choice(TOWNS)
            postcode = (
                f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRS')}"
            )
            prop = Property.objects.create(
                reference=reference,
                address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, {town}",
                postcode=postcode,
            )
            assert prop.postcode_index == property_postcode_index(postcode)
        prop.cases.add(case_id)
        alert = PropertyAlert.objects.create(
            property=prop,
            kind=rng.choice(["no_lone_visits", "contact_first", "do_not_disclose"]),
            contact=DEMO_CONTACT,
            review_on=today + dt.timedelta(days=rng.randint(10, 180)),
            case_id=case_id,
            created_by_id=owner_id,
            created_at=now,
        )
        made.append(alert)
    return made
