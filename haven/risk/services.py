"""Every change of risk work: one transaction and one access-log event each; and the few
queries the case page, the lists and the closure check share."""

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.services import link_records, record_event
from haven.cases.models import Case, Incident, SafeguardingDecision, SafeguardingOutcome
from haven.cases.policies import Cases, scope_of, within
from haven.cases.services import chronology, safeguarding
from haven.risk import config, policies, rules
from haven.risk.models import (
    ActionStatus,
    AssessmentSource,
    AssessmentStatus,
    CaseRisk,
    DashAssessment,
    DvdsApplication,
    DvdsStatus,
    FormGeneration,
    MappaLiaison,
    MaracAction,
    MaracMeeting,
    MaracReferral,
    SafeguardingOutcomeRecord,
    SafeguardingReferral,
    SafeguardingReferralKind,
    SafeguardingReferralOutcome,
)

JUDGEMENT_FIELDS = (
    "other_information",
    "abuser_occupation",
    "survivor_priorities",
    "marac_grounds",
    "risks_to_children",
    "safeguarding_referral_made",
    "judgement_level",
    "judgement_reasons",
)


class Refused(ValueError):
    """What was asked cannot be done as it stands; `problems` maps a form field to what is
    wrong, in words to show beside it."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = dict(problems)


class DashRefused(Refused):
    """A DASH that cannot be submitted as it stands."""


def _noon(day: dt.date) -> dt.datetime:
    # A date without a time is recorded at midday, London time, so it never shows as the day before.
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


# --- DASH ----------------------------------------------------------------------------------------


def _fill(
    assessment: DashAssessment,
    answers: Mapping[int, Mapping[str, str]],
    judgement: Mapping[str, str],
) -> None:
    assessment.set_answers(
        {
            number: {
                "answer": str(item.get("answer", "") or ""),
                "note": str(item.get("note", "") or "").strip(),
                "source": str(item.get("source", "") or "").strip(),
            }
            for number, item in answers.items()
            if number in rules.QUESTION_NUMBERS
        }
    )
    for name in JUDGEMENT_FIELDS:
        setattr(assessment, name, str(judgement.get(name, "") or "").strip())
    assessment.updated_at = timezone.now()


def _draft_or_new(case: Case, draft: DashAssessment | None, actor: Any) -> DashAssessment:
    if draft is None:
        return DashAssessment(case=case, started_by=actor)
    if draft.case_id != case.pk or not draft.is_draft:
        raise ValueError("Only a draft DASH of this case can be changed.")
    return draft


@transaction.atomic
def save_dash_draft(
    case: Case,
    draft: DashAssessment | None,
    *,
    answers: Mapping[int, Mapping[str, str]],
    judgement: Mapping[str, str],
    actor: Any,
    request: HttpRequest | None = None,
) -> DashAssessment:
    """Keep what has been asked so far, to finish later. Nothing is scored yet."""
    assessment = _draft_or_new(case, draft, actor)
    _fill(assessment, answers, judgement)
    assessment.save()
    record_event(
        "risk.dash_draft_saved",
        actor=actor,
        request=request,
        target=case,
        detail={
            "assessment": assessment.pk,
            "answered": len(rules.QUESTION_NUMBERS)
            - len(rules.unanswered(assessment.plain_answers())),
        },
    )
    return assessment


def check_dash(
    answers: Mapping[int, str], judgement_level: str, judgement_reasons: str
) -> tuple[int, rules.Level]:
    """Score and level of a DASH ready to submit, or DashRefused naming every problem."""
    problems: dict[str, str] = {}
    missing = rules.unanswered(answers)
    if missing:
        problems["answers"] = (
            f"Answer every question before submitting: {len(missing)} still "
            f"{'has' if len(missing) == 1 else 'have'} no answer (question"
            f"{'' if len(missing) == 1 else 's'} {', '.join(str(n) for n in missing)}). "
            "You can save it as a draft instead"
        )
    value = rules.score(answers)
    bands = config.dash_bands()
    level = rules.band(value, bands)
    try:
        level = rules.final_level(value, bands, judgement_level or None)
    except rules.JudgementRefused as refused:
        problems["judgement_level"] = str(refused)
    else:
        if rules.raised_by_judgement(value, bands, level) and not judgement_reasons.strip():
            problems["judgement_reasons"] = (
                "Enter why your professional judgement raises the risk level"
            )
    if problems:
        raise DashRefused(problems)
    return value, level


@transaction.atomic
def submit_dash(
    case: Case,
    draft: DashAssessment | None,
    *,
    answers: Mapping[int, Mapping[str, str]],
    judgement: Mapping[str, str],
    assessed_on: dt.date,
    actor: Any,
    request: HttpRequest | None = None,
) -> DashAssessment:
    """Complete a DASH: every question answered, scored, banded, judgement applied."""
    plain = {number: str(item.get("answer", "")) for number, item in answers.items()}
    value, level = check_dash(
        plain, judgement.get("judgement_level", ""), judgement.get("judgement_reasons", "")
    )
    assessment = _draft_or_new(case, draft, actor)
    _fill(assessment, answers, judgement)
    bands = config.dash_bands()
    assessment.score = value
    assessment.level = level
    assessment.raised_by_judgement = rules.raised_by_judgement(value, bands, level)
    return _complete(assessment, case, assessed_on, actor, request, "risk.dash_completed")


@transaction.atomic
def record_other_agency_dash(
    case: Case,
    *,
    agency: str,
    assessed_on: dt.date,
    score: int,
    level: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> DashAssessment:
    """A DASH another agency completed recently, recorded instead of asking the survivor again.
    The level may be above the score's band (their judgement), never below it."""
    if not 0 <= score <= len(rules.QUESTIONS):
        raise DashRefused({"score": "Enter a score from 0 to 24"})
    bands = config.dash_bands()
    try:
        final = rules.final_level(score, bands, level)
    except rules.JudgementRefused as refused:
        raise DashRefused({"level": str(refused)}) from None
    assessment = DashAssessment(
        case=case,
        started_by=actor,
        source=AssessmentSource.OTHER_AGENCY,
        agency=agency.strip(),
        score=score,
        level=final,
        raised_by_judgement=rules.raised_by_judgement(score, bands, final),
    )
    return _complete(
        assessment, case, assessed_on, actor, request, "risk.dash_recorded_from_agency"
    )


def _complete(
    assessment: DashAssessment,
    case: Case,
    assessed_on: dt.date,
    actor: Any,
    request: HttpRequest | None,
    action: str,
) -> DashAssessment:
    now = timezone.now()
    assessment.status = AssessmentStatus.COMPLETED
    assessment.assessed_on = assessed_on
    assessment.completed_by = actor
    assessment.completed_at = now
    assessment.updated_at = now
    assessment.entry = chronology.add_entry(
        case, kind="dash", occurred_at=_noon(assessed_on), narrative="", actor=actor
    )
    assessment.save()
    refresh_current_risk(case)
    detail: dict[str, Any] = {
        "assessment": assessment.pk,
        "score": assessment.score,
        "level": assessment.level,
    }
    if action == "risk.dash_completed":
        detail["raised_by_judgement"] = assessment.raised_by_judgement
    record_event(action, actor=actor, request=request, target=case, detail=detail)
    return assessment


@transaction.atomic
def discard_dash_draft(
    draft: DashAssessment, *, actor: Any, request: HttpRequest | None = None
) -> None:
    if not draft.is_draft:
        raise ValueError("Only a draft can be discarded: a completed DASH is kept.")
    case = draft.case
    pk = draft.pk
    draft.delete()
    record_event(
        "risk.dash_draft_discarded",
        actor=actor,
        request=request,
        target=case,
        detail={"assessment": pk},
    )


def refresh_current_risk(case: Case) -> CaseRisk | None:
    """The case's current risk is its most recent completed assessment (by the date it was
    done: another agency's DASH from last month does not replace ours from this week)."""
    latest = (
        DashAssessment.objects.filter(case=case, status=AssessmentStatus.COMPLETED)
        .order_by("-assessed_on", "-completed_at", "-pk")
        .first()
    )
    if latest is None or latest.assessed_on is None:
        CaseRisk.objects.filter(case=case).delete()
        return None
    due = rules.reassess_due_on(latest.assessed_on, latest.level, config.reassess_intervals())
    state, _created = CaseRisk.objects.update_or_create(
        case=case,
        defaults={
            "assessment": latest,
            "level": latest.level,
            "score": latest.score,
            "assessed_on": latest.assessed_on,
            "reassess_due_on": due,
        },
    )
    return state


def completed_assessments(case: Case) -> list[DashAssessment]:
    """Every completed DASH of the case, oldest first (the order of a chart)."""
    return list(
        DashAssessment.objects.filter(case=case, status=AssessmentStatus.COMPLETED)
        .select_related("completed_by")
        .order_by("assessed_on", "completed_at", "pk")
    )


def current_risk(case: Case) -> CaseRisk | None:
    return CaseRisk.objects.filter(case=case).first()


def current_levels(case_ids: Iterable[int]) -> dict[int, CaseRisk]:
    return {state.case_id: state for state in CaseRisk.objects.filter(case_id__in=list(case_ids))}


# --- What the case tells us ---------------------------------------------------------------------


def incident_dates(case: Case) -> list[dt.date]:
    """Each incident once (a correction repeats the facts of the entry it corrects)."""
    return list(
        Incident.objects.filter(entry__case=case, entry__corrects__isnull=True).values_list(
            "incident_date", flat=True
        )
    )


def last_referral(case: Case) -> MaracReferral | None:
    return MaracReferral.objects.filter(case=case).order_by("-referred_on", "-pk").first()


def facts_for(
    case: Case, state: CaseRisk | None = None, referral: MaracReferral | None = None
) -> rules.CaseRiskFacts:
    state = state if state is not None else current_risk(case)
    referral = referral if referral is not None else last_referral(case)
    raised = False
    if state is not None:
        raised = DashAssessment.objects.filter(
            pk=state.assessment_id, raised_by_judgement=True
        ).exists()
    return rules.CaseRiskFacts(
        score=state.score if state else None,
        level=state.level if state else None,
        raised_by_judgement=raised,
        incident_dates=incident_dates(case),
        last_referral_on=referral.referred_on if referral else None,
    )


def marac_check(case: Case, today: dt.date | None = None) -> rules.MaracCheck:
    return rules.marac_criteria(
        facts_for(case), today or timezone.localdate(), config.escalation_threshold()
    )


@dataclass(frozen=True)
class MaracPrompt:
    """Whether to prompt a MARAC referral, and why. A case already referred is prompted again
    only for a repeat (a new incident since that referral)."""

    check: rules.MaracCheck
    last_referral: MaracReferral | None
    show: bool
    repeat: bool = False


def marac_prompt(case: Case, today: dt.date | None = None) -> MaracPrompt:
    referral = last_referral(case)
    check = rules.marac_criteria(
        facts_for(case, referral=referral),
        today or timezone.localdate(),
        config.escalation_threshold(),
    )
    repeat = rules.Criterion.REPEAT in check.met
    if referral is None:
        return MaracPrompt(check, None, show=check.refer)
    # Referred already: criteria met by what was already referred need no second referral,
    # but a new incident within 12 months must be referred back whatever the score.
    return MaracPrompt(check, referral, show=repeat, repeat=repeat)


def needs_repeat_referral(case: Case) -> bool:
    """A new incident within 12 months of the last MARAC referral (two small queries: the case
    header asks this on every case page)."""
    referral = last_referral(case)
    if referral is None:
        return False
    window_end = referral.referred_on + dt.timedelta(days=rules.REPEAT_WINDOW_DAYS)
    return Incident.objects.filter(
        entry__case=case,
        entry__corrects__isnull=True,
        incident_date__gt=referral.referred_on,
        incident_date__lte=window_end,
    ).exists()


def reassessment_prompt(case: Case, state: CaseRisk | None = None) -> dt.date | None:
    """The date of the latest incident recorded after the latest DASH, if there is one: the
    officer should reassess after every new incident."""
    state = state if state is not None else current_risk(case)
    incidents = Incident.objects.filter(entry__case=case, entry__corrects__isnull=True)
    if state is not None:
        latest = (
            DashAssessment.objects.filter(pk=state.assessment_id)
            .values_list("completed_at", flat=True)
            .first()
        )
        if latest is not None:
            incidents = incidents.filter(entry__recorded_at__gt=latest)
    elif not incidents.exists():
        return None
    newest = incidents.order_by("-incident_date").values_list("incident_date", flat=True).first()
    return newest


# --- MARAC ----------------------------------------------------------------------------------------


@transaction.atomic
def refer_to_marac(
    case: Case,
    *,
    referred_on: dt.date,
    area: str,
    criteria: Sequence[str],
    survivor_aware: bool,
    not_aware_reason: str,
    consent: bool,
    no_consent_reason: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> MaracReferral:
    chosen = [c for c in (rules.Criterion(key) for key in criteria)]
    if not chosen:
        raise ValueError("A MARAC referral names at least one criterion.")
    entry = chronology.add_entry(
        case, kind="marac_referral", occurred_at=_noon(referred_on), narrative="", actor=actor
    )
    referral = MaracReferral.objects.create(
        case=case,
        referred_on=referred_on,
        area=area,
        criteria=[c.value for c in chosen],
        survivor_aware=survivor_aware,
        not_aware_reason="" if survivor_aware else not_aware_reason.strip(),
        consent=consent,
        no_consent_reason="" if consent else no_consent_reason.strip(),
        made_by=actor,
        entry=entry,
    )
    record_event(
        "risk.marac_referred",
        actor=actor,
        request=request,
        target=case,
        detail={"referral": referral.pk, "criteria": referral.criteria, "consent": consent},
    )
    return referral


@transaction.atomic
def record_form_generation(
    referral: MaracReferral,
    content: Mapping[str, Any],
    *,
    actor: Any,
    request: HttpRequest | None = None,
) -> FormGeneration:
    """Every referral form made is kept (what it said, encrypted) and logged."""
    made = FormGeneration.objects.create(
        referral=referral, generated_by=actor, content_json=json.dumps(dict(content), default=str)
    )
    record_event(
        "risk.marac_form_generated",
        actor=actor,
        request=request,
        target=referral.case,
        detail={"referral": referral.pk, "form": made.pk},
    )
    return made


@transaction.atomic
def record_meeting(
    *,
    area: str,
    held_on: dt.date,
    cases: Sequence[Case],
    actor: Any,
    request: HttpRequest | None = None,
) -> MaracMeeting:
    meeting = MaracMeeting.objects.create(area=area, held_on=held_on, recorded_by=actor)
    meeting.cases.set(cases)
    record_event(
        "risk.marac_meeting_recorded",
        actor=actor,
        request=request,
        target=meeting,
        detail={"cases": len(cases)},
    )
    return meeting


@dataclass(frozen=True)
class MeetingSeen:
    """A MARAC meeting as one person may see it: only the cases heard that they may see, and
    the actions it gave us on those."""

    meeting: MaracMeeting
    cases: list[Case]
    actions: list[MaracAction]
    # Each listed case's current DASH level ("" for none yet).
    levels: dict[int, str] = field(default_factory=dict)


def meeting_for(user: Any, pk: int) -> MeetingSeen | None:
    """The meeting as `user` may see it, or None: no such meeting, or (for anyone but the
    MARAC coordinator, who sees every meeting) none of its cases is theirs to see. Three
    queries, however many cases were heard."""
    meeting = MaracMeeting.objects.select_related("recorded_by").filter(pk=pk).first()
    if meeting is None:
        return None
    scope = scope_of(user)
    cases = list(
        meeting.cases.filter(scope.on())
        .select_related("survivor", "owner", "risk_state")
        .only(
            "reference",
            "restricted",
            "owner__full_name",
            "survivor__given_name",
            "survivor__family_name",
            "survivor__known_as",
            "risk_state__level",
        )
        .order_by("reference")
    )
    if not cases and not policies.may_coordinate_marac(user):
        return None
    actions = list(
        MaracAction.objects.filter(scope.on("case"), meeting=meeting)
        .select_related("case", "owner")
        .order_by("case__reference", "due_on", "pk")
    )
    levels = {}
    for case in cases:
        try:
            levels[case.pk] = case.risk_state.level
        except CaseRisk.DoesNotExist:
            levels[case.pk] = ""
    return MeetingSeen(meeting=meeting, cases=cases, actions=actions, levels=levels)


@transaction.atomic
def record_meeting_view(
    seen: MeetingSeen, *, actor: Any, request: HttpRequest | None = None
) -> None:
    """The page shows what the MARAC asked of us on each case listed: every case's access
    history says it was seen there (one statement, however many)."""
    event = record_event(
        "risk.marac_meeting_viewed",
        actor=actor,
        request=request,
        target=seen.meeting,
        detail={"cases": len(seen.cases), "actions": len(seen.actions)},
    )
    link_records(event, Case, "shown", [case.pk for case in seen.cases])


@transaction.atomic
def add_action(
    case: Case,
    *,
    description: str,
    owner: Any,
    due_on: dt.date,
    meeting: MaracMeeting | None,
    actor: Any,
    request: HttpRequest | None = None,
) -> MaracAction:
    """An action the MARAC gave us, owned by anyone who may work on the case (whoever records
    it chooses); never by someone the case is hidden from, who could not see it to do it."""
    if not policies.may_own_action(owner, case):
        raise Refused(
            {"owner": "Choose who owns the action from the list: only people who work on this case"}
        )
    action = MaracAction.objects.create(
        case=case,
        meeting=meeting,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    record_event(
        "risk.marac_action_added",
        actor=actor,
        request=request,
        target=case,
        detail={
            "action": action.pk,
            "meeting": meeting.pk if meeting else None,
            "owner": owner.pk,
        },
    )
    return action


@transaction.atomic
def start_action(
    action: MaracAction, *, actor: Any, request: HttpRequest | None = None
) -> MaracAction:
    """The action is under way (open -> in progress)."""
    if not rules.may_move_action(action.status, ActionStatus.IN_PROGRESS):
        raise Refused({"status": "Only an open action can be marked as in progress."})
    action.status = ActionStatus.IN_PROGRESS
    action.save(update_fields=["status"])
    record_event(
        "risk.marac_action_started",
        actor=actor,
        request=request,
        target=action.case,
        detail={"action": action.pk},
    )
    return action


@transaction.atomic
def complete_action(
    action: MaracAction,
    *,
    completed_on: dt.date,
    evidence: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> MaracAction:
    if not rules.may_move_action(action.status, ActionStatus.DONE):
        raise ValueError("This action is already done.")
    if not evidence.strip():
        raise ValueError("Say what was done: the MARAC will ask for evidence.")
    action.status = ActionStatus.DONE
    action.completed_on = completed_on
    action.evidence = evidence.strip()
    action.save(update_fields=["status", "completed_on", "evidence"])
    record_event(
        "risk.marac_action_done",
        actor=actor,
        request=request,
        target=action.case,
        detail={"action": action.pk},
    )
    return action


def open_actions(cases: Cases) -> QuerySet[MaracAction]:
    """Actions not done yet (open or in progress) on `cases`, soonest due first."""
    return (
        MaracAction.objects.filter(within(cases, "case"), status__in=rules.UNFINISHED_ACTIONS)
        .select_related("case", "owner")
        .order_by("due_on", "pk")
    )


def actions_owned_by(user: Any) -> QuerySet[MaracAction]:
    """The actions `user` owns and has still to finish, on the cases they may see (a case
    restricted since they were given the action drops out: it is not theirs to see)."""
    return (
        MaracAction.objects.filter(
            scope_of(user).on("case"), owner=user, status__in=rules.UNFINISHED_ACTIONS
        )
        .select_related("case")
        .order_by("due_on", "pk")
    )


def open_action_sentences(case: Case) -> list[str]:
    """The closure blocker: MARAC actions are the landlord's to finish, not to hand over."""
    due = list(
        MaracAction.objects.filter(case=case, status__in=rules.UNFINISHED_ACTIONS)
        .order_by("due_on")
        .values_list("due_on", flat=True)
    )
    if not due:
        return []
    dates = ", ".join(f"{day:%-d %B %Y}" for day in due)
    if len(due) == 1:
        return [f"1 MARAC action is still open (due {dates})"]
    return [f"{len(due)} MARAC actions are still open (due {dates})"]


# --- MAPPA and Clare's Law -----------------------------------------------------------------------


@transaction.atomic
def record_mappa_liaison(
    case: Case,
    *,
    contacted_on: dt.date,
    mappa_category: str,
    mappa_level: str,
    contact: str,
    summary: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> MappaLiaison:
    liaison = MappaLiaison.objects.create(
        case=case,
        contacted_on=contacted_on,
        mappa_category=mappa_category,
        mappa_level=mappa_level,
        contact=contact.strip(),
        summary=summary.strip(),
        recorded_by=actor,
    )
    record_event(
        "risk.mappa_recorded",
        actor=actor,
        request=request,
        target=case,
        detail={"liaison": liaison.pk},
    )
    return liaison


@transaction.atomic
def record_dvds_application(
    case: Case,
    *,
    route: str,
    applied_on: dt.date,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> DvdsApplication:
    application = DvdsApplication.objects.create(
        case=case,
        route=route,
        applied_on=applied_on,
        decision_due_on=rules.dvds_decision_due_on(applied_on),
        notes=notes.strip(),
        recorded_by=actor,
    )
    record_event(
        "risk.dvds_recorded",
        actor=actor,
        request=request,
        target=case,
        detail={"application": application.pk, "route": route},
    )
    return application


@transaction.atomic
def record_dvds_decision(
    application: DvdsApplication,
    *,
    status: str,
    outcome: str,
    decided_on: dt.date,
    actor: Any,
    request: HttpRequest | None = None,
) -> DvdsApplication:
    if status not in (DvdsStatus.DECIDED, DvdsStatus.WITHDRAWN):
        raise ValueError("Record a decision or a withdrawal.")
    application.status = status
    application.outcome = outcome if status == DvdsStatus.DECIDED else ""
    application.decided_on = decided_on
    application.save(update_fields=["status", "outcome", "decided_on"])
    record_event(
        "risk.dvds_decided",
        actor=actor,
        request=request,
        target=application.case,
        detail={"application": application.pk, "status": status, "outcome": application.outcome},
    )
    return application


# --- Safeguarding referrals ----------------------------------------------------------------------


def decision_to_link(case: Case, kind: str) -> SafeguardingDecision | None:
    """The case's "referral made" decision of this kind in force, if no referral record answers
    it yet: a referral recorded now of that kind is the one it decided on."""
    decision = safeguarding.current_decisions(case).get(kind)
    if decision is None or decision.outcome != SafeguardingOutcome.REFERRAL_MADE:
        return None
    if SafeguardingReferral.objects.filter(decision=decision).exists():
        return None
    return decision


def decisions_without_referral(case: Case) -> list[SafeguardingDecision]:
    """The "referral made" decisions in force that no referral record answers yet (two queries:
    the decisions, shared with the page's safeguarding card, and the referrals that link them)."""
    made = [
        decision
        for decision in safeguarding.current_decisions(case).values()
        if decision.outcome == SafeguardingOutcome.REFERRAL_MADE
    ]
    if not made:
        return []
    linked = set(
        SafeguardingReferral.objects.filter(decision__in=made).values_list("decision_id", flat=True)
    )
    return [decision for decision in made if decision.pk not in linked]


@transaction.atomic
def record_safeguarding_referral(
    case: Case,
    *,
    kind: str,
    agency: str,
    referred_on: dt.date,
    reason: str,
    reference: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> SafeguardingReferral:
    if kind not in SafeguardingReferralKind.values:
        raise ValueError(
            "A safeguarding referral is to children's social care or adult safeguarding."
        )
    if not agency.strip() or not reason.strip():
        raise ValueError("A safeguarding referral needs the agency and the reason.")
    # Serialise on the case so two people recording at once cannot both link the one decision.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").first()
    decision = decision_to_link(case, kind)
    referral = SafeguardingReferral.objects.create(
        case=case,
        kind=kind,
        agency=agency.strip(),
        referred_on=referred_on,
        reason=reason.strip(),
        reference=reference.strip(),
        decision=decision,
        recorded_by=actor,
        # The chronology says a referral was made, to whom and when; why stays on the Risk tab.
        entry=chronology.add_entry(
            case,
            kind="safeguard_referral",
            occurred_at=_noon(referred_on),
            narrative="",
            actor=actor,
        ),
    )
    record_event(
        "risk.safeguarding_referred",
        actor=actor,
        request=request,
        target=case,
        detail={
            "referral": referral.pk,
            "kind": kind,
            "decision": decision.pk if decision else None,
        },
    )
    return referral


@transaction.atomic
def record_safeguarding_outcome(
    referral: SafeguardingReferral,
    *,
    outcome: str,
    outcome_on: dt.date,
    outcome_notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> SafeguardingReferral:
    if outcome not in SafeguardingReferralOutcome.values:
        raise ValueError("Choose what came of the referral.")
    if outcome_on < referral.referred_on:
        raise ValueError("The outcome cannot be before the referral was made.")
    referral.outcome = outcome
    referral.outcome_on = outcome_on
    referral.outcome_notes = outcome_notes.strip()
    referral.save(update_fields=["outcome", "outcome_on", "outcome_notes"])
    # Each outcome recorded is an entry of its own, as it was then: a later answer from the
    # agency is added to the chronology, never written over an earlier one.
    SafeguardingOutcomeRecord.objects.create(
        referral=referral,
        outcome=outcome,
        outcome_on=outcome_on,
        recorded_by=actor,
        entry=chronology.add_entry(
            referral.case,
            kind="safeguard_outcome",
            occurred_at=_noon(outcome_on),
            narrative="",
            actor=actor,
        ),
    )
    record_event(
        "risk.safeguarding_outcome_recorded",
        actor=actor,
        request=request,
        target=referral.case,
        detail={"referral": referral.pk, "outcome": outcome},
    )
    return referral


@dataclass
class RiskOverview:
    """Everything the risk tab shows, in a handful of queries."""

    state: CaseRisk | None
    assessments: list[DashAssessment]
    drafts: list[DashAssessment]
    prompt: MaracPrompt
    reassess_after_incident: dt.date | None
    referrals: list[MaracReferral] = field(default_factory=list)
    actions: list[MaracAction] = field(default_factory=list)
    liaisons: list[MappaLiaison] = field(default_factory=list)
    dvds: list[DvdsApplication] = field(default_factory=list)
