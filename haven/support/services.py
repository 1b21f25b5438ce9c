"""Every change of safety and housing support: one transaction and one access-log event each.
And the reading the lists need: what is due, what is late, what stops a case closing."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from haven.audit.services import record_event
from haven.audit.versioning import save_versioned
from haven.cases.models import ACTIVE_STATUSES, Case
from haven.cases.policies import Cases, within
from haven.cases.services import chronology as chronology_services
from haven.platform.registries import current_risk_level
from haven.support import chronology, rules
from haven.support.models import (
    ActionPlan,
    ActionStatus,
    PerpetratorAction,
    PerpetratorBreach,
    PlanAction,
    PlanReview,
    Property,
    PropertyAlert,
    RehousingPlan,
    SecurityKind,
    SecurityRequest,
    SupportEntry,
    property_postcode_index,
    property_reference_index,
)


class SupportError(ValueError):
    """A change the rules refuse; the message is for the person who asked, shown beside
    `field` when it names one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _save_and_log(
    obj: models.Model,
    action: str,
    *,
    case: Case,
    detail: dict[str, Any],
    actor: Any,
    request: HttpRequest | None,
    update_fields: list[str] | None = None,
    steps: Iterable[chronology.Entry] = (),
) -> None:
    """The end of every change here: save `obj` as `actor`'s doing (its history row names them),
    put the steps it took in the case's chronology (`steps`, haven/support/chronology.py) and
    write the change's one access-log event on `case`. `detail` holds kinds, statuses and
    counts, never what was written."""
    obj._history_user = actor  # type: ignore[attr-defined]
    obj.save(update_fields=update_fields)
    for step in steps:
        _add_to_chronology(case, step, actor)
    record_event(action, actor=actor, request=request, target=case, detail=detail)


def _add_to_chronology(case: Case, step: chronology.Entry, actor: Any) -> None:
    entry = chronology_services.add_entry(
        case, kind=step.kind, occurred_at=step.occurred_at, narrative="", actor=actor
    )
    SupportEntry.objects.create(
        entry=entry,
        event=step.event,
        what=step.what,
        facts=[list(fact) for fact in step.facts],
        by_day=step.by_day,
    )


# --- Securing the home ------------------------------------------------------------------------


@transaction.atomic
def request_security(
    case: Case,
    *,
    kind: str,
    requested_at: dt.datetime,
    works_order_reference: str = "",
    survivor_choice: str = "",
    no_recharge: bool = True,
    notes: str = "",
    actor: Any,
    request: HttpRequest | None = None,
) -> SecurityRequest:
    due_at = (
        rules.lock_change_due_at(requested_at, settings.HAVEN_LOCK_CHANGE_HOURS)
        if kind == SecurityKind.LOCK_CHANGE
        else None
    )
    item = SecurityRequest(
        case=case,
        kind=kind,
        requested_at=requested_at,
        due_at=due_at,
        works_order_reference=works_order_reference.strip(),
        survivor_choice=survivor_choice,
        no_recharge=no_recharge,
        notes=notes,
        requested_by=actor,
    )
    _save_and_log(
        item,
        "support.security_requested",
        case=case,
        detail={"kind": kind},
        actor=actor,
        request=request,
        steps=[chronology.security_requested(item)],
    )
    return item


@transaction.atomic
def complete_security(
    item: SecurityRequest,
    *,
    completed_at: dt.datetime,
    keys_recovered: str,
    works_order_reference: str = "",
    notes: str = "",
    actor: Any,
    request: HttpRequest | None = None,
) -> SecurityRequest:
    item = SecurityRequest.objects.select_for_update().get(pk=item.pk)
    if item.completed_at is not None:
        raise SupportError("This work is already recorded as done")
    problem = rules.completion_problem(item.requested_at, completed_at, timezone.now())
    if problem:
        raise SupportError(problem)
    item.completed_at = completed_at
    item.completed_by = actor
    item.keys_recovered = keys_recovered
    if works_order_reference.strip():
        item.works_order_reference = works_order_reference.strip()
    if notes.strip():
        item.notes = f"{item.notes}\n\n{notes}".strip() if item.notes else notes
    _save_and_log(
        item,
        "support.security_completed",
        case=item.case,
        detail={
            "kind": item.kind,
            "within_clock": None if item.due_at is None else completed_at <= item.due_at,
            "keys_recovered": keys_recovered,
        },
        actor=actor,
        request=request,
        steps=[chronology.security_completed(item)],
    )
    return item


def lock_clock_for(item: SecurityRequest, now: dt.datetime | None = None) -> rules.LockClock | None:
    if item.due_at is None:
        return None
    return rules.lock_clock(
        item.requested_at, item.due_at, item.completed_at, now or timezone.now()
    )


def lock_changes(cases: Cases, *, breached_only: bool = False) -> QuerySet[SecurityRequest]:
    """Lock changes on these cases still to be done or done late (only the late ones, if
    asked): those still to do first, the longest overdue at the top, then those done late,
    the most recently done first (old breaches are the record, not the work)."""
    now = timezone.now()
    done_late = Q(completed_at__isnull=False, completed_at__gt=F("due_at"))
    still_open = (
        Q(completed_at__isnull=True, due_at__lt=now)
        if breached_only
        else Q(completed_at__isnull=True)
    )
    return (
        SecurityRequest.objects.filter(within(cases, "case"), kind=SecurityKind.LOCK_CHANGE)
        .filter(still_open | done_late)
        .select_related("case", "case__owner")
        .order_by(F("completed_at").desc(nulls_first=True), "due_at", "pk")
    )


def open_security_sentences(case: Case) -> list[str]:
    """Closure blocker: work to secure the home that is not done yet (must be finished)."""
    items = SecurityRequest.objects.filter(case=case, completed_at__isnull=True)
    return [
        f"the {item.get_kind_display().lower()} asked for on "
        f"{timezone.localtime(item.requested_at):%-d %B %Y} is not done yet"
        for item in items
    ]


# --- Action plan --------------------------------------------------------------------------------


def review_weeks_for(level: str | None) -> int:
    return rules.review_interval_weeks(
        level,
        {
            rules.RiskLevel.HIGH: settings.HAVEN_REVIEW_WEEKS_HIGH,
            rules.RiskLevel.MEDIUM: settings.HAVEN_REVIEW_WEEKS_MEDIUM,
            rules.RiskLevel.STANDARD: settings.HAVEN_REVIEW_WEEKS_STANDARD,
        },
        settings.HAVEN_REVIEW_WEEKS_UNKNOWN,
    )


@transaction.atomic
def agree_plan(
    case: Case, *, agreed_on: dt.date, actor: Any, request: HttpRequest | None = None
) -> ActionPlan:
    if ActionPlan.objects.filter(case=case).exists():
        raise SupportError("This case already has an action plan")
    level = current_risk_level(case)
    weeks = review_weeks_for(level)
    plan = ActionPlan(
        case=case,
        agreed_on=agreed_on,
        next_review_on=rules.next_review_due(agreed_on, weeks),
        review_weeks=weeks,
        risk_level=level or "",
        created_by=actor,
    )
    _save_and_log(
        plan,
        "support.plan_agreed",
        case=case,
        detail={"review_weeks": weeks, "risk_level": level or ""},
        actor=actor,
        request=request,
        steps=[chronology.plan_agreed(plan)],
    )
    return plan


@transaction.atomic
def add_action(
    plan: ActionPlan,
    *,
    what: str,
    owner_kind: str,
    agency: str,
    due_on: dt.date,
    actor: Any,
    request: HttpRequest | None = None,
) -> PlanAction:
    action = PlanAction(
        plan=plan,
        what=what,
        owner_kind=owner_kind,
        agency=agency.strip() if owner_kind == "agency" else "",
        due_on=due_on,
        created_by=actor,
    )
    _save_and_log(
        action,
        "support.action_added",
        case=plan.case,
        detail={"owner": owner_kind},
        actor=actor,
        request=request,
        steps=[chronology.action_added(action)],
    )
    return action


@transaction.atomic
def update_action(
    action: PlanAction,
    *,
    status: str,
    outcome: str,
    completed_on: dt.date | None,
    actor: Any,
    request: HttpRequest | None = None,
) -> PlanAction:
    was = action.status
    action.status = status
    action.outcome = outcome
    action.completed_on = completed_on if status != ActionStatus.OPEN else None
    _save_and_log(
        action,
        "support.action_updated",
        case=action.plan.case,
        detail={"status": status},
        actor=actor,
        request=request,
        steps=chronology.action_status_changed(action, was, timezone.now()),
    )
    return action


@transaction.atomic
def review_plan(
    plan: ActionPlan,
    *,
    reviewed_on: dt.date,
    with_survivor: bool,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> PlanReview:
    """A review sets the next one by the risk level known now (it may have changed)."""
    level = current_risk_level(plan.case)
    weeks = review_weeks_for(level)
    next_on = rules.next_review_due(reviewed_on, weeks)
    review = PlanReview.objects.create(
        plan=plan,
        reviewed_on=reviewed_on,
        with_survivor=with_survivor,
        notes=notes,
        risk_level=level or "",
        next_review_on=next_on,
        reviewed_by=actor,
    )
    plan.next_review_on = next_on
    plan.review_weeks = weeks
    plan.risk_level = level or ""
    _save_and_log(
        plan,
        "support.plan_reviewed",
        case=plan.case,
        detail={"with_survivor": with_survivor, "review_weeks": weeks, "risk_level": level or ""},
        actor=actor,
        request=request,
        update_fields=["next_review_on", "review_weeks", "risk_level"],
        steps=[chronology.plan_reviewed(review)],
    )
    return review


def plan_for(case: Case) -> ActionPlan | None:
    return ActionPlan.objects.filter(case=case).first()


def reviews_due(cases: Cases, today: dt.date) -> QuerySet[ActionPlan]:
    """Plans on open cases whose next review falls within the due horizon (working days)."""
    horizon = rules.due_horizon(today, settings.HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS)
    return (
        ActionPlan.objects.filter(
            within(cases, "case"), case__status__in=ACTIVE_STATUSES, next_review_on__lte=horizon
        )
        .select_related("case", "case__owner")
        .order_by("next_review_on", "pk")
    )


def actions_due(cases: Cases, today: dt.date) -> QuerySet[PlanAction]:
    horizon = rules.due_horizon(today, settings.HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS)
    return (
        PlanAction.objects.filter(
            within(cases, "plan__case"),
            plan__case__status__in=ACTIVE_STATUSES,
            status=ActionStatus.OPEN,
            due_on__lte=horizon,
        )
        .select_related("plan__case", "plan__case__owner")
        .order_by("due_on", "pk")
    )


def plan_sentences(case: Case) -> list[str]:
    """Closure blocker: overdue actions and a review that is late (both must be dealt with)."""
    today = timezone.localdate()
    plan = plan_for(case)
    if plan is None:
        return []
    found = []
    overdue = plan.actions.filter(status=ActionStatus.OPEN, due_on__lt=today).count()
    if overdue:
        found.append(
            "1 action on the plan is overdue"
            if overdue == 1
            else f"{overdue} actions on the plan are overdue"
        )
    if plan.next_review_on < today:
        found.append(f"the action plan was due a review on {plan.next_review_on:%-d %B %Y}")
    return found


# --- Properties and alerts ------------------------------------------------------------------------


def names_on(case: Case) -> list[str]:
    """Every name on the case, which an alert must never carry."""
    names: list[str] = []
    survivor = getattr(case, "survivor", None)
    if survivor is not None:
        names += [survivor.given_name, survivor.family_name, survivor.known_as or ""]
    names += [p.name for p in case.perpetrators.all()]
    names += [m.name for m in case.household_members.all()]
    return [n for n in names if n]


def numbers_on(case: Case) -> list[str]:
    """Every phone number on the case (the survivor's, and those of her safe-contact plan),
    which an alert must never carry: whoever rang one would reach her, not a team."""
    survivor = getattr(case, "survivor", None)
    if survivor is None:
        return []
    plan = getattr(survivor, "safe_contact_plan", None)
    return [survivor.phone, *(plan.phone_number_list if plan is not None else [])]


@transaction.atomic
def add_alert(
    case: Case,
    *,
    reference: str,
    address: str,
    postcode: str,
    kind: str,
    contact: str,
    review_on: dt.date,
    actor: Any,
    request: HttpRequest | None = None,
) -> PropertyAlert:
    problem = rules.alert_text_problem(
        contact,
        names=names_on(case),
        reference_prefix=settings.HAVEN_CASE_REFERENCE_PREFIX,
        numbers=numbers_on(case),
    )
    if problem:
        raise SupportError(problem, field="contact")
    prop = Property.objects.filter(reference_index=property_reference_index(reference)).first()
    new_property = prop is None
    # A property whose alerts have all ended is asked for its address as one never alerted is:
    # the look-up says nothing of a property's past, and neither does this.
    if not address.strip() and (
        prop is None or not prop.alerts.filter(ended_on__isnull=True).exists()
    ):
        raise SupportError("Enter the address: this property has no alert yet", field="address")
    if prop is None:
        prop = Property.objects.create(reference=reference, address=address, postcode=postcode)
    prop.cases.add(case)
    alert = PropertyAlert(
        property=prop,
        kind=kind,
        contact=contact.strip(),
        review_on=review_on,
        case=case,
        created_by=actor,
    )
    _save_and_log(
        alert,
        "support.alert_added",
        case=case,
        detail={"kind": kind, "new_property": new_property},
        actor=actor,
        request=request,
        steps=[chronology.alert_added(alert)],
    )
    return alert


@transaction.atomic
def end_alert(
    alert: PropertyAlert, *, ended_on: dt.date, actor: Any, request: HttpRequest | None = None
) -> PropertyAlert:
    alert.ended_on = ended_on
    _save_and_log(
        alert,
        "support.alert_ended",
        case=alert.case,
        detail={"kind": alert.kind},
        actor=actor,
        request=request,
        update_fields=["ended_on"],
        steps=[chronology.alert_ended(alert, timezone.now())],
    )
    return alert


@dataclass(frozen=True)
class PropertyFound:
    """What anyone on the staff may know about a property: its reference, and what to do."""

    reference: str
    alerts: list[tuple[str, str]]  # (what to do, who to contact)


def look_up_property(
    text: str, *, actor: Any, request: HttpRequest | None = None
) -> list[PropertyFound]:
    """Properties whose reference or postcode is `text`, with their current alerts and nothing
    else: no address, no case, no reason. Every look-up is logged (not what was typed)."""
    by_reference = property_reference_index(text)
    by_postcode = property_postcode_index(text)
    # An empty index (nothing typed that counts) would match every property with no postcode.
    wanted = Q(pk__in=[])
    if by_reference:
        wanted |= Q(reference_index=by_reference)
    if by_postcode:
        wanted |= Q(postcode_index=by_postcode)
    properties = Property.objects.filter(wanted).order_by("pk")[:50]
    found = []
    for prop in properties:
        alerts = [
            (alert.get_kind_display(), alert.contact)
            for alert in prop.alerts.filter(ended_on__isnull=True)
        ]
        # A property is on record only because it once had an alert: one whose alerts have all
        # ended answers as any other home does, so the look-up says nothing of its past.
        if alerts:
            found.append(PropertyFound(reference=prop.reference, alerts=alerts))
    by = "reference" if any(p.reference_index == by_reference for p in properties) else "postcode"
    record_event(
        "support.property_looked_up",
        actor=actor,
        request=request,
        detail={"by": by if found else "", "found": len(found)},
    )
    return found


# --- Rehousing ------------------------------------------------------------------------------------

REHOUSING_FIELDS = (
    "options_considered",
    "chosen",
    "reasons",
    "reasons_notes",
    "areas_to_avoid",
    "progress",
    "outcome_notes",
    "new_address",
    "moved_on",
)


@transaction.atomic
def save_rehousing(
    case: Case,
    values: dict[str, Any],
    *,
    actor: Any,
    request: HttpRequest | None = None,
    opened_version: int | None = None,
) -> RehousingPlan:
    """Save the rehousing options. An existing plan is saved through the version its page was
    opened at (`opened_version`; None: the latest): only what this person changed is written,
    so a stale page never wipes what someone else saved meanwhile (the new address above all),
    and EditConflict (nothing saved) when both changed the same thing."""
    existing = RehousingPlan.objects.select_for_update().filter(case=case).first()
    if existing is not None:
        before = {name: getattr(existing, name) for name in REHOUSING_FIELDS}

        def stamp(record: RehousingPlan, _changed: list[str]) -> None:
            record.updated_by = actor
            record.updated_at = timezone.now()

        saved = save_versioned(
            RehousingPlan,
            existing.pk,
            fields=REHOUSING_FIELDS,
            submitted=values,
            opened_version=existing.version if opened_version is None else opened_version,
            actor=actor,
            before_save=stamp,
        )
        for step in chronology.rehousing_changed(before, saved.record, timezone.now()):
            _add_to_chronology(case, step, actor)
        record_event(
            "support.rehousing_saved",
            actor=actor,
            request=request,
            target=case,
            detail={"fields": saved.changed},
        )
        return saved.record
    plan = RehousingPlan(case=case)
    changed = [name for name in REHOUSING_FIELDS if getattr(plan, name, None) != values[name]]
    for name in REHOUSING_FIELDS:
        setattr(plan, name, values[name])
    plan.updated_by = actor
    plan.updated_at = timezone.now()
    _save_and_log(
        plan,
        "support.rehousing_saved",
        case=case,
        detail={"fields": changed},
        actor=actor,
        request=request,
        steps=chronology.rehousing_changed(None, plan, timezone.now()),
    )
    return plan


# --- Action against perpetrators ------------------------------------------------------------------


@transaction.atomic
def start_perpetrator_action(
    case: Case,
    *,
    kind: str,
    ground: str,
    survivor_wishes: str,
    wishes_recorded_on: dt.date,
    started_on: dt.date | None,
    court_date: dt.date | None,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> PerpetratorAction:
    problem = rules.wishes_problem(survivor_wishes)
    if problem:
        raise SupportError(problem)
    action = PerpetratorAction(
        case=case,
        kind=kind,
        ground=ground.strip() if kind == "nsp" else "",
        survivor_wishes=survivor_wishes.strip(),
        wishes_recorded_on=wishes_recorded_on,
        started_on=started_on,
        status="started" if started_on else "planned",
        court_date=court_date,
        notes=notes,
        created_by=actor,
    )
    _save_and_log(
        action,
        "support.perpetrator_action_added",
        case=case,
        detail={"kind": kind},
        actor=actor,
        request=request,
        steps=chronology.perpetrator_action_recorded(action, timezone.now()),
    )
    return action


@transaction.atomic
def update_perpetrator_action(
    action: PerpetratorAction,
    *,
    status: str,
    court_date: dt.date | None,
    actor: Any,
    request: HttpRequest | None = None,
) -> PerpetratorAction:
    was_status, was_court_date = action.status, action.court_date
    action.status = status
    action.court_date = court_date
    if status != "planned" and action.started_on is None:
        action.started_on = timezone.localdate()
    _save_and_log(
        action,
        "support.perpetrator_action_updated",
        case=action.case,
        detail={"kind": action.kind, "status": status},
        actor=actor,
        request=request,
        steps=chronology.perpetrator_action_changed(
            action, was_status, was_court_date, timezone.now()
        ),
    )
    return action


@transaction.atomic
def log_breach(
    action: PerpetratorAction,
    *,
    occurred_on: dt.date,
    reported_to_police: bool,
    notes: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> PerpetratorBreach:
    breach = PerpetratorBreach(
        action=action,
        occurred_on=occurred_on,
        reported_to_police=reported_to_police,
        notes=notes,
        recorded_by=actor,
    )
    _save_and_log(
        breach,
        "support.breach_logged",
        case=action.case,
        detail={"kind": action.kind},
        actor=actor,
        request=request,
        steps=[chronology.breach_logged(breach)],
    )
    return breach


def court_dates_due(cases: Cases, today: dt.date) -> QuerySet[PerpetratorAction]:
    horizon = rules.due_horizon(today, settings.HAVEN_SUPPORT_DUE_SOON_WORKING_DAYS)
    return (
        PerpetratorAction.objects.filter(
            within(cases, "case"),
            case__status__in=ACTIVE_STATUSES,
            court_date__gte=today,
            court_date__lte=horizon,
        )
        .select_related("case")
        .order_by("court_date", "pk")
    )
