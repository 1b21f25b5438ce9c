"""Allocation, status, closing, reopening, restriction and the coordinator's reviews."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts.models import User
from haven.accounts.permissions import roles_with
from haven.accounts.policies import signed_in_user
from haven.cases import policies
from haven.cases.forms import lifecycle as forms
from haven.cases.models import (
    Case,
    CaseStatus,
    CoordinatorReview,
    ReviewStatus,
)
from haven.cases.rules import allocation, lifecycle
from haven.cases.services import access as access_services
from haven.cases.services import lifecycle as lifecycle_services
from haven.cases.views.common import (
    PAGE_SIZE,
    case_facts,
    case_page,
    posted,
    render_case,
    survivor_of,
)


def _officer_rows(case: Case, officers: list[User]) -> list[dict[str, Any]]:
    """Each officer who may take the case: their open caseload and, in words, how they match
    what the survivor asked for (gender of officer, language, interpreter)."""
    survivor = survivor_of(case)
    asks = allocation.SurvivorAsks(
        staff_gender=survivor.preferred_staff_gender if survivor else "",
        interpreter_needed=bool(survivor and survivor.interpreter_needed),
        language=survivor.language if survivor else "",
    )
    caseloads = lifecycle_services.open_caseloads([officer.pk for officer in officers])
    rows = []
    for officer in officers:
        match = allocation.match_officer(
            asks, officer_gender=officer.gender, officer_languages=officer.languages
        )
        caseload = allocation.caseload_phrase(caseloads[officer.pk])
        rows.append(
            {
                "officer": officer,
                "open_cases": caseloads[officer.pk],
                "match": match,
                "hint": f"{caseload}. {match.sentence}." if match.parts else f"{caseload}.",
            }
        )
    return rows


@case_page("manage")
def manage(request: HttpRequest, case: Case) -> HttpResponse:
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
    return render_case(
        request,
        "cases/manage.html",
        case,
        {
            "reviews": reviews,
            "transitions": transitions,
            "may_close": lifecycle.can_move(case.status, CaseStatus.CLOSED),
            "may_reopen": case.status == CaseStatus.CLOSED,
            "may_reassign": policies.may_reassign(signed_in_user(request), case),
            "named_users": list(case.restricted_to.all()) if case.restricted else [],
        },
    )


@require_http_methods(["GET", "POST"])
@case_page("allocate")
def allocate(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    if case.owner_id is not None and not policies.may_reassign(user, case):
        raise PermissionDenied
    officers = policies.officers_for_allocation(user)
    form = forms.AllocateForm(
        posted(request),
        officers=officers,
        needs_reason=case.owner_id is not None,
        initial={"officer": user.pk} if user.has_perm("cases.take_unallocated_case") else None,
    )
    if request.method == "POST" and form.is_valid():
        officer = form.cleaned_data["officer"]
        if not policies.may_allocate(user, case, officer):
            raise PermissionDenied
        lifecycle_services.allocate_case(
            case,
            officer=officer,
            actor=user,
            reason=form.cleaned_data.get("reason", ""),
            request=request,
        )
        who = "you" if officer.pk == user.pk else officer.full_name
        messages.success(request, f"Case {case.reference} is now allocated to {who}.")
        return redirect("cases:detail", reference=case.reference)
    return render_case(
        request,
        "cases/allocate.html",
        case,
        {
            "form": form,
            "officer_rows": _officer_rows(case, list(officers)),
            "triage_facts": case_facts(case),
        },
    )


@require_http_methods(["GET", "POST"])
@case_page("status")
def change_status(request: HttpRequest, case: Case) -> HttpResponse:
    choices = [
        (target, CaseStatus(target).label)
        for target in sorted(lifecycle.ALLOWED_TRANSITIONS.get(case.status, ()))
        if target not in (CaseStatus.CLOSED, CaseStatus.REOPENED)
    ]
    form = forms.StatusForm(posted(request), choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle_services.change_status(
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
    return render_case(request, "cases/status.html", case, {"form": form, "choices": choices})


@require_http_methods(["GET", "POST"])
@case_page("close")
def close(request: HttpRequest, case: Case) -> HttpResponse:
    if not lifecycle.can_move(case.status, CaseStatus.CLOSED):
        messages.info(request, "This case is already closed.")
        return redirect("cases:manage", reference=case.reference)
    form = forms.CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle_services.close_case(
                case,
                reason=form.cleaned_data["reason"],
                notes=form.cleaned_data.get("notes", ""),
                handed_over=form.cleaned_data.get("handed_over", False),
                actor=signed_in_user(request),
                request=request,
            )
        except lifecycle_services.ClosureRefused as refused:
            for field_name, message in refused.problems.items():
                form.add_error(field_name if field_name in form.fields else None, message)
        else:
            messages.success(request, f"Case {case.reference} is closed.")
            return redirect("cases:manage", reference=case.reference)
    open_items, unfinished = lifecycle_services.closure_blockers_found(case)
    return render_case(
        request,
        "cases/close.html",
        case,
        {"form": form, "open_items": open_items, "unfinished": unfinished},
    )


@require_http_methods(["GET", "POST"])
@case_page("reopen")
def reopen(request: HttpRequest, case: Case) -> HttpResponse:
    if case.status != CaseStatus.CLOSED:
        messages.info(request, "Only a closed case can be reopened.")
        return redirect("cases:manage", reference=case.reference)
    form = forms.ReopenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lifecycle_services.reopen_case(
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
    return render_case(request, "cases/reopen.html", case, {"form": form})


@require_http_methods(["GET", "POST"])
@case_page("restrict")
def restrict(request: HttpRequest, case: Case) -> HttpResponse:
    if not policies.may_restrict(signed_in_user(request), case):
        raise PermissionDenied
    users = User.objects.filter(
        is_active=True, role__in=roles_with("cases.hold_cases")
    ).select_related("team")
    initial = {"named_users": list(case.restricted_to.values_list("pk", flat=True))}
    if not case.restricted:
        initial["named_users"] = [pk for pk in (signed_in_user(request).pk, case.owner_id) if pk]
    form = forms.RestrictForm(posted(request), users=users, initial=initial)
    if request.method == "POST" and request.POST.get("lift") == "yes" and case.restricted:
        lifecycle_services.lift_restriction(
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
        lifecycle_services.restrict_case(
            case,
            named_users=named,
            reason=form.cleaned_data["reason"],
            actor=signed_in_user(request),
            request=request,
        )
        messages.success(request, "The case is restricted to the people named.")
        return redirect("cases:manage", reference=case.reference)
    return render_case(request, "cases/restrict.html", case, {"form": form})


def reviews(request: HttpRequest) -> HttpResponse:
    policies.require_coordinator(signed_in_user(request))
    open_reviews = (
        CoordinatorReview.objects.filter(status=ReviewStatus.OPEN)
        .select_related("case", "case__owner", "requested_by")
        .order_by("requested_at", "id")
    )
    page = Paginator(open_reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/reviews.html", {"page": page})


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
        access_services.record_case_view(
            item.case, actor=signed_in_user(request), request=request, page="review"
        )
    form = forms.ReviewOutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        lifecycle_services.complete_coordinator_review(
            item,
            outcome=form.cleaned_data["outcome"],
            actor=signed_in_user(request),
            request=request,
        )
        messages.success(request, "Review recorded.")
        return redirect("cases:reviews")
    return render(request, "cases/review.html", {"form": form, "review": item})
