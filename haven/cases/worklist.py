"""The case app's sections of the home page's work list (haven.platform.registries.WorkSection).

For an officer: their cases with what is due (first contacts, planned contacts, coordinator
reviews open on them), newly allocated cases marked new until they open them. For the
coordinator: cases waiting for allocation, first contacts overdue, reviews waiting, and contacts
against a safe-contact plan to follow up.

Each section costs a fixed number of queries whatever the number of cases: one to count (with
conditional counts for the words), one for the first few items, most pressing first. Items
carry no case content beyond the survivor's name, which the person may already see in their
lists.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from haven.cases import policies
from haven.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    CoordinatorReview,
    ReviewStatus,
    Urgency,
)
from haven.cases.models.contact import ContactRecord, ContactStatus
from haven.cases.models.safeguarding import SafeguardingDue
from haven.cases.services import contact as contact_services
from haven.cases.services import safeguarding as safeguarding_services
from haven.lib.working_days import ClockState, clock_state
from haven.platform.registries import WorkBatch, WorkItem, WorkSection, WorkState

# Where a case waits for first contact: the triage queue's statuses (the status index finds them).
FIRST_CONTACT_STATUSES = (CaseStatus.NEW, CaseStatus.IN_TRIAGE, CaseStatus.REOPENED)
# The most pressing few of each kind; the rest are a link away, and counted in the words.
SHOWN = 10
# Planned contacts this far ahead are on the list (beyond that they are not yet work to do).
PLANNED_AHEAD = dt.timedelta(days=7)

CLOCK_STATES: dict[str, WorkState] = {
    ClockState.OVERDUE: "overdue",
    ClockState.DUE_TODAY: "due_today",
    ClockState.DUE: "due",
}

CASE_FIELDS = (
    "reference",
    "status",
    "restricted",
    "urgency",
    "immediate_danger",
    "first_contact_due_at",
    "first_contact_at",
    "owner_opened_at",
    "owner__full_name",
    "survivor__given_name",
    "survivor__family_name",
    "survivor__known_as",
)


def plural(number: int, one: str, many: str) -> str:
    """ "1 case", "3 cases": counts in words, never a bare number."""
    return f"{number} {one if number == 1 else many}"


def join_words(parts: Iterable[str]) -> str:
    words = [part for part in parts if part]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def end_of_today(now: dt.datetime) -> dt.datetime:
    local = timezone.localtime(now)
    return (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def _state(due_at: dt.datetime, now: dt.datetime) -> WorkState:
    return CLOCK_STATES[clock_state(due_at, now)]


def _name(case: Case) -> str:
    try:
        return case.survivor.display_name
    except Exception:  # no survivor recorded (an old or partial record)
        return "Name not recorded"


def _priority(case: Case) -> int:
    if case.immediate_danger:
        return 2
    return 1 if case.urgency == Urgency.URGENT else 0


def _danger_tags(case: Case) -> tuple[tuple[str, str], ...]:
    if case.immediate_danger:
        return (("Immediate danger", "overdue"),)
    if case.urgency == Urgency.URGENT:
        return (("Urgent", "warning"),)
    return ()


def _cases(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.select_related("survivor", "owner").only(*CASE_FIELDS)


# --- The officer's own cases -----------------------------------------------------------------------


CONTACT_FIELDS = (
    "when",
    "channel",
    "breach_already_happened",
    "case__reference",
    "case__restricted",
)
REVIEW_FIELDS = ("reason", "requested_at", "case__reference", "case__restricted")


def your_cases(user: Any, now: dt.datetime) -> WorkBatch | None:
    held = policies.cases_visible_to(user).filter(owner_id=user.pk, status__in=ACTIVE_STATUSES)
    today_ends = end_of_today(now)
    awaiting = held.filter(status__in=FIRST_CONTACT_STATUSES, first_contact_at__isnull=True)
    # Separate small counts rather than one aggregate over every case held: each reads an index
    # (owner and status; owner and opened), so the page stays quick for an officer with many.
    held_count = held.count()
    if not held_count:
        if user.has_perm("cases.allocate_any_case"):
            return None  # the coordinator's other sections say what there is to do
        return WorkBatch(
            items=[],
            total=0,
            summary="You hold no open cases.",
            more_href=reverse("cases:triage"),
            more_text="Cases waiting in triage",
        )
    counts = awaiting.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(first_contact_due_at__lt=now)),
        today=Count(
            "pk", filter=Q(first_contact_due_at__gte=now, first_contact_due_at__lt=today_ends)
        ),
    )
    new_count = held.filter(owner_opened_at__isnull=True).count()
    # The officer's own cases, joined directly: an owner is always named on their own
    # restricted case (restrict_case and allocate_case see to it), so this is within their scope.
    planned = ContactRecord.objects.filter(
        status=ContactStatus.PLANNED,
        when__lt=now + PLANNED_AHEAD,
        case__owner_id=user.pk,
        case__status__in=ACTIVE_STATUSES,
    )
    planned_counts = planned.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(when__lt=now)),
        today=Count("pk", filter=Q(when__gte=now, when__lt=today_ends)),
    )
    reviews = CoordinatorReview.objects.filter(
        status=ReviewStatus.OPEN, case__owner_id=user.pk, case__status__in=ACTIVE_STATUSES
    )
    review_count = reviews.count()

    # Each list is fetched only where its count found something: nothing due costs nothing more.
    items: list[WorkItem] = []
    first_rows = _cases(awaiting).order_by("first_contact_due_at", "id")
    for case in first_rows[: SHOWN if counts["total"] else 0]:
        items.append(
            WorkItem(
                title="Make first contact",
                href=reverse("cases:contact", kwargs={"reference": case.reference}),
                state=_state(case.first_contact_due_at, now),
                due_at=case.first_contact_due_at,
                case_reference=case.reference,
                restricted=case.restricted,
                new=case.owner_opened_at is None,
                priority=_priority(case),
                detail=_name(case),
                tags=_danger_tags(case),
            )
        )
    # New cases whose survivor someone has already reached (a case handed over): read them.
    handed_over = held.filter(owner_opened_at__isnull=True, first_contact_at__isnull=False)
    for case in _cases(handed_over)[: SHOWN if new_count else 0]:
        items.append(
            WorkItem(
                title="Newly allocated to you: read the case",
                href=reverse("cases:detail", kwargs={"reference": case.reference}),
                state="new",
                case_reference=case.reference,
                restricted=case.restricted,
                new=True,
                priority=_priority(case),
                detail=_name(case),
                tags=_danger_tags(case),
            )
        )
    planned_rows = planned.select_related("case").only(*CONTACT_FIELDS).order_by("when", "id")
    for contact in planned_rows[: SHOWN if planned_counts["total"] else 0]:
        case = contact.case
        items.append(
            WorkItem(
                title=f"Planned contact: {contact.get_channel_display().lower()}",
                href=reverse(
                    "cases:contact-outcome",
                    kwargs={"reference": case.reference, "contact_id": contact.pk},
                )
                if contact.when <= now
                else reverse("cases:contact", kwargs={"reference": case.reference}),
                state=_state(contact.when, now),
                due_at=contact.when,
                case_reference=case.reference,
                restricted=case.restricted,
            )
        )
    review_rows = reviews.select_related("case").only(*REVIEW_FIELDS).order_by("requested_at", "id")
    for review in review_rows[: SHOWN if review_count else 0]:
        items.append(
            WorkItem(
                title=f"Coordinator review open: {review.get_reason_display().lower()}",
                href=reverse("cases:manage", kwargs={"reference": review.case.reference}),
                state="waiting",
                due_at=None,
                case_reference=review.case.reference,
                restricted=review.case.restricted,
                detail=f"Asked for on {timezone.localtime(review.requested_at):%d/%m/%Y}",
            )
        )
    overdue = counts["overdue"] + planned_counts["overdue"]
    today = counts["today"] + planned_counts["today"]
    summary = f"You hold {plural(held_count, 'open case', 'open cases')}."
    if overdue and today:
        summary += f" {plural(overdue, 'thing is', 'things are')} overdue and {today} due today."
    elif overdue:
        summary += f" {plural(overdue, 'thing is', 'things are')} overdue."
    elif today:
        summary += f" {plural(today, 'thing is', 'things are')} due today."
    if new_count:
        summary += (
            f" {plural(new_count, 'case is', 'cases are')} newly allocated to you"
            " and not opened yet."
        )
    waiting = join_words(
        [
            plural(counts["total"], "first contact", "first contacts"),
            plural(planned_counts["total"], "planned contact", "planned contacts")
            + " in the next 7 days",
            plural(review_count, "coordinator review", "coordinator reviews") + " open",
        ]
    )
    summary += f" To do: {waiting}."
    total = counts["total"] + planned_counts["total"] + review_count
    return WorkBatch(
        items=items,
        total=total,
        summary=summary,
        more_href=reverse("cases:list") + "?scope=mine",
        more_text="All your cases",
    )


# --- Safeguarding decisions missing on the officer's own cases --------------------------------------


# Cases worked out again per round trip when their reminders are missing or expired.
REFRESH_BATCH = 500
REFRESH_FIELDS = (
    "id",
    "children_in_household",
    "children_count",
    *safeguarding_services.SURVIVOR_FIELDS,
)
SAFEGUARDING_CASE_FIELDS = (
    *CASE_FIELDS,
    "children_in_household",
    "children_count",
    *safeguarding_services.SURVIVOR_FIELDS,
)


def safeguarding_decisions_missing(user: Any, now: dt.datetime) -> WorkBatch | None:
    """The officer's open cases whose safeguarding prompt is waiting for a decision.

    Read from the derived SafeguardingDue rows, worked out again first for the cases held
    whose row is missing or expired (few, on most days): a count and the first few, however
    many cases the officer holds. The first few's prompts are then worked out afresh, as the
    case page does, so the list and the prompt never disagree."""
    today = timezone.localdate(now)
    held = Case.objects.filter(
        policies.scope_of(user, held_only=True).on(), status__in=ACTIVE_STATUSES
    )
    fresh = SafeguardingDue.objects.filter(case_id=OuterRef("pk"), recheck_on__gt=today)
    stale = list(held.filter(~Exists(fresh)).values_list("pk", flat=True))
    for start in range(0, len(stale), REFRESH_BATCH):
        batch = Case.objects.filter(pk__in=stale[start : start + REFRESH_BATCH])
        safeguarding_services.refresh_due(
            list(batch.select_related("survivor").only(*REFRESH_FIELDS)), today
        )
    waiting = held.filter(
        Exists(SafeguardingDue.objects.filter(case_id=OuterRef("pk")).exclude(kinds=""))
    )
    total = waiting.count()
    if not total:
        return None
    cases = list(
        waiting.select_related("survivor", "owner")
        .only(*SAFEGUARDING_CASE_FIELDS)
        .order_by("reference", "id")[:SHOWN]
    )
    prompts = safeguarding_services.prompts_for_cases(cases, today)
    items = [
        WorkItem(
            title=" and ".join(prompt.title for prompt in prompts[case.pk]),
            href=reverse("cases:record", kwargs={"reference": case.reference}),
            state="waiting",
            case_reference=case.reference,
            restricted=case.restricted,
            priority=_priority(case),
            detail=_name(case),
            tags=_danger_tags(case),
        )
        for case in cases
        if prompts[case.pk]
    ]
    return WorkBatch(
        items=items,
        total=total,
        summary=(
            f"{plural(total, 'case you hold needs', 'cases you hold need')} a "
            "safeguarding decision. A case cannot close until one is recorded."
        ),
        more_href=reverse("cases:list") + "?scope=mine",
        more_text="All your cases",
    )


# --- The coordinator's oversight ------------------------------------------------------------------


def waiting_for_allocation(user: Any, now: dt.datetime) -> WorkBatch | None:
    waiting = policies.cases_visible_to(user).filter(
        owner__isnull=True,
        status__in=FIRST_CONTACT_STATUSES,
        first_contact_at__isnull=True,
    )
    counts = waiting.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(first_contact_due_at__lt=now)),
        danger=Count("pk", filter=Q(immediate_danger=True)),
    )
    rows = _cases(waiting).order_by("-immediate_danger", "urgency", "first_contact_due_at", "id")
    items = [
        WorkItem(
            title="Allocate",
            href=reverse("cases:allocate", kwargs={"reference": case.reference}),
            state=_state(case.first_contact_due_at, now),
            due_at=case.first_contact_due_at,
            case_reference=case.reference,
            restricted=case.restricted,
            priority=_priority(case),
            detail=_name(case),
            tags=_danger_tags(case),
        )
        for case in rows[: SHOWN if counts["total"] else 0]
    ]
    summary = f"{plural(counts['total'], 'case is', 'cases are')} waiting in triage for an officer"
    details = join_words(
        [
            f"{counts['danger']} with someone in immediate danger" if counts["danger"] else "",
            f"{counts['overdue']} overdue for first contact" if counts["overdue"] else "",
        ]
    )
    summary += f": {details}." if details else "."
    return WorkBatch(
        items=items,
        total=counts["total"],
        summary=summary,
        more_href=reverse("cases:triage") + "?show=unallocated",
        more_text="Everything waiting in triage",
    )


def overdue_first_contacts(user: Any, now: dt.datetime) -> WorkBatch | None:
    # Unallocated ones are in the triage section: these are late in an officer's hands.
    overdue = policies.cases_visible_to(user).filter(
        owner__isnull=False,
        status__in=FIRST_CONTACT_STATUSES,
        first_contact_at__isnull=True,
        first_contact_due_at__lt=now,
    )
    total = overdue.count()
    items = [
        WorkItem(
            title="First contact overdue",
            href=reverse("cases:manage", kwargs={"reference": case.reference}),
            state="overdue",
            due_at=case.first_contact_due_at,
            case_reference=case.reference,
            restricted=case.restricted,
            priority=_priority(case),
            detail=f"Held by {case.owner.full_name}" if case.owner else "",
            tags=_danger_tags(case),
        )
        for case in _cases(overdue).order_by("first_contact_due_at", "id")[: SHOWN if total else 0]
    ]
    return WorkBatch(
        items=items,
        total=total,
        summary=f"{plural(total, 'allocated case is', 'allocated cases are')} overdue for "
        "first contact.",
        more_href=reverse("cases:triage") + "?show=all",
        more_text="Everything waiting for first contact",
    )


def reviews_waiting(user: Any, now: dt.datetime) -> WorkBatch | None:
    waiting = CoordinatorReview.objects.filter(status=ReviewStatus.OPEN)
    total = waiting.count()
    items = [
        WorkItem(
            title=f"Review: {review.get_reason_display().lower()}",
            href=reverse("cases:review", kwargs={"review_id": review.pk}),
            state="waiting",
            case_reference=review.case.reference,
            restricted=review.case.restricted,
            detail=f"Asked for on {timezone.localtime(review.requested_at):%d/%m/%Y}",
        )
        for review in waiting.select_related("case")
        .only(*REVIEW_FIELDS)
        .order_by("requested_at", "id")[: SHOWN if total else 0]
    ]
    return WorkBatch(
        items=items,
        total=total,
        summary=f"{plural(total, 'coordinator review is', 'coordinator reviews are')} waiting "
        "for you.",
        more_href=reverse("cases:reviews"),
        more_text="All coordinator reviews",
    )


def plan_breaches_to_follow_up(user: Any, now: dt.datetime) -> WorkBatch | None:
    waiting = contact_services.overrides_for_coordinator(awaiting_follow_up=True)
    counts = waiting.aggregate(
        total=Count("pk"), already=Count("pk", filter=Q(breach_already_happened=True))
    )
    items = [
        WorkItem(
            title=(
                "Contact against the plan, recorded after it happened"
                if contact.breach_already_happened
                else "Officer went ahead against the plan"
            ),
            href=reverse("cases:contact-overrides"),
            state="waiting",
            due_at=None,
            case_reference=contact.case.reference,
            restricted=contact.case.restricted,
            detail=f"{contact.get_channel_display()}, {timezone.localtime(contact.when):%d/%m/%Y}",
            tags=(("Already happened", "info"),)
            if contact.breach_already_happened
            else (("Override", "warning"),),
        )
        for contact in waiting.select_related(None)
        .select_related("case")
        .only(*CONTACT_FIELDS)[: SHOWN if counts["total"] else 0]
    ]
    overrides = counts["total"] - counts["already"]
    summary = f"{plural(counts['total'], 'contact', 'contacts')} against a safe-contact plan to "
    summary += "follow up"
    if counts["total"]:
        summary += (
            ": "
            + join_words(
                [
                    plural(overrides, "override", "overrides") if overrides else "",
                    f"{counts['already']} recorded after it happened" if counts["already"] else "",
                ]
            )
            + "."
        )
    else:
        summary += "."
    return WorkBatch(
        items=items,
        total=counts["total"],
        summary=summary,
        more_href=reverse("cases:contact-overrides"),
        more_text="All contacts against a plan",
    )


SECTIONS = (
    WorkSection("cases-yours", "Your cases", your_cases, "cases.hold_cases", order=10),
    WorkSection(
        "cases-safeguarding",
        "Safeguarding decisions to record",
        safeguarding_decisions_missing,
        "cases.hold_cases",
        order=15,
    ),
    WorkSection(
        "cases-allocation",
        "Waiting for allocation",
        waiting_for_allocation,
        "cases.allocate_any_case",
        order=20,
    ),
    WorkSection(
        "cases-first-contact",
        "First contacts overdue",
        overdue_first_contacts,
        "cases.view_all_cases",
        order=30,
    ),
    WorkSection(
        "cases-reviews", "Coordinator reviews", reviews_waiting, "cases.review_cases", order=40
    ),
    WorkSection(
        "cases-plan-breaches",
        "Contacts against a safe-contact plan",
        plan_breaches_to_follow_up,
        "cases.view_plan_overrides",
        order=50,
    ),
)
