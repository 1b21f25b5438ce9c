"""Synthetic risk work for demo and benchmark cases: a realistic mix of DASH levels (some cases
assessed more than once, some by another agency, a few drafts), MARAC referrals for most
high-risk cases with meetings and landlord actions (some done, some open or in progress, a few
overdue, some given to the coordinator), a few Clare's Law applications and MAPPA liaisons, and
safeguarding referrals with their outcomes where the case record says one was made.
Deterministic for a seed; batches, whatever the size.
"""

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from haven.cases.models import (
    Case,
    HouseholdMember,
    SafeguardingDecision,
    SafeguardingOutcome,
)
from haven.cases.models.chronology import ChronologyEntry
from haven.cases.models.safeguarding import SafeguardingDue
from haven.cases.rules.safeguarding import Kind, applicable_kinds
from haven.cases.services import chronology as chronology_services
from haven.cases.services import safeguarding as safeguarding_services
from haven.platform.registries import DemoRun
from haven.risk import config, rules
from haven.risk.models import (
    ActionStatus,
    AssessmentSource,
    AssessmentStatus,
    CaseRisk,
    DashAssessment,
    DvdsApplication,
    DvdsStatus,
    MappaLiaison,
    MaracAction,
    MaracMeeting,
    MaracReferral,
    SafeguardingOutcomeRecord,
    SafeguardingReferral,
    SafeguardingReferralOutcome,
)

BATCH = 1000
ASSESSED_SHARE = 0.75
# Score ranges drawn for a case's first DASH: standard, medium, high, roughly as landlords see.
LEVEL_MIX = ((0.45, (2, 9)), (0.30, (10, 13)), (0.25, (14, 22)))
AGENCIES = (
    "Derbyshire Constabulary",
    "Women's Aid outreach",
    "IDVA service",
    "Children's services",
)
ACTIONS = (
    "Change the locks and fit a door chain",
    "Share the tenancy history with the police",
    "Flag the address for a joint visit only",
    "Consider a management move",
    "Check for rent arrears caused by the abuse and pause recovery",
    "Refer for sanctuary measures",
)


@dataclass
class _Later:
    """The generators of draws added after the first demo data (see `seed`)."""

    actions: random.Random
    coordinator_id: int | None

    def owner_for(self, officer_id: int) -> int:
        # Most actions go to the case's officer; some to the coordinator, who sees every case.
        if self.coordinator_id is not None and self.actions.random() < 0.15:
            return self.coordinator_id
        return officer_id

    def unfinished_status(self) -> ActionStatus:
        return ActionStatus.IN_PROGRESS if self.actions.random() < 0.4 else ActionStatus.OPEN


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _answers(rng: random.Random, score: int) -> str:
    yes = set(rng.sample(rules.QUESTION_NUMBERS, score))
    return json.dumps(
        {
            str(n): {
                "answer": "yes" if n in yes else rng.choice(["no", "no", "no", "dont_know"]),
                "note": "",
                "source": "",
            }
            for n in rules.QUESTION_NUMBERS
        }
    )


def _score_for(rng: random.Random) -> int:
    draw = rng.random()
    for share, (low, high) in LEVEL_MIX:
        if draw < share:
            return rng.randint(low, high)
        draw -= share
    return rng.randint(14, 22)


def seed(run: DemoRun) -> int:
    rng = run.rng("risk")
    # Draws added since the first demo data have generators of their own, so the data drawn
    # before them stays the same for a seed.
    later = _Later(actions=run.rng("risk:actions"), coordinator_id=None)
    today = timezone.localtime(run.now).date()
    bands = config.dash_bands()
    intervals = config.reassess_intervals()
    areas = config.marac_areas()
    coordinators = run.staff_with("risk.coordinate_marac")
    coordinator_id = coordinators[0].pk if coordinators else None
    later.coordinator_id = coordinator_id
    made = 0
    meetings: dict[tuple[str, dt.date], MaracMeeting] = {}
    cases = (
        Case.objects.filter(first_contact_at__isnull=False, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", "owner_id", "first_contact_at", "status")
    )
    batch: list[tuple[Any, ...]] = []

    def meeting_for(area: str, referred_on: dt.date) -> MaracMeeting | None:
        # MARACs meet monthly: the referral is heard at the first meeting after it.
        held = (referred_on.replace(day=1) + dt.timedelta(days=40)).replace(day=10)
        if held > today or coordinator_id is None:
            return None
        key = (area, held)
        if key not in meetings:
            meetings[key] = MaracMeeting.objects.create(
                area=area, held_on=held, recorded_by_id=coordinator_id
            )
        return meetings[key]

    def flush() -> int:
        count = 0
        with transaction.atomic():
            count += _seed_batch(batch, rng, today, bands, intervals, areas, meeting_for, later)
        batch.clear()
        return count

    for row in cases.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            made += flush()
    if batch:
        made += flush()
    return made + len(meetings) + _seed_safeguarding(run, today)


def _seed_batch(
    rows: Sequence[tuple[Any, ...]],
    rng: random.Random,
    today: dt.date,
    bands: rules.Bands,
    intervals: dict[str, int],
    areas: list[str],
    meeting_for: Any,
    later: "_Later",
) -> int:
    plans: list[dict[str, Any]] = []
    entries: list[ChronologyEntry] = []
    for case_id, owner_id, first_contact_at, status in rows:
        if rng.random() >= ASSESSED_SHARE:
            continue
        first_day = timezone.localtime(first_contact_at).date()
        span = max((today - first_day).days, 0)
        score = _score_for(rng)
        visits = [first_day]
        if span > 60 and rng.random() < 0.35:
            visits.append(first_day + dt.timedelta(days=rng.randint(30, span)))
        for index, day in enumerate(visits):
            if index:
                score = max(0, min(24, score + rng.randint(-5, 5)))
            other = index == 0 and rng.random() < 0.1
            judged = ""
            if not other and score < bands.high_from and rng.random() < 0.06:
                judged = rules.Level.HIGH
            level = rules.final_level(score, bands, judged or None)
            plans.append(
                {
                    "case_id": case_id,
                    "owner_id": owner_id,
                    "day": day,
                    "score": score,
                    "level": level,
                    "other": other,
                    "judged": judged,
                    "status": status,
                }
            )
            entries.append(
                ChronologyEntry(
                    case_id=case_id,
                    kind="dash",
                    occurred_at=_noon(day),
                    recorded_at=_noon(day),
                    recorded_by_id=owner_id,
                    narrative="",
                )
            )
    saved = chronology_services.add_entries(entries)
    assessments = []
    for plan, entry in zip(plans, saved, strict=True):
        assessments.append(
            DashAssessment(
                case_id=plan["case_id"],
                status=AssessmentStatus.COMPLETED,
                source=AssessmentSource.OTHER_AGENCY if plan["other"] else AssessmentSource.HERE,
                answers_json="" if plan["other"] else _answers(rng, plan["score"]),
                agency=rng.choice(AGENCIES) if plan["other"] else "",
                judgement_level=plan["judged"],
                judgement_reasons="Threats to kill, and the survivor believes them"
                if plan["judged"]
                else "",
                score=plan["score"],
                level=plan["level"],
                raised_by_judgement=bool(plan["judged"]),
                assessed_on=plan["day"],
                started_by_id=plan["owner_id"],
                started_at=_noon(plan["day"]),
                updated_at=_noon(plan["day"]),
                completed_by_id=plan["owner_id"],
                completed_at=_noon(plan["day"]),
                entry=entry,
            )
        )
    DashAssessment.objects.bulk_create(assessments, batch_size=500)
    latest: dict[int, DashAssessment] = {}
    for assessment in assessments:
        latest[assessment.case_id] = assessment  # plans are in date order per case
    CaseRisk.objects.bulk_create(
        [
            CaseRisk(
                case_id=case_id,
                assessment=a,
                level=a.level,
                score=a.score,
                assessed_on=a.assessed_on,
                reassess_due_on=rules.reassess_due_on(a.assessed_on, a.level, intervals),
            )
            for case_id, a in latest.items()
            if a.assessed_on is not None
        ],
        batch_size=500,
    )
    made = len(assessments) + _marac(latest, rng, today, areas, meeting_for, later)
    # A few drafts, started and not finished.
    owners = {p["case_id"]: p["owner_id"] for p in plans}
    drafts = [
        DashAssessment(
            case_id=case_id,
            answers_json=_answers(rng, rng.randint(0, 6)),
            started_by_id=owners[case_id],
        )
        for case_id in latest
        if rng.random() < 0.04
    ]
    DashAssessment.objects.bulk_create(drafts, batch_size=500)
    return made + len(drafts)


def _marac(
    latest: dict[int, DashAssessment],
    rng: random.Random,
    today: dt.date,
    areas: list[str],
    meeting_for: Any,
    later: "_Later",
) -> int:
    referrals_to_make = []
    entries = []
    for case_id, assessment in latest.items():
        if assessment.level != rules.Level.HIGH or rng.random() >= 0.8:
            continue
        day = min(today, (assessment.assessed_on or today) + dt.timedelta(days=rng.randint(0, 5)))
        referrals_to_make.append((case_id, assessment, day))
        entries.append(
            ChronologyEntry(
                case_id=case_id,
                kind="marac_referral",
                occurred_at=_noon(day),
                recorded_at=_noon(day),
                recorded_by_id=assessment.started_by_id,
                narrative="",
            )
        )
    saved = chronology_services.add_entries(entries)
    referrals, actions, dvds, mappa = [], [], [], []
    for (case_id, assessment, day), entry in zip(referrals_to_make, saved, strict=True):
        area = rng.choice(areas)
        consent = rng.random() < 0.85
        criteria = [rules.Criterion.VISIBLE_HIGH_RISK.value]
        if assessment.raised_by_judgement:
            criteria = [rules.Criterion.PROFESSIONAL_JUDGEMENT.value]
        referrals.append(
            MaracReferral(
                case_id=case_id,
                referred_on=day,
                area=area,
                criteria=criteria,
                survivor_aware=True,
                consent=consent,
                no_consent_reason=""
                if consent
                else "Serious risk to the children; the survivor was told.",
                made_by_id=assessment.started_by_id,
                recorded_at=_noon(day),
                entry=entry,
            )
        )
        meeting = meeting_for(area, day)
        if meeting is None:
            continue
        meeting.cases.add(case_id)
        for _ in range(rng.randint(1, 2)):
            due = meeting.held_on + dt.timedelta(days=rng.choice([7, 14, 28]))
            done = due < today and rng.random() < 0.85
            actions.append(
                MaracAction(
                    case_id=case_id,
                    meeting=meeting,
                    description=rng.choice(ACTIONS),
                    owner_id=later.owner_for(assessment.started_by_id),
                    due_on=due,
                    status=ActionStatus.DONE if done else later.unfinished_status(),
                    completed_on=min(due, today) if done else None,
                    evidence="Done and confirmed with the survivor." if done else "",
                    created_by_id=meeting.recorded_by_id,
                    created_at=_noon(meeting.held_on),
                )
            )
        if rng.random() < 0.15:
            applied = day + dt.timedelta(days=rng.randint(1, 20))
            if applied <= today:
                decided = rules.dvds_decision_due_on(applied) < today and rng.random() < 0.8
                dvds.append(
                    DvdsApplication(
                        case_id=case_id,
                        route=rng.choice(["right_to_ask", "right_to_know"]),
                        applied_on=applied,
                        decision_due_on=rules.dvds_decision_due_on(applied),
                        status=DvdsStatus.DECIDED if decided else DvdsStatus.APPLIED,
                        outcome=rng.choice(["disclosed", "not_disclosed"]) if decided else "",
                        decided_on=applied + dt.timedelta(days=rng.randint(10, 28))
                        if decided
                        else None,
                        recorded_by_id=assessment.started_by_id,
                    )
                )
        if rng.random() < 0.05:
            mappa.append(
                MappaLiaison(
                    case_id=case_id,
                    contacted_on=day,
                    mappa_category="2",
                    mappa_level=rng.choice(["1", "2"]),
                    contact="Offender manager, Probation Service",
                    summary="Shared the tenancy address history; agreed to tell us of release dates.",
                    recorded_by_id=assessment.started_by_id,
                )
            )
    MaracReferral.objects.bulk_create(referrals, batch_size=500)
    MaracAction.objects.bulk_create(actions, batch_size=500)
    DvdsApplication.objects.bulk_create(dvds, batch_size=500)
    MappaLiaison.objects.bulk_create(mappa, batch_size=500)
    return len(referrals) + len(actions) + len(dvds) + len(mappa)


# --- Safeguarding decisions and referrals -----------------------------------------------------------

# Of the cases that call for a decision (children in the household, a survivor with care and
# support needs), the share with one recorded; the rest show the prompt, as on a real caseload.
DECIDED_SHARE = 0.75
# Of decisions, the share that a referral was made (children's more often than adults').
REFERRED_SHARE = {Kind.CHILDREN: 0.6, Kind.ADULT: 0.4}
# Of "referral made" decisions, the share with the referral recorded on the Risk tab (the rest
# show the prompt to record it).
RECORDED_SHARE = 0.85
# Of referrals two weeks old or more, the share whose outcome has come back.
ANSWERED_SHARE = 0.7
AGENCIES_FOR = {
    Kind.CHILDREN: (
        "Derby City Council children's services",
        "Derbyshire County Council Starting Point",
    ),
    Kind.ADULT: (
        "Derby City Council adult social care",
        "Derbyshire County Council Call Derbyshire",
    ),
}
REASONS_FOR = {
    Kind.CHILDREN: (
        "Children live at the address and have been present during incidents.",
        "A child in the household has been hurt. The survivor knows we are referring.",
        "The perpetrator has threatened to take the children.",
    ),
    Kind.ADULT: (
        "The survivor has care and support needs and cannot keep safe from the abuse alone.",
        "The perpetrator is also the survivor's carer and controls their medication.",
    ),
}
NOT_NEEDED_REASONS = {
    Kind.CHILDREN: "Children's services are already involved and know of the abuse.",
    Kind.ADULT: "The survivor's needs are met and they are able to protect themselves.",
}
OUTCOME_MIX = (
    (SafeguardingReferralOutcome.ACCEPTED, 0.45),
    (SafeguardingReferralOutcome.NO_FURTHER_ACTION, 0.25),
    (SafeguardingReferralOutcome.SIGNPOSTED, 0.2),
    (SafeguardingReferralOutcome.OTHER, 0.1),
)


def _outcome(rng: random.Random) -> str:
    draw = rng.random()
    for outcome, share in OUTCOME_MIX:
        if draw < share:
            return outcome.value
        draw -= share
    return SafeguardingReferralOutcome.OTHER.value


def _seed_safeguarding(run: DemoRun, today: dt.date) -> int:
    """Safeguarding decisions on cases that call for one, and for most "referral made"
    decisions the referral, each with its chronology entries, some with what came of it."""
    rng = run.rng("risk:safeguarding")
    cases = (
        Case.objects.filter(first_contact_at__isnull=False, owner__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    made = 0
    batch: list[int] = []
    for case_id in cases.iterator(chunk_size=BATCH):
        batch.append(case_id)
        if len(batch) >= BATCH:
            made += _safeguarding_batch(batch, rng, today)
            batch = []
    if batch:
        made += _safeguarding_batch(batch, rng, today)
    return made


@transaction.atomic
def _safeguarding_batch(ids: Sequence[int], rng: random.Random, today: dt.date) -> int:
    cases = (
        Case.objects.filter(pk__in=ids)
        .select_related("survivor")
        .prefetch_related(
            Prefetch(
                "household_members",
                queryset=HouseholdMember.objects.only(
                    "case_id", "is_child", "date_of_birth", "age_years"
                ),
            )
        )
        .order_by("pk")
    )
    decisions: list[SafeguardingDecision] = []
    for case in cases:
        owner_id = case.owner_id
        if owner_id is None:  # the cases were chosen with an officer: none left since
            continue
        facts = safeguarding_services.facts_for(case, case.household_members.all())
        for kind in applicable_kinds(facts, today):
            if rng.random() >= DECIDED_SHARE:
                continue
            first_day = timezone.localtime(case.first_contact_at).date()
            day = min(today, first_day + dt.timedelta(days=rng.randint(0, 10)))
            referred = rng.random() < REFERRED_SHARE[kind]
            decisions.append(
                SafeguardingDecision(
                    case_id=case.pk,
                    kind=kind.value,
                    outcome=SafeguardingOutcome.REFERRAL_MADE
                    if referred
                    else SafeguardingOutcome.NOT_NEEDED,
                    referred_on=day if referred else None,
                    referred_to=rng.choice(AGENCIES_FOR[kind]) if referred else "",
                    referral_reference=f"SG-{rng.randint(10000, 99999)}" if referred else "",
                    reason="" if referred else NOT_NEEDED_REASONS[kind],
                    decided_by_id=owner_id,
                    decided_at=_noon(day),
                )
            )
    SafeguardingDecision.objects.bulk_create(decisions, batch_size=500)
    # Rows are added in bulk, without the signals that drop a case's derived work-list row:
    # drop them here, so the work list works them out afresh from these decisions.
    SafeguardingDue.objects.filter(case_id__in=ids).delete()
    to_record = [
        d for d in decisions if d.referred_on is not None and rng.random() < RECORDED_SHARE
    ]
    entries = chronology_services.add_entries(
        [
            ChronologyEntry(
                case_id=d.case_id,
                kind="safeguard_referral",
                occurred_at=_noon(d.referred_on or today),
                recorded_at=d.decided_at,
                recorded_by_id=d.decided_by_id,
                narrative="",
            )
            for d in to_record
        ]
    )
    referrals = SafeguardingReferral.objects.bulk_create(
        [
            SafeguardingReferral(
                case_id=d.case_id,
                kind=d.kind,
                agency=d.referred_to,
                referred_on=d.referred_on or today,
                reason=rng.choice(REASONS_FOR[Kind(d.kind)]),
                reference=d.referral_reference,
                decision=d,
                recorded_by_id=d.decided_by_id,
                recorded_at=d.decided_at,
                entry=entry,
            )
            for d, entry in zip(to_record, entries, strict=True)
        ],
        batch_size=500,
    )
    answered: list[tuple[SafeguardingReferral, dt.date]] = []
    for referral in referrals:
        if (today - referral.referred_on).days < 14 or rng.random() >= ANSWERED_SHARE:
            continue
        heard = min(today, referral.referred_on + dt.timedelta(days=rng.randint(5, 30)))
        referral.outcome = _outcome(rng)
        referral.outcome_on = heard
        answered.append((referral, heard))
    SafeguardingReferral.objects.bulk_update(
        [r for r, _heard in answered], ["outcome", "outcome_on"], batch_size=500
    )
    outcome_entries = chronology_services.add_entries(
        [
            ChronologyEntry(
                case_id=r.case_id,
                kind="safeguard_outcome",
                occurred_at=_noon(heard),
                recorded_at=_noon(heard),
                recorded_by_id=r.recorded_by_id,
                narrative="",
            )
            for r, heard in answered
        ]
    )
    SafeguardingOutcomeRecord.objects.bulk_create(
        [
            SafeguardingOutcomeRecord(
                referral=r,
                outcome=r.outcome,
                outcome_on=heard,
                recorded_by_id=r.recorded_by_id,
                recorded_at=_noon(heard),
                entry=entry,
            )
            for (r, heard), entry in zip(answered, outcome_entries, strict=True)
        ],
        batch_size=500,
    )
    return len(decisions) + len(referrals) + len(answered)
