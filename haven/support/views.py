"""Support's pages: the case's Safety and housing tab and its forms, the work lists, the
coordinator's lock changes and the property look-up. Thin: forms check, services change,
policies decide."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts.policies import signed_in_user
from haven.audit.versioning import EditConflict
from haven.cases import policies as case_policies
from haven.cases.models import Case
from haven.cases.views.common import case_page, posted, render_case
from haven.cases.views.record import page_without_total
from haven.support import forms, policies, presentation, services
from haven.support.models import (
    PerpetratorAction,
    PlanAction,
    PropertyAlert,
    RehousingPlan,
    SecurityRequest,
)

# --- The case's tab --------------------------------------------------------------------------


@case_page("safety and housing")
@require_http_methods(["GET", "HEAD"])
def case_support(request: HttpRequest, case: Case) -> HttpResponse:
    policies.require_supporter(signed_in_user(request))
    now = timezone.now()
    security = [
        {
            "item": item,
            "tag": presentation.clock_tag(services.lock_clock_for(item, now)),
        }
        for item in case.security_requests.select_related("requested_by")
    ]
    plan = services.plan_for(case)
    actions = (
        [
            {"action": action, "tag": presentation.due_tag(action.due_on)}
            for action in plan.actions.all()
        ]
        if plan
        else []
    )
    return render_case(
        request,
        "support/case.html",
        case,
        {
            "security": security,
            "config_hours": settings.HAVEN_LOCK_CHANGE_HOURS,
            "plan": plan,
            "actions": actions,
            "reviews": plan.reviews.select_related("reviewed_by") if plan else [],
            "review_tag": presentation.due_tag(plan.next_review_on) if plan else None,
            "alerts": case.property_alerts.select_related("property"),
            "rehousing": RehousingPlan.objects.filter(case=case).first(),
            "perpetrator_actions": case.perpetrator_actions.prefetch_related("breaches"),
        },
    )


def _back_to_tab(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    """After a change: say what was done, on the case's Safety and housing tab."""
    messages.success(request, message)
    return redirect("support:case", reference=case.reference)


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Any,
    template: str,
    save: Callable[[dict[str, Any]], str],
    extra: dict[str, Any] | None = None,
    error_field: str | None = None,
) -> HttpResponse:
    """A form of the tab: on a good POST call `save` (a service; a SupportError becomes the
    form's error) and go back to the tab; else show the form, with what was typed."""
    policies.require_supporter(signed_in_user(request))
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except services.SupportError as error:
            form.add_error(error.field or error_field, str(error))
        else:
            return _back_to_tab(request, case, message)
    return render_case(
        request,
        template,
        case,
        {"form": form, "config_hours": settings.HAVEN_LOCK_CHANGE_HOURS, **(extra or {})},
        status=400 if form.errors else 200,
    )


@case_page("ask for work to secure the home")
@require_http_methods(["GET", "HEAD", "POST"])
def security_request(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    initial = {**forms.now_initial(), "kind": "lock_change", "no_recharge": "yes"}
    form = forms.SecurityRequestForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> str:
        when = form.when()
        assert when is not None
        item = services.request_security(
            case,
            kind=data["kind"],
            requested_at=when,
            works_order_reference=data["works_order_reference"],
            survivor_choice=data["survivor_choice"],
            no_recharge=data["no_recharge"] == "yes",
            notes=data["notes"],
            actor=user,
            request=request,
        )
        if item.due_at:
            due = timezone.localtime(item.due_at)
            return f"Lock change asked for. It must be done by {due:%-d %B %Y}, {due:%H:%M}."
        return f"{item.get_kind_display()} asked for."

    return _form_page(request, case, form, "support/security_request.html", save)


@case_page("record work to secure the home done")
@require_http_methods(["GET", "HEAD", "POST"])
def security_complete(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_supporter(user)
    item = get_object_or_404(SecurityRequest, pk=pk, case=case)
    if item.completed_at is not None:
        # Sent again after it was done (the Back button, a second press): say so, rather
        # than "Page not found" as if the work had been lost.
        messages.info(
            request, f"This {item.get_kind_display().lower()} is already recorded as done."
        )
        return redirect("support:case", reference=case.reference)
    form = forms.SecurityCompleteForm(
        posted(request),
        initial={**forms.now_initial(), "works_order_reference": item.works_order_reference},
        requested_at=item.requested_at,
    )

    def save(data: dict[str, Any]) -> str:
        when = form.when()
        assert when is not None
        done = services.complete_security(
            item,
            completed_at=when,
            keys_recovered=data["keys_recovered"],
            works_order_reference=data["works_order_reference"],
            notes=data["notes"],
            actor=user,
            request=request,
        )
        if done.breached:
            return f"{done.get_kind_display()} recorded as done, after the clock ran out."
        return f"{done.get_kind_display()} recorded as done."

    return _form_page(request, case, form, "support/security_complete.html", save, {"item": item})


@case_page("agree the action plan")
@require_http_methods(["GET", "HEAD", "POST"])
def plan_agree(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    form = forms.PlanForm(posted(request), initial={"agreed_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        plan = services.agree_plan(case, agreed_on=data["agreed_on"], actor=user, request=request)
        return f"Action plan recorded. Its first review is due by {plan.next_review_on:%-d %B %Y}."

    return _form_page(request, case, form, "support/plan_agree.html", save)


def _agree_a_plan_first(request: HttpRequest, case: Case) -> HttpResponse:
    # Reached from a bookmark or the history: the step that comes first, not "Page not found".
    messages.info(request, "There is no action plan yet: agree one with the survivor first.")
    return redirect("support:plan-agree", reference=case.reference)


@case_page("add an action to the plan")
@require_http_methods(["GET", "HEAD", "POST"])
def action_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    plan = services.plan_for(case)
    if plan is None:
        return _agree_a_plan_first(request, case)
    form = forms.ActionForm(posted(request))

    def save(data: dict[str, Any]) -> str:
        action = services.add_action(
            plan,
            what=data["what"],
            owner_kind=data["owner_kind"],
            agency=data["agency"],
            due_on=data["due_on"],
            actor=user,
            request=request,
        )
        return f"Action added, due {action.due_on:%-d %B %Y}."

    return _form_page(request, case, form, "support/action_add.html", save)


@case_page("update an action on the plan")
@require_http_methods(["GET", "HEAD", "POST"])
def action_update(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    action = get_object_or_404(PlanAction, pk=pk, plan__case=case)
    form = forms.ActionUpdateForm(
        posted(request),
        initial={
            "status": action.status,
            "completed_on": action.completed_on,
            "outcome": action.outcome,
        },
    )

    def save(data: dict[str, Any]) -> str:
        services.update_action(
            action,
            status=data["status"],
            outcome=data["outcome"],
            completed_on=data["completed_on"],
            actor=user,
            request=request,
        )
        return "Action updated."

    return _form_page(request, case, form, "support/action_update.html", save, {"action": action})


@case_page("review the action plan")
@require_http_methods(["GET", "HEAD", "POST"])
def plan_review(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    plan = services.plan_for(case)
    if plan is None:
        return _agree_a_plan_first(request, case)
    form = forms.ReviewForm(
        posted(request), initial={"reviewed_on": timezone.localdate()}, agreed_on=plan.agreed_on
    )

    def save(data: dict[str, Any]) -> str:
        review = services.review_plan(
            plan,
            reviewed_on=data["reviewed_on"],
            with_survivor=data["with_survivor"] == "yes",
            notes=data["notes"],
            actor=user,
            request=request,
        )
        return f"Review recorded. The next is due by {review.next_review_on:%-d %B %Y}."

    return _form_page(request, case, form, "support/plan_review.html", save, {"plan": plan})


@case_page("add a property safety alert")
@require_http_methods(["GET", "HEAD", "POST"])
def alert_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    form = forms.AlertForm(
        posted(request), initial={"contact": "Tenancy Services", "kind": "contact_first"}
    )

    def save(data: dict[str, Any]) -> str:
        alert = services.add_alert(
            case,
            reference=data["reference"],
            address=data["address"],
            postcode=data["postcode"],
            kind=data["kind"],
            contact=data["contact"],
            review_on=data["review_on"],
            actor=user,
            request=request,
        )
        return f"Alert added to property {alert.property.reference}."

    # The contact is the only words an alert carries, so it is what a refusal is about.
    return _form_page(request, case, form, "support/alert_add.html", save, error_field="contact")


@case_page("end a property safety alert")
@require_http_methods(["GET", "HEAD", "POST"])
def alert_end(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_supporter(user)
    alert = get_object_or_404(PropertyAlert.objects.select_related("property"), pk=pk, case=case)
    if alert.ended_on is not None:
        messages.info(
            request, f"The alert on property {alert.property.reference} has already ended."
        )
        return redirect("support:case", reference=case.reference)
    if request.method == "POST":
        services.end_alert(alert, ended_on=timezone.localdate(), actor=user, request=request)
        return _back_to_tab(request, case, f"Alert on property {alert.property.reference} ended.")
    return render_case(request, "support/alert_end.html", case, {"alert": alert})


@case_page("rehousing options")
@require_http_methods(["GET", "HEAD", "POST"])
def rehousing(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    existing = RehousingPlan.objects.filter(case=case).first()
    initial = (
        {
            **{name: getattr(existing, name) for name in services.REHOUSING_FIELDS},
            "version": existing.version,
        }
        if existing
        else {"progress": "considering"}
    )
    form = forms.RehousingForm(posted(request), initial=initial)

    def save(data: dict[str, Any]) -> str:
        # A page opened before there was a plan carries no version (0): if someone saved one
        # meanwhile, every difference is shown as a clash rather than saved over theirs.
        opened = data.get("version") or 0
        services.save_rehousing(case, data, actor=user, request=request, opened_version=opened)
        return "Rehousing options saved."

    try:
        return _form_page(request, case, form, "support/rehousing.html", save)
    except EditConflict as clash:
        # Nothing saved: the form again from the plan as it is now, with this person's changes
        # laid over it, and both values side by side, so saving again is a deliberate choice.
        merged = clash.merged()
        form = forms.RehousingForm(
            initial={
                **{name: getattr(merged, name) for name in services.REHOUSING_FIELDS},
                "version": clash.current_version,
            }
        )
        return render_case(
            request,
            "support/rehousing.html",
            case,
            {"form": form, "conflicts": clash.conflicts},
            status=409,
        )


@case_page("start an action against a perpetrator")
@require_http_methods(["GET", "HEAD", "POST"])
def perpetrator_action_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = signed_in_user(request)
    form = forms.PerpetratorActionForm(
        posted(request), initial={"wishes_recorded_on": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> str:
        action = services.start_perpetrator_action(
            case,
            kind=data["kind"],
            ground=data["ground"],
            survivor_wishes=data["survivor_wishes"],
            wishes_recorded_on=data["wishes_recorded_on"],
            started_on=data["started_on"],
            court_date=data["court_date"],
            notes=data["notes"],
            actor=user,
            request=request,
        )
        return f"{action.get_kind_display()} recorded."

    return _form_page(request, case, form, "support/perpetrator_action_add.html", save)


@case_page("update an action against a perpetrator")
@require_http_methods(["GET", "HEAD", "POST"])
def perpetrator_action_update(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    action = get_object_or_404(PerpetratorAction, pk=pk, case=case)
    form = forms.PerpetratorActionUpdateForm(
        posted(request), initial={"status": action.status, "court_date": action.court_date}
    )

    def save(data: dict[str, Any]) -> str:
        services.update_perpetrator_action(
            action,
            status=data["status"],
            court_date=data["court_date"],
            actor=user,
            request=request,
        )
        return f"{action.get_kind_display()} updated."

    return _form_page(
        request, case, form, "support/perpetrator_action_update.html", save, {"action": action}
    )


@case_page("log a breach")
@require_http_methods(["GET", "HEAD", "POST"])
def breach_add(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    action = get_object_or_404(PerpetratorAction, pk=pk, case=case)
    form = forms.BreachForm(posted(request), initial={"occurred_on": timezone.localdate()})

    def save(data: dict[str, Any]) -> str:
        services.log_breach(
            action,
            occurred_on=data["occurred_on"],
            reported_to_police=data["reported_to_police"] == "yes",
            notes=data["notes"],
            actor=user,
            request=request,
        )
        return "Breach logged."

    return _form_page(request, case, form, "support/breach_add.html", save, {"action": action})


# --- Work lists ---------------------------------------------------------------------------------


# The support work list shows the most pressing few of each kind; "see all" opens one kind
# alone, a page at a time, so the page costs the same for a coordinator with every case.
WORK_SHOWN = 20
WORK_KINDS = ("security", "reviews", "actions", "court_dates")


def _work_rows(cases: Any, kind: str, today: Any) -> Any:
    if kind == "reviews":
        return services.reviews_due(cases, today)
    if kind == "actions":
        return services.actions_due(cases, today)
    if kind == "court_dates":
        return services.court_dates_due(cases, today)
    return (
        SecurityRequest.objects.filter(
            case_policies.within(cases, "case"), completed_at__isnull=True
        )
        .select_related("case")
        .order_by("requested_at", "pk")
    )


def _work_entry(kind: str, row: Any, today: Any, now: Any) -> dict[str, Any]:
    if kind == "reviews":
        return {"plan": row, "tag": presentation.due_tag(row.next_review_on, today)}
    if kind == "actions":
        return {"action": row, "tag": presentation.due_tag(row.due_on, today)}
    if kind == "court_dates":
        return {"action": row}
    return {"item": row, "tag": presentation.clock_tag(services.lock_clock_for(row, now))}


@require_http_methods(["GET", "HEAD"])
def work(request: HttpRequest) -> HttpResponse:
    """What is due: reviews, actions, court dates and work to secure homes, on the cases this
    person holds (the coordinator may choose every case). The most pressing few of each, or
    one kind (`?kind=`) a page at a time."""
    user = signed_in_user(request)
    policies.require_supporter(user)
    everyone = request.GET.get("scope") == "all" and policies.may_oversee(user)
    cases = policies.work_cases(user, everyone=everyone)
    today = timezone.localdate()
    now = timezone.now()
    only = request.GET.get("kind")
    sections: dict[str, dict[str, Any]] = {}
    page = None
    if only in WORK_KINDS:
        page = page_without_total(request, _work_rows(cases, only, today))
        sections[only] = {
            "entries": [_work_entry(only, row, today, now) for row in page.object_list],
            "more": False,
        }
    else:
        only = None
        for kind in WORK_KINDS:
            rows = list(_work_rows(cases, kind, today)[: WORK_SHOWN + 1])
            sections[kind] = {
                "entries": [_work_entry(kind, row, today, now) for row in rows[:WORK_SHOWN]],
                "more": len(rows) > WORK_SHOWN,
            }
    scope = "all" if everyone else "mine"
    return render(
        request,
        "support/work.html",
        {
            "scope": scope,
            "may_oversee": policies.may_oversee(user),
            "sections": sections,
            "only": only,
            "page": page,
            "shown": WORK_SHOWN,
            "scope_query": "scope=all" if everyone else "",
        },
    )


@require_http_methods(["GET", "HEAD"])
def lock_changes(request: HttpRequest) -> HttpResponse:
    """The coordinator's view: every lock change still to do or done past the clock."""
    user = signed_in_user(request)
    policies.require_overseer(user)
    breached_only = request.GET.get("show") == "breached"
    now = timezone.now()
    page = page_without_total(
        request,
        services.lock_changes(case_policies.scope_of(user), breached_only=breached_only),
    )
    page.object_list = [
        {"item": item, "tag": presentation.clock_tag(services.lock_clock_for(item, now))}
        for item in page.object_list
    ]
    return render(
        request,
        "support/lock_changes.html",
        {"show": "breached" if breached_only else "all", "page": page},
    )


# --- Property look-up -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def property_lookup(request: HttpRequest) -> HttpResponse:
    """Any member of staff, before a visit: the property's alerts and whom to contact. Never
    the address, the case, the reason or who lives there. Posted, as the case search is: a
    postcode looked up never goes into an address, a browser's history or a server log."""
    user = signed_in_user(request)
    policies.require_property_look_up(user)
    form = forms.LookUpForm(posted(request))
    found = None
    if form.is_bound and form.is_valid():
        found = services.look_up_property(form.cleaned_data["q"], actor=user, request=request)
    return render(
        request,
        "support/property_lookup.html",
        {"form": form, "found": found},
        status=400 if form.errors else 200,
    )
