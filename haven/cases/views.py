"""Case views: parse input, ask policies, call a service, render. Nothing more."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts.models import User
from haven.accounts.permissions import roles_with
from haven.accounts.policies import signed_in_user
from haven.audit.versioning import Conflict, EditConflict
from haven.cases import forms, policies, services
from haven.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    CoordinatorReview,
    HouseholdMember,
    Perpetrator,
    ReviewStatus,
    Survivor,
)
from haven.cases.navigation import tabs_for
from haven.cases.rules import lifecycle
from haven.lib.working_days import ClockState, clock_state
from haven.platform.registries import case_cards

PAGE_SIZE = 25
STATUTORY_AGE = 16


# --- Helpers ----------------------------------------------------------------------------------


def _case_page(
    request: HttpRequest,
    reference: str,
    page: str,
    *,
    prefetch_related: list | None = None,
) -> Case:
    """The case for a case page, with the one access event every view of a case writes."""
    case = policies.get_case_for(
        signed_in_user(request), reference, request=request, prefetch_related=prefetch_related
    )
    if request.method == "GET":
        services.record_case_view(case, actor=signed_in_user(request), request=request, page=page)
    return case


def _render_case(
    request: HttpRequest,
    template: str,
    case: Case,
    url_name: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    survivor = _survivor_of(case)
    age = survivor.age_on(today) if survivor else None
    base = {
        "case": case,
        "survivor": survivor,
        "survivor_age": age,
        "under_statutory_age": age is not None and age < STATUTORY_AGE,
        "case_tabs": tabs_for(case.reference, url_name),
        "clock": _clock_for(case),
        "may_restrict": policies.may_restrict(signed_in_user(request), case),
        "is_coordinator": policies.is_coordinator(signed_in_user(request)),
    }
    base.update(context or {})
    return render(request, template, base, status=status)


def _survivor_of(case: Case) -> Survivor | None:
    try:
        return case.survivor
    except Survivor.DoesNotExist:
        return None


CLOCK_TAGS = {
    ClockState.DUE: ("Due", "govuk-tag--blue"),
    ClockState.DUE_TODAY: ("Due today", "govuk-tag--yellow"),
    ClockState.OVERDUE: ("Overdue", "govuk-tag--red"),
}


def _clock_for(case: Case, now: dt.datetime | None = None) -> dict[str, str] | None:
    """The first-contact clock as a GOV.UK tag: words first, colour second."""
    if case.first_contact_at is not None or case.status == CaseStatus.CLOSED:
        return None
    state = clock_state(case.first_contact_due_at, now or timezone.now())
    text, classes = CLOCK_TAGS[state]
    return {"state": state, "text": text, "classes": classes}


def _posted(request: HttpRequest) -> Any:
    """The submitted data for a POST (even an empty one, so it is checked), else None."""
    return request.POST if request.method == "POST" else None


def _require_caseworker(request: HttpRequest) -> None:
    policies.require_caseworker(signed_in_user(request))


# --- Intake -----------------------------------------------------------------------------------


def _disclosure_from(data: dict[str, Any], *, channel: str | None = None) -> services.Disclosure:
    return services.Disclosure(
        channel=channel or data["channel"],
        received_at=data.get("received_at") or timezone.now(),
        given_name=data["given_name"].strip(),
        family_name=data.get("family_name", "").strip(),
        known_as=data.get("known_as", "").strip(),
        date_of_birth=data.get("date_of_birth"),
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        address=data.get("address", "").strip(),
        postcode=data.get("postcode", ""),
        tenancy_reference=data.get("tenancy_reference", "").strip(),
        tenancy_status=data.get("tenancy_status") or "unknown",
        immediate_danger=data.get("immediate_danger") == "yes",
        urgency=data.get("urgency") or 3,
        summary=data.get("summary", "").strip(),
        referrer=data.get("referrer", "").strip(),
        abuse_forms=list(data.get("abuse_forms") or []),
        interpreter_needed=data.get("interpreter_needed") == "yes",
        language=data.get("language", "").strip(),
        preferred_staff_gender=data.get("preferred_staff_gender", ""),
    )


def _safe_contact_plan_url(case: Case) -> str | None:
    for name in ("cases:safe-contact-plan", "cases:contact-plan", "cases:plan-edit"):
        try:
            return reverse(name, kwargs={"reference": case.reference})
        except NoReverseMatch:
            continue
    return None


@login_required
@require_http_methods(["GET", "POST"])
def record_disclosure(request: HttpRequest) -> HttpResponse:
    _require_caseworker(request)
    form = forms.DisclosureForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        disclosure = _disclosure_from(form.cleaned_data)
        matches = services.find_possible_matches(disclosure.indexes())
        visible = [m for m in matches if policies.may_see_case(signed_in_user(request), m.case)]
        decision_form = forms.PossibleMatchForm(
            request.POST if "decision" in request.POST else None
        )
        if visible and not decision_form.is_bound:
            return render(
                request,
                "cases/possible_match.html",
                {"form": form, "decision_form": decision_form, "matches": visible},
            )
        if visible and not decision_form.is_valid():
            return render(
                request,
                "cases/possible_match.html",
                {"form": form, "decision_form": decision_form, "matches": visible},
            )
        if visible and decision_form.cleaned_data["decision"] == "link":
            chosen = request.POST.get("match", "")
            target = next((m.case for m in visible if m.case.reference == chosen), None)
            if target is None:
                decision_form.add_error(None, "Select the existing case to add the disclosure to")
                return render(
                    request,
                    "cases/possible_match.html",
                    {"form": form, "decision_form": decision_form, "matches": visible},
                )
            services.add_disclosure_to_existing_case(
                target, disclosure, actor=signed_in_user(request), request=request
            )
            messages.success(
                request, f"The disclosure was added to case {target.reference} as a new incident."
            )
            return redirect("cases:detail", reference=target.reference)
        case = services.record_disclosure(
            disclosure,
            actor=signed_in_user(request),
            request=request,
            confirmed_not_matches=[m.case for m in visible],
        )
        # Whether a case this person may not see matched is never told (that would confirm it
        # exists); the coordinator gets the review either way.
        _after_intake_messages(request, case)
        plan_url = _safe_contact_plan_url(case)
        if plan_url:
            return redirect(plan_url)
        return redirect("cases:detail", reference=case.reference)
    return render(request, "cases/record_disclosure.html", {"form": form})


def _after_intake_messages(request: HttpRequest, case: Case) -> None:
    text = f"Case {case.reference} recorded. It is in the triage queue."
    if case.immediate_danger:
        text += " Someone is in immediate danger: if they are, call 999 now."
    messages.success(request, text)
    survivor = case.survivor
    age = survivor.age_on(timezone.localdate())
    if age is not None and age < STATUTORY_AGE:
        messages.info(
            request,
            "The survivor is under 16. The statutory definition of domestic abuse applies from "
            "16, but we still record and act on this. Make a children's safeguarding referral "
            "today.",
        )


@login_required
@require_http_methods(["GET", "POST"])
def log_concern(request: HttpRequest) -> HttpResponse:
    if not policies.may_log_concern(signed_in_user(request)):
        raise PermissionDenied
    form = forms.ConcernForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # One box takes "a tenancy reference or an address": a single word of letters and
        # digits is a reference (and is matched against open cases); anything else an address.
        where = data.pop("tenancy_reference", "").strip()
        if re.fullmatch(r"[A-Za-z0-9/\-]{1,40}", where):
            data["tenancy_reference"] = where
        else:
            data["address"] = where
        disclosure = _disclosure_from(data, channel="staff_concern")
        services.log_concern(disclosure, actor=signed_in_user(request), request=request)
        # Only a flag in the session: the confirmation page shows nothing of the case.
        request.session["haven_concern_logged"] = {"immediate_danger": disclosure.immediate_danger}
        return redirect("cases:concern-logged")
    return render(request, "cases/log_concern.html", {"form": form})


@login_required
def concern_logged(request: HttpRequest) -> HttpResponse:
    if not policies.may_log_concern(signed_in_user(request)):
        raise PermissionDenied
    logged = request.session.pop("haven_concern_logged", None)
    return render(request, "cases/concern_logged.html", {"logged": logged})


# --- Triage ------------------------------------------------------------------------------------


# Only what lists show: every encrypted column left out is one decryption fewer per row.
LIST_FIELDS = (
    "reference",
    "status",
    "channel",
    "urgency",
    "immediate_danger",
    "received_at",
    "first_contact_due_at",
    "first_contact_at",
    "restricted",
    "owner__full_name",
    "team__name",
    "survivor__given_name",
    "survivor__family_name",
    "survivor__known_as",
    "survivor__preferred_staff_gender",
    "survivor__interpreter_needed",
    "survivor__language",
)


@dataclass
class CasePage:
    """A page of a case list, without a total: counting every case in scope costs more than
    the page itself once there are 100,000, and nobody needs the number to do their work."""

    object_list: list[Case]
    number: int
    more: bool

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.more

    def has_other_pages(self) -> bool:
        return self.more or self.number > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


def _page_of_cases(request: HttpRequest, cases: Any, ordering: tuple[str, ...]) -> CasePage:
    """One page of a case list: the page's ids come from the narrow, indexed case table (one
    more than a page, to know whether there is a next), then only those rows are joined and
    decrypted."""
    number = _page_number(request)
    start = (number - 1) * PAGE_SIZE
    ids = list(
        cases.order_by(*ordering).values_list("pk", flat=True)[start : start + PAGE_SIZE + 1]
    )
    rows = (
        Case.objects.filter(pk__in=ids[:PAGE_SIZE])
        .select_related("survivor", "owner", "team")
        .only(*LIST_FIELDS)
        .order_by(*ordering)
    )
    return CasePage(object_list=list(rows), number=number, more=len(ids) > PAGE_SIZE)


TRIAGE_ORDER = ("-immediate_danger", "urgency", "first_contact_due_at", "id")
LIST_ORDER = ("-received_at", "id")


def _triage_queryset(user: User):
    return policies.cases_visible_to(user).filter(
        status__in=[CaseStatus.NEW, CaseStatus.IN_TRIAGE, CaseStatus.REOPENED],
        first_contact_at__isnull=True,
    )


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    _require_caseworker(request)
    show = request.GET.get("show", "unallocated")
    if show not in {"unallocated", "all", "mine"}:
        show = "unallocated"
    cases = _triage_queryset(signed_in_user(request))
    if show == "unallocated":
        cases = cases.filter(owner__isnull=True)
    elif show == "mine":
        cases = cases.filter(owner=signed_in_user(request))
    page = _page_of_cases(request, cases, TRIAGE_ORDER)
    now = timezone.now()
    rows: list[dict[str, Any]] = [
        {"case": case, "clock": _clock_for(case, now)} for case in page.object_list
    ]
    return render(
        request,
        "cases/triage.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "any_danger": any(r["case"].immediate_danger for r in rows),
        },
    )


# --- Case list and search ----------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _require_caseworker(request)
    user = signed_in_user(request)
    default_scope = "all" if user.has_perm("cases.view_all_cases") else "mine"
    scope = request.GET.get("scope", default_scope)
    if scope not in {"mine", "team", "all"}:
        scope = default_scope
    state = request.GET.get("state", "active")
    if state not in {"active", "closed", "any"}:
        state = "active"
    cases = policies.cases_visible_to(user)
    if scope == "mine":
        cases = cases.filter(owner=user)
    elif scope == "team":
        cases = cases.filter(team_id=user.team_id) if user.team_id else cases.none()
    if state == "active":
        cases = cases.filter(status__in=ACTIVE_STATUSES)
    elif state == "closed":
        cases = cases.filter(status=CaseStatus.CLOSED)
    page = _page_of_cases(request, cases, LIST_ORDER)
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "scope": scope, "state": state, "has_team": bool(user.team_id)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """POST only for the search itself: search terms never go into a URL or a server log."""
    _require_caseworker(request)
    form = forms.SearchForm(_posted(request))
    results = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = services.search_cases(
            services.SearchCriteria(
                reference=data.get("reference", "").strip(),
                name=data.get("name", "").strip(),
                date_of_birth=data.get("date_of_birth"),
                postcode=data.get("postcode", "").strip(),
                phone=data.get("phone", "").strip(),
            ),
            actor=signed_in_user(request),
            request=request,
        )
    return render(
        request,
        "cases/search.html",
        {"form": form, "results": results, "limit": services.SEARCH_RESULT_LIMIT},
    )


# --- The case record -------------------------------------------------------------------------


@login_required
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(
        request,
        reference,
        "record",
        prefetch_related=[
            Prefetch("household_members", queryset=HouseholdMember.objects.order_by("id")),
            Prefetch("perpetrators", queryset=Perpetrator.objects.order_by("id")),
        ],
    )
    today = timezone.localdate()
    household = [
        {"member": member, "age": member.age_on(today)} for member in case.household_members.all()
    ]
    return _render_case(
        request,
        "cases/detail.html",
        case,
        "cases:detail",
        {
            "household": household,
            "perpetrators": list(case.perpetrators.all()),
            "case_cards": registered_cards_for(case, signed_in_user(request)),
        },
    )


def registered_cards_for(case: Case, user: User) -> list[dict[str, Any]]:
    """The summary cards other apps registered (risk, support...), each with its own context;
    a card whose context is None has nothing to show here and is left out."""
    cards = []
    for card in case_cards:
        context = card.context(case, user)
        if context is not None:
            cards.append({"key": card.key, "template": card.template, "context": context})
    return cards


# Edit pages: (form class, which record, page title, url name)
EDITABLE_PARTS = {
    "summary": (forms.CaseSummaryForm, "case", "Disclosure summary"),
    "survivor": (forms.SurvivorForm, "survivor", "Survivor's details"),
    "needs": (forms.NeedsForm, "survivor", "Needs"),
    "equality": (forms.EqualityForm, "survivor", "Equality monitoring"),
    "tenancy": (forms.TenancyForm, "case", "Tenancy and property"),
    "abuse": (forms.AbuseFormsForm, "case", "Forms of abuse"),
}


def _edit_record(
    request: HttpRequest,
    case: Case,
    instance: Any,
    form_class: type,
    *,
    title: str,
    url_name: str,
    action: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form = form_class(_posted(request), instance=instance, initial={"version": instance.version})
    conflicts: list[Conflict] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_record(
                instance,
                form.changes(),
                expected_version=form.cleaned_data["version"],
                actor=signed_in_user(request),
                case=case,
                request=request,
                action=action,
            )
        except EditConflict as conflict:
            conflicts = conflict.conflicts
            # The record as it is now, with what this person changed laid over it: the other
            # person's other changes are shown (a save cannot revert them), and saving again
            # from this version is a deliberate choice made after seeing theirs.
            form = form_class(
                instance=conflict.merged(), initial={"version": conflict.current_version}
            )
        else:
            messages.success(request, f"{title} saved.")
            if saved.kept_from_others:
                messages.info(request, saved.kept_message())
            return redirect("cases:detail", reference=case.reference)
    context = {"form": form, "title": title, "conflicts": conflicts, **(extra or {})}
    return _render_case(request, "cases/edit.html", case, url_name, context)


def _edit_part(part: str):
    form_class, which, title = EDITABLE_PARTS[part]
    url_name = f"cases:edit-{part}"

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, reference: str) -> HttpResponse:
        case = _case_page(request, reference, f"edit-{part}")
        instance = case if which == "case" else _survivor_of(case)
        if instance is None:
            raise Http404
        return _edit_record(
            request,
            case,
            instance,
            form_class,
            title=title,
            url_name=url_name,
            action=f"case.{part}_updated",
        )

    view.__name__ = f"edit_{part}"
    return view


edit_summary = _edit_part("summary")
edit_survivor = _edit_part("survivor")
edit_needs = _edit_part("needs")
edit_equality = _edit_part("equality")
edit_tenancy = _edit_part("tenancy")
edit_abuse = _edit_part("abuse")


@login_required
@require_http_methods(["GET", "POST"])
def household_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "household-add")
    form = forms.HouseholdMemberForm(_posted(request), initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        services.add_household_member(
            case, form.changes(), actor=signed_in_user(request), request=request
        )
        messages.success(request, "Household member added.")
        return redirect("cases:detail", reference=case.reference)
    return _render_case(
        request,
        "cases/edit.html",
        case,
        "cases:household-add",
        {"form": form, "title": "Add a household member or child"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, reference: str, member_id: int) -> HttpResponse:
    case = _case_page(request, reference, "household-edit")
    member = HouseholdMember.objects.filter(case=case, pk=member_id).first()
    if member is None:
        raise Http404
    return _edit_record(
        request,
        case,
        member,
        forms.HouseholdMemberForm,
        title="Household member",
        url_name="cases:household-edit",
        action="case.household_member_updated",
    )


@login_required
@require_http_methods(["GET", "POST"])
def perpetrator_add(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "perpetrator-add")
    form = forms.PerpetratorForm(_posted(request), initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        services.add_perpetrator(
            case, form.changes(), actor=signed_in_user(request), request=request
        )
        messages.success(request, "Perpetrator added.")
        return redirect("cases:detail", reference=case.reference)
    return _render_case(
        request,
        "cases/edit.html",
        case,
        "cases:perpetrator-add",
        {"form": form, "title": "Add a perpetrator"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def perpetrator_edit(request: HttpRequest, reference: str, perpetrator_id: int) -> HttpResponse:
    case = _case_page(request, reference, "perpetrator-edit")
    perpetrator = Perpetrator.objects.filter(case=case, pk=perpetrator_id).first()
    if perpetrator is None:
        raise Http404
    return _edit_record(
        request,
        case,
        perpetrator,
        forms.PerpetratorForm,
        title="Perpetrator",
        url_name="cases:perpetrator-edit",
        action="case.perpetrator_updated",
    )


# --- Allocation, status, closure ---------------------------------------------------------------


def _matching_officers(case: Case, officers: list[User]) -> list[dict[str, Any]]:
    """Officers with whether they match what the survivor asked for (gender, language)."""
    survivor = _survivor_of(case)
    wanted_gender = survivor.preferred_staff_gender if survivor else ""
    wanted_language = (survivor.language if survivor and survivor.interpreter_needed else "") or ""
    rows = []
    for officer in officers:
        officer_gender = officer.gender.strip().lower().replace("-", "_").replace(" ", "_")
        gender_ok = not wanted_gender or officer_gender == wanted_gender
        spoken = [lang.strip().lower() for lang in officer.languages.split(",") if lang.strip()]
        language_ok = not wanted_language or wanted_language.strip().lower() in spoken
        rows.append(
            {
                "officer": officer,
                "gender_ok": gender_ok,
                "language_ok": language_ok,
                "matches": gender_ok and language_ok,
            }
        )
    return rows


@login_required
def manage(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "manage")
    reviews = list(
        CoordinatorReview.objects.filter(case=case)
        .select_related("requested_by", "completed_by")
        .order_by("-requested_at")[:20]
    )
    transitions = [
        (target, CaseStatus(target).label)
        for target in sorted(lifecycle.ALLOWED_TRANSITIONS.get(case.status, ()))
        if target not in (CaseStatus.CLOSED, CaseStatus.REOPENED)
    ]
    return _render_case(
        request,
        "cases/manage.html",
        case,
        "cases:manage",
        {
            "reviews": reviews,
            "transitions": transitions,
            "may_close": lifecycle.can_move(case.status, CaseStatus.CLOSED),
            "may_reopen": case.status == CaseStatus.CLOSED,
            "may_reassign": policies.may_reassign(signed_in_user(request), case),
            "named_users": list(case.restricted_to.all()) if case.restricted else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "allocate")
    user = signed_in_user(request)
    if case.owner_id is not None and not policies.may_reassign(user, case):
        raise PermissionDenied
    officers = policies.officers_for_allocation(user)
    form = forms.AllocateForm(
        _posted(request),
        officers=officers,
        needs_reason=case.owner_id is not None,
        initial={"officer": user.pk} if user.has_perm("cases.take_unallocated_case") else None,
    )
    if request.method == "POST" and form.is_valid():
        officer = form.cleaned_data["officer"]
        if not policies.may_allocate(user, case, officer):
            raise PermissionDenied
        services.allocate_case(
            case,
            officer=officer,
            actor=user,
            reason=form.cleaned_data.get("reason", ""),
            request=request,
        )
        who = "you" if officer.pk == user.pk else officer.full_name
        messages.success(request, f"Case {case.reference} is now allocated to {who}.")
        return redirect("cases:detail", reference=case.reference)
    return _render_case(
        request,
        "cases/allocate.html",
        case,
        "cases:allocate",
        {"form": form, "officer_rows": _matching_officers(case, list(officers))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "status")
    choices = [
        (target, CaseStatus(target).label)
        for target in sorted(lifecycle.ALLOWED_TRANSITIONS.get(case.status, ()))
        if target not in (CaseStatus.CLOSED, CaseStatus.REOPENED)
    ]
    form = forms.StatusForm(_posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                case,
                form.cleaned_data["status"],
                actor=signed_in_user(request),
                reason=form.cleaned_data.get("reason", ""),
                request=request,
            )
        except lifecycle.TransitionRefused as refused:
            form.add_error("status", str(refused))
        else:
            messages.success(request, "Status changed.")
            return redirect("cases:manage", reference=case.reference)
    return _render_case(
        request, "cases/status.html", case, "cases:status", {"form": form, "choices": choices}
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "close")
    if not lifecycle.can_move(case.status, CaseStatus.CLOSED):
        messages.info(request, "This case is already closed.")
        return redirect("cases:manage", reference=case.reference)
    form = forms.CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(
                case,
                reason=form.cleaned_data["reason"],
                notes=form.cleaned_data.get("notes", ""),
                handed_over=form.cleaned_data.get("handed_over", False),
                actor=signed_in_user(request),
                request=request,
            )
        except services.ClosureRefused as refused:
            for field_name, message in refused.problems.items():
                form.add_error(field_name if field_name in form.fields else None, message)
        else:
            messages.success(request, f"Case {case.reference} is closed.")
            return redirect("cases:manage", reference=case.reference)
    open_items, unfinished = services.closure_blockers_found(case)
    return _render_case(
        request,
        "cases/close.html",
        case,
        "cases:close",
        {"form": form, "open_items": open_items, "unfinished": unfinished},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "reopen")
    if case.status != CaseStatus.CLOSED:
        messages.info(request, "Only a closed case can be reopened.")
        return redirect("cases:manage", reference=case.reference)
    form = forms.ReopenForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.reopen_case(
            case,
            actor=signed_in_user(request),
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            reported_to_police={"yes": True, "no": False}.get(data.get("reported_to_police") or ""),
            crime_reference=data.get("crime_reference", ""),
            immediate_danger=data.get("immediate_danger") == "yes",
            request=request,
        )
        messages.success(request, f"Case {case.reference} is reopened. First contact is due again.")
        return redirect("cases:detail", reference=case.reference)
    return _render_case(request, "cases/reopen.html", case, "cases:reopen", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def restrict(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case_page(request, reference, "restrict")
    if not policies.may_restrict(signed_in_user(request), case):
        raise PermissionDenied
    users = User.objects.filter(
        is_active=True, role__in=roles_with("cases.hold_cases")
    ).select_related("team")
    initial = {"named_users": list(case.restricted_to.values_list("pk", flat=True))}
    if not case.restricted:
        initial["named_users"] = [pk for pk in (signed_in_user(request).pk, case.owner_id) if pk]
    form = forms.RestrictForm(_posted(request), users=users, initial=initial)
    if request.method == "POST" and request.POST.get("lift") == "yes" and case.restricted:
        services.lift_restriction(
            case, reason="Restriction lifted", actor=signed_in_user(request), request=request
        )
        messages.success(request, "The restriction was lifted.")
        return redirect("cases:manage", reference=case.reference)
    if request.method == "POST" and form.is_valid():
        named = list(form.cleaned_data["named_users"])
        if (
            not signed_in_user(request).has_perm("cases.view_all_cases")
            and signed_in_user(request) not in named
        ):
            # Restricting yourself out of your own case would lose it.
            named.append(signed_in_user(request))
        services.restrict_case(
            case,
            named_users=named,
            reason=form.cleaned_data["reason"],
            actor=signed_in_user(request),
            request=request,
        )
        messages.success(request, "The case is restricted to the people named.")
        return redirect("cases:manage", reference=case.reference)
    return _render_case(request, "cases/restrict.html", case, "cases:restrict", {"form": form})


# --- Coordinator reviews --------------------------------------------------------------------------


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    policies.require_coordinator(signed_in_user(request))
    open_reviews = (
        CoordinatorReview.objects.filter(status=ReviewStatus.OPEN)
        .select_related("case", "case__owner", "requested_by")
        .order_by("requested_at", "id")
    )
    page = Paginator(open_reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/reviews.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    policies.require_coordinator(signed_in_user(request))
    item = (
        CoordinatorReview.objects.select_related("case", "case__survivor", "requested_by")
        .filter(pk=review_id)
        .first()
    )
    if item is None:
        raise Http404
    if request.method == "GET":
        services.record_case_view(
            item.case, actor=signed_in_user(request), request=request, page="review"
        )
    form = forms.ReviewOutcomeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.complete_coordinator_review(
            item,
            outcome=form.cleaned_data["outcome"],
            actor=signed_in_user(request),
            request=request,
        )
        messages.success(request, "Review recorded.")
        return redirect("cases:reviews")
    return render(request, "cases/review.html", {"form": form, "review": item})
