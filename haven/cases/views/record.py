"""Intake, finding cases (lists, triage, search) and the case record with its edit pages."""

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts.models import User
from haven.accounts.policies import signed_in_user
from haven.audit.versioning import Conflict, EditConflict
from haven.cases import navigation, policies
from haven.cases.forms import record as forms
from haven.cases.models import (
    ACTIVE_STATUSES,
    Case,
    CaseStatus,
    HouseholdMember,
    Perpetrator,
)
from haven.cases.rules import triage as triage_rules
from haven.cases.services import access as access_services
from haven.cases.services import record as record_services
from haven.cases.services import safeguarding as safeguarding_services
from haven.cases.views.common import (
    PAGE_SIZE,
    STATUTORY_AGE,
    case_facts,
    case_page,
    clock_for,
    due_rows,
    perpetrator_facts,
    posted,
    recorded_children,
    render_case,
    require_caseworker,
    survivor_of,
)
from haven.platform.registries import case_cards


def _disclosure_from(
    data: dict[str, Any], *, channel: str | None = None
) -> record_services.Disclosure:
    return record_services.Disclosure(
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
        children_in_household=_known(data.get("children_in_household")),
        children_count=data.get("children_count"),
        perpetrator_name=(data.get("perpetrator_name") or "").strip(),
        perpetrator_relationship=_known(data.get("perpetrator_relationship")),
        perpetrator_housing=_known(data.get("perpetrator_housing")),
        perpetrator_has_key=_known(data.get("perpetrator_has_key")),
        court_orders=list(data.get("court_orders") or []),
    )


def _known(answer: str | None) -> str:
    """A form's "Not known" is stored blank, as every "not known" on the record is."""
    return "" if not answer or answer == forms.NOT_KNOWN else answer


def _safe_contact_plan_url(case: Case) -> str | None:
    for name in ("cases:safe-contact-plan", "cases:contact-plan", "cases:plan-edit"):
        try:
            return reverse(name, kwargs={"reference": case.reference})
        except NoReverseMatch:
            continue
    return None


@require_http_methods(["GET", "POST"])
def record_disclosure(request: HttpRequest) -> HttpResponse:
    require_caseworker(request)
    form = forms.DisclosureForm(posted(request))
    if request.method == "POST" and form.is_valid():
        disclosure = _disclosure_from(form.cleaned_data)
        matches = record_services.find_possible_matches(disclosure.indexes())
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
            record_services.add_disclosure_to_existing_case(
                target, disclosure, actor=signed_in_user(request), request=request
            )
            messages.success(
                request, f"The disclosure was added to case {target.reference} as a new incident."
            )
            return redirect("cases:detail", reference=target.reference)
        case = record_services.record_disclosure(
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


@require_http_methods(["GET", "POST"])
def log_concern(request: HttpRequest) -> HttpResponse:
    if not policies.may_log_concern(signed_in_user(request)):
        raise PermissionDenied
    form = forms.ConcernForm(posted(request))
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
        record_services.log_concern(disclosure, actor=signed_in_user(request), request=request)
        # Only a flag in the session: the confirmation page shows nothing of the case.
        request.session["haven_concern_logged"] = {"immediate_danger": disclosure.immediate_danger}
        return redirect("cases:concern-logged")
    return render(request, "cases/log_concern.html", {"form": form})


def concern_logged(request: HttpRequest) -> HttpResponse:
    if not policies.may_log_concern(signed_in_user(request)):
        raise PermissionDenied
    logged = request.session.pop("haven_concern_logged", None)
    return render(request, "cases/concern_logged.html", {"logged": logged})


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
    "children_in_household",
    "children_count",
)

# What the triage row says about the perpetrator: no encrypted column.
PERPETRATOR_FACT_FIELDS = ("id", "case_id", "relationship", "housing", "has_key", "court_orders")


@dataclass
class CasePage:
    """A page of a case list, without a total: counting every case in scope costs more than
    the page itself once there are 100,000, and nobody needs the number to do their work."""

    object_list: list[Any]
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


def page_without_total(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> CasePage:
    """The `?page=` page of an ordered queryset, reading one row more than a page to know
    whether there is a next: the cost is a page's rows, however many match."""
    number = _page_number(request)
    start = (number - 1) * size
    found = list(rows[start : start + size + 1])
    return CasePage(object_list=found[:size], number=number, more=len(found) > size)


def _page_of_cases(
    request: HttpRequest,
    cases: Any,
    ordering: tuple[Any, ...],
    *,
    extra_fields: tuple[str, ...] = (),
    with_triage_facts: bool = False,
) -> CasePage:
    """One page of a case list: the page's ids come from the narrow, indexed case table (one
    more than a page, to know whether there is a next), then only those rows are joined and
    decrypted. `with_triage_facts` adds the perpetrators' facts and the children recorded, in
    two more queries for the whole page."""
    number = _page_number(request)
    start = (number - 1) * PAGE_SIZE
    ids = list(
        cases.order_by(*ordering).values_list("pk", flat=True)[start : start + PAGE_SIZE + 1]
    )
    rows = (
        Case.objects.filter(pk__in=ids[:PAGE_SIZE])
        .select_related("survivor", "owner", "team")
        .only(*LIST_FIELDS, *extra_fields)
        .order_by(*ordering)
    )
    if with_triage_facts:
        rows = rows.prefetch_related(
            Prefetch(
                "perpetrators",
                queryset=Perpetrator.objects.only(*PERPETRATOR_FACT_FIELDS).order_by("id"),
            ),
            Prefetch(
                "household_members",
                queryset=HouseholdMember.objects.filter(is_child=True).only(
                    "id", "case_id", "is_child"
                ),
            ),
        )
    return CasePage(object_list=list(rows), number=number, more=len(ids) > PAGE_SIZE)


TRIAGE_ORDER = ("-immediate_danger", "urgency", "first_contact_due_at", "id")


LIST_ORDER = ("-received_at", "id")


def _triage_queryset(user: User):
    return policies.cases_visible_to(user).filter(
        status__in=[CaseStatus.NEW, CaseStatus.IN_TRIAGE, CaseStatus.REOPENED],
        first_contact_at__isnull=True,
    )


def triage(request: HttpRequest) -> HttpResponse:
    require_caseworker(request)
    show = request.GET.get("show", "unallocated")
    if show not in {"unallocated", "all", "mine"}:
        show = "unallocated"
    cases = _triage_queryset(signed_in_user(request))
    if show == "unallocated":
        cases = cases.filter(owner__isnull=True)
    elif show == "mine":
        cases = cases.filter(owner=signed_in_user(request))
    page = _page_of_cases(
        request,
        cases,
        TRIAGE_ORDER,
        extra_fields=safeguarding_services.SURVIVOR_FIELDS,
        with_triage_facts=True,
    )
    now = timezone.now()
    columns = navigation.list_columns(signed_in_user(request))
    cells = navigation.column_cells(columns, page.object_list)
    prompts = safeguarding_services.prompts_for_cases(page.object_list, timezone.localdate())
    rows: list[dict[str, Any]] = [
        {
            "case": case,
            "clock": clock_for(case, now),
            "facts": triage_rules.triage_line(
                children_answer=case.children_in_household,
                children_count=case.children_count,
                recorded_children=recorded_children(case.household_members.all()),
                perpetrators=perpetrator_facts(case.perpetrators.all()),
            ),
            "cells": cells[case.pk],
            "safeguarding": prompts[case.pk],
        }
        for case in page.object_list
    ]
    return render(
        request,
        "cases/triage.html",
        {
            "page": page,
            "rows": rows,
            "show": show,
            "columns": columns,
            "any_danger": any(r["case"].immediate_danger for r in rows),
        },
    )


def case_list(request: HttpRequest) -> HttpResponse:
    require_caseworker(request)
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
    columns = navigation.list_columns(user)
    filters = navigation.chosen_filters(columns, request.GET)
    cases = navigation.apply_filters(columns, filters, cases)
    sort = navigation.chosen_sort(columns, request.GET)
    page = _page_of_cases(request, cases, navigation.ordering_for(columns, sort, LIST_ORDER))
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "scope": scope,
            "state": state,
            "has_team": bool(user.team_id),
            "columns": columns,
            "filters": filters,
            "sort": sort,
            "sorts": navigation.sort_choices(columns),
            "default_sort": navigation.DEFAULT_SORT,
            "cells": navigation.column_cells(columns, page.object_list),
        },
    )


@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """POST only for the search itself: search terms never go into a URL or a server log."""
    require_caseworker(request)
    form = forms.SearchForm(posted(request))
    results = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = access_services.search_cases(
            access_services.SearchCriteria(
                reference=data.get("reference", "").strip(),
                name=data.get("name", "").strip(),
                date_of_birth=data.get("date_of_birth"),
                postcode=data.get("postcode", "").strip(),
                phone=data.get("phone", "").strip(),
            ),
            actor=signed_in_user(request),
            request=request,
            page=_search_page_number(request.POST.get("page", "")),
        )
    # The next and previous pages post the same search again: its terms go back as hidden
    # fields, never into the address.
    searched = [
        (name, value)
        for name, value in request.POST.items()
        if name not in {"csrfmiddlewaretoken", "page"}
    ]
    columns = navigation.list_columns(signed_in_user(request))
    return render(
        request,
        "cases/search.html",
        {
            "form": form,
            "results": results,
            "searched": searched,
            "count_limit": access_services.SEARCH_COUNT_LIMIT,
            "columns": columns,
            "cells": navigation.column_cells(columns, list(results.cases) if results else []),
        },
    )


def _search_page_number(raw: str) -> int:
    # Anything odd (a hand-edited form) is the first page; the service caps the last.
    return int(raw) if raw.isdecimal() and len(raw) < 4 else 1


RECORD_PREFETCH = [
    Prefetch("household_members", queryset=HouseholdMember.objects.order_by("id")),
    Prefetch("perpetrators", queryset=Perpetrator.objects.order_by("id")),
]


@case_page("overview", prefetch_related=RECORD_PREFETCH)
def detail(request: HttpRequest, case: Case) -> HttpResponse:
    """The case overview: what a caseworker needs in ten seconds, across the page's width."""
    now = timezone.now()
    today = timezone.localdate()
    children = [
        {"member": member, "age": member.age_on(today)}
        for member in case.household_members.all()
        if member.is_child
    ]
    return render_case(
        request,
        "cases/detail.html",
        case,
        {
            "facts": case_facts(case),
            "children": children,
            "due": due_rows(access_services.due_on_case(case, now=now), now),
            "case_cards": registered_cards_for(case, signed_in_user(request)),
        },
    )


@case_page("record", prefetch_related=RECORD_PREFETCH)
def record(request: HttpRequest, case: Case) -> HttpResponse:
    """The full record, section by section, each with its own Change link."""
    today = timezone.localdate()
    household = [
        {"member": member, "age": member.age_on(today)} for member in case.household_members.all()
    ]
    return render_case(
        request,
        "cases/record.html",
        case,
        {
            "household": household,
            "perpetrators": list(case.perpetrators.all()),
            "facts": case_facts(case),
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
    "children": (forms.ChildrenForm, "case", "Children in the household"),
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
    form = form_class(posted(request), instance=instance, initial={"version": instance.version})
    conflicts: list[Conflict] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = record_services.update_record(
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
            return redirect("cases:record", reference=case.reference)
    context = {"form": form, "title": title, "conflicts": conflicts, **(extra or {})}
    return render_case(request, "cases/edit.html", case, context)


def _edit_part(part: str):
    form_class, which, title = EDITABLE_PARTS[part]
    url_name = f"cases:edit-{part}"

    @require_http_methods(["GET", "POST"])
    @case_page(f"edit-{part}")
    def view(request: HttpRequest, case: Case) -> HttpResponse:
        instance = case if which == "case" else survivor_of(case)
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


edit_children = _edit_part("children")


@require_http_methods(["GET", "POST"])
@case_page("household-add")
def household_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.HouseholdMemberForm(posted(request), initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        record_services.add_household_member(
            case, form.changes(), actor=signed_in_user(request), request=request
        )
        messages.success(request, "Household member added.")
        return redirect("cases:record", reference=case.reference)
    return render_case(
        request, "cases/edit.html", case, {"form": form, "title": "Add a household member or child"}
    )


@require_http_methods(["GET", "POST"])
@case_page("household-edit")
def household_edit(request: HttpRequest, case: Case, member_id: int) -> HttpResponse:
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


@require_http_methods(["GET", "POST"])
@case_page("perpetrator-add")
def perpetrator_add(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.PerpetratorForm(posted(request), initial={"version": 1})
    if request.method == "POST" and form.is_valid():
        record_services.add_perpetrator(
            case, form.changes(), actor=signed_in_user(request), request=request
        )
        messages.success(request, "Perpetrator added.")
        return redirect("cases:record", reference=case.reference)
    return render_case(
        request, "cases/edit.html", case, {"form": form, "title": "Add a perpetrator"}
    )


@require_http_methods(["GET", "POST"])
@case_page("perpetrator-edit")
def perpetrator_edit(request: HttpRequest, case: Case, perpetrator_id: int) -> HttpResponse:
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
