"""Risk work's pages: the case's risk tab and its forms, and the work lists. Thin: forms check,
services change, policies decide; the case comes from the case policy (`case_page`).

Every form page goes through `_record_page`: the form, on a valid POST the service, a message
and back to the Risk and MARAC tab; otherwise the form again (status 400 with its errors)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from haven.accounts.policies import signed_in_user
from haven.cases import policies as case_policies
from haven.cases.models import Case, CaseStatus
from haven.cases.rules.references import normalise_reference
from haven.cases.views.common import case_page, posted, render_case
from haven.cases.views.record import CasePage, page_without_total
from haven.risk import chart, config, forms, pdf, policies, presentation, rules, services
from haven.risk.models import (
    ActionStatus,
    AssessmentStatus,
    CaseRisk,
    DashAssessment,
    DvdsApplication,
    DvdsStatus,
    MaracAction,
    MaracMeeting,
    SafeguardingReferral,
    SafeguardingReferralKind,
)

PAGE_SIZE = 25

# What a form page's `save` gives back: the message to show on the Risk and MARAC tab, or a
# response to send as it is (a PDF; another page, having said its own message).
Saved = str | HttpResponse


def _assessor(request: HttpRequest) -> Any:
    user = signed_in_user(request)
    policies.require_assessor(user)
    return user


def _to_tab(case: Case) -> HttpResponse:
    return redirect("risk:case", reference=case.reference)


def _saved(
    request: HttpRequest,
    form: django_forms.Form,
    save: Callable[[dict[str, Any]], Saved],
    done: Callable[[], HttpResponse],
) -> HttpResponse | None:
    """On a valid POST, `save` the form: the response to send, or None to show the form again
    (not posted, not valid, or refused by the service, whose reasons go on the form's fields)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        outcome = save(form.cleaned_data)
    except services.Refused as refused:
        for name, message in refused.problems.items():
            form.add_error(name if name in form.fields else None, message)
        return None
    if isinstance(outcome, HttpResponse):
        return outcome
    messages.success(request, outcome)
    return done()


def _status(form: django_forms.Form) -> int:
    return 400 if form.errors else 200


def _record_page(
    request: HttpRequest,
    case: Case,
    form: django_forms.Form,
    save: Callable[[dict[str, Any]], Saved],
    *,
    template: str = "risk/form.html",
    **context: Any,
) -> HttpResponse:
    """A form page of the case: saved, back to the Risk and MARAC tab with `save`'s message;
    otherwise the form (with `context`: risk/form.html takes `heading`, `button`, `intro`)."""
    response = _saved(request, form, save, lambda: _to_tab(case))
    if response is not None:
        return response
    return render_case(request, template, case, {"form": form, **context}, status=_status(form))


# --- The risk tab -------------------------------------------------------------------------------


@case_page("risk and MARAC")
@require_http_methods(["GET", "HEAD"])
def case_risk(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)
    today = timezone.localdate()
    assessments = services.completed_assessments(case)
    state = CaseRisk.objects.filter(case=case).first()
    bands = config.dash_bands()
    points = [
        chart.Point(on=a.assessed_on, score=a.score, level=a.level)
        for a in assessments
        if a.assessed_on is not None
    ]
    actions = list(case.marac_actions.select_related("owner", "meeting"))
    dvds = list(case.dvds_applications.all())
    return render_case(
        request,
        "risk/case.html",
        case,
        {
            "card": presentation.card_context(case, user),
            "assessments": list(reversed(assessments)),
            "drafts": list(case.dash_assessments.filter(status=AssessmentStatus.DRAFT)),
            "chart": chart.risk_chart(points, bands) if points else None,
            "points": points,
            "state": state,
            "referrals": list(
                case.marac_referrals.select_related("made_by").prefetch_related("forms")
            ),
            "meetings": list(case.marac_meetings.order_by("-held_on", "-pk")),
            "actions": actions,
            "action_states": {
                a.pk: rules.due_state(a.due_on, today, a.status == ActionStatus.DONE)
                for a in actions
            },
            "liaisons": list(case.mappa_liaisons.all()),
            "safeguarding_referrals": list(case.safeguarding_referrals.all()),
            "decisions_to_record": services.decisions_without_referral(case),
            "dvds": dvds,
            "dvds_states": {
                d.pk: rules.due_state(d.decision_due_on, today, d.status != DvdsStatus.APPLIED)
                for d in dvds
            },
            "level_words": presentation.level_words,
            "level_tones": presentation.LEVEL_TONES,
            "bands": bands,
        },
    )


# --- DASH ---------------------------------------------------------------------------------------


def _draft(case: Case, pk: int | None) -> DashAssessment | None:
    if pk is None:
        return None
    return get_object_or_404(DashAssessment, pk=pk, case=case, status=AssessmentStatus.DRAFT)


def _already(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    """A form sent again after it was done (the Back button, a second press): back to the tab
    saying so, rather than "Page not found" as if the work had been lost."""
    messages.info(request, message)
    return _to_tab(case)


def _dash_page(request: HttpRequest, case: Case, pk: int | None) -> HttpResponse:
    user = _assessor(request)
    if (
        pk is not None
        and DashAssessment.objects.filter(pk=pk, case=case)
        .exclude(status=AssessmentStatus.DRAFT)
        .exists()
    ):
        return _already(request, case, "This DASH was already submitted.")
    draft = _draft(case, pk)
    if request.method == "POST" and request.POST.get("action") == "discard" and draft is not None:
        services.discard_dash_draft(draft, actor=user, request=request)
        messages.success(request, "The draft DASH was discarded.")
        return _to_tab(case)
    form = forms.DashForm(
        posted(request),
        initial=forms.DashForm.initial_from(
            draft.answers if draft else {},
            {name: getattr(draft, name) for name in forms.DashForm.JUDGEMENT_FIELDS}
            if draft
            else {},
        ),
        submitting=request.POST.get("action") == "submit",
    )

    def save(data: dict[str, Any]) -> Saved:
        if not form.submitting:
            saved = services.save_dash_draft(
                case,
                draft,
                answers=form.answers(),
                judgement=form.judgement(),
                actor=user,
                request=request,
            )
            answered = len(rules.QUESTION_NUMBERS) - len(rules.unanswered(saved.plain_answers()))
            return f"Draft saved: {answered} of 24 questions answered. You can finish it later from the Risk and MARAC tab."
        done = services.submit_dash(
            case,
            draft,
            answers=form.answers(),
            judgement=form.judgement(),
            assessed_on=data["assessed_on"],
            actor=user,
            request=request,
        )
        return (
            f"DASH completed: score {done.score}, {presentation.level_words(done.level).lower()}."
        )

    return _record_page(request, case, form, save, template="risk/dash.html", draft=draft)


@case_page("DASH risk assessment")
@require_http_methods(["GET", "HEAD", "POST"])
def dash_new(request: HttpRequest, case: Case) -> HttpResponse:
    return _dash_page(request, case, None)


@case_page("DASH risk assessment (draft)")
@require_http_methods(["GET", "HEAD", "POST"])
def dash_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    return _dash_page(request, case, pk)


@case_page("DASH risk assessment (completed)")
@require_http_methods(["GET", "HEAD"])
def dash_detail(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    _assessor(request)
    assessment = get_object_or_404(
        DashAssessment.objects.select_related("completed_by"),
        pk=pk,
        case=case,
        status=AssessmentStatus.COMPLETED,
    )
    answers = assessment.answers
    rows = [(number, question, answers.get(number, {})) for number, question in rules.QUESTIONS]
    return render_case(
        request,
        "risk/dash_detail.html",
        case,
        {
            "assessment": assessment,
            "rows": rows,
            "answer_labels": {a.value: label for a, label in rules.ANSWER_LABELS.items()},
            "level_words": presentation.level_words,
            "level_tones": presentation.LEVEL_TONES,
        },
    )


@case_page("DASH completed by another agency")
@require_http_methods(["GET", "HEAD", "POST"])
def dash_other(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)

    def save(data: dict[str, Any]) -> Saved:
        recorded = services.record_other_agency_dash(case, actor=user, request=request, **data)
        return (
            f"Recorded: {recorded.agency}'s DASH, score {recorded.score}, "
            f"{presentation.level_words(recorded.level).lower()}."
        )

    return _record_page(
        request,
        case,
        forms.OtherAgencyDashForm(posted(request)),
        save,
        heading="A DASH completed by another agency",
        button="Record the DASH",
        intro="Record a DASH another agency completed recently instead of asking the survivor the questions again. The level they recorded may be higher than the score gives, never lower.",
    )


# --- MARAC --------------------------------------------------------------------------------------


def _criteria_text(keys: list[str]) -> str:
    return "; ".join(rules.CRITERION_LABELS[rules.Criterion(k)] for k in keys)


@case_page("MARAC referral")
@require_http_methods(["GET", "HEAD", "POST"])
def marac_refer(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)
    check = services.marac_check(case)
    form = forms.MaracReferralForm(
        posted(request),
        areas=config.marac_areas(),
        initial={"referred_on": timezone.localdate(), "criteria": [c.value for c in check.met]},
    )

    def save(data: dict[str, Any]) -> Saved:
        referral = services.refer_to_marac(
            case,
            referred_on=data["referred_on"],
            area=data["area"],
            criteria=data["criteria"],
            survivor_aware=data["survivor_aware"] == "yes",
            not_aware_reason=data["not_aware_reason"],
            consent=data["consent"] == "yes",
            no_consent_reason=data["no_consent_reason"],
            actor=user,
            request=request,
        )
        # Not back to the tab: the form to send the MARAC is the next step.
        messages.success(request, "MARAC referral recorded. Now make the referral form to send.")
        return redirect("risk:marac-form", reference=case.reference, pk=referral.pk)

    return _record_page(
        request,
        case,
        form,
        save,
        template="risk/refer.html",
        check=check,
        criteria=[(rules.CRITERION_LABELS[c], check.reasons[c]) for c in check.met],
    )


@case_page("MARAC referral form")
@require_http_methods(["GET", "HEAD", "POST"])
def marac_form(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = _assessor(request)
    referral = get_object_or_404(case.marac_referrals, pk=pk)
    form = forms.ReferralFormContent(posted(request), initial=pdf.prefill(case, referral, user))

    def save(data: dict[str, Any]) -> Saved:
        content = {name: data.get(name, "") for name in form.fields}
        services.record_form_generation(referral, content, actor=user, request=request)
        response = HttpResponse(pdf.referral_pdf(form, referral), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="marac-referral-{case.reference}-{referral.referred_on:%Y-%m-%d}.pdf"'
        )
        response["Cache-Control"] = "no-store"
        return response

    return _record_page(
        request, case, form, save, template="risk/referral_form.html", referral=referral
    )


def _owner_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (str(o.pk), f"{o.full_name} ({o.role_label.lower()})")
        for o in policies.action_owners(case).order_by("full_name", "pk")
    ]


@case_page("add a MARAC action")
@require_http_methods(["GET", "HEAD", "POST"])
def action_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)
    meetings = list(case.marac_meetings.order_by("-held_on")[:10])
    owners = _owner_choices(case)
    # The case's officer by default, else the person recording it, if they may own it.
    default = next((pk for pk in (str(case.owner_id), str(user.pk)) if pk in dict(owners)), "")
    form = forms.MaracActionForm(
        posted(request),
        owners=owners,
        meetings=[(str(m.pk), f"{m.area}, {m.held_on:%-d %B %Y}") for m in meetings],
        initial={"owner": default},
    )

    def save(data: dict[str, Any]) -> Saved:
        owner = policies.action_owners(case).filter(pk=int(data["owner"])).first()
        if owner is None:  # no longer works on the case since the page was drawn
            raise services.Refused({"owner": forms.OWNER_NOT_ALLOWED})
        services.add_action(
            case,
            description=data["description"],
            owner=owner,
            due_on=data["due_on"],
            meeting=next((m for m in meetings if str(m.pk) == data["meeting"]), None),
            actor=user,
            request=request,
        )
        return f"MARAC action added for {owner.full_name}, due {data['due_on']:%-d %B %Y}."

    return _record_page(
        request,
        case,
        form,
        save,
        heading="Add a MARAC action",
        button="Add the action",
        intro="An action the MARAC gave us. Give it to whoever will do it: anyone who works on "
        "this case. It must be done, with evidence, before the case can close.",
    )


def _unfinished_action(case: Case, pk: int) -> MaracAction:
    return get_object_or_404(
        MaracAction.objects.select_related("owner"),
        pk=pk,
        case=case,
        status__in=rules.UNFINISHED_ACTIONS,
    )


@case_page("MARAC action in progress")
@require_http_methods(["GET", "HEAD", "POST"])
def action_start(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = _assessor(request)
    action = get_object_or_404(MaracAction, pk=pk, case=case, status=ActionStatus.OPEN)

    def save(data: dict[str, Any]) -> Saved:
        services.start_action(action, actor=user, request=request)
        return "MARAC action marked as in progress."

    return _record_page(
        request,
        case,
        forms.ActionStartForm(posted(request)),
        save,
        heading="Mark the MARAC action as in progress",
        button="Mark as in progress",
        intro=f"Due {action.due_on:%-d %B %Y}: {action.description}",
    )


@case_page("MARAC action done")
@require_http_methods(["GET", "HEAD", "POST"])
def action_done(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = _assessor(request)
    if MaracAction.objects.filter(pk=pk, case=case, status=ActionStatus.DONE).exists():
        return _already(request, case, "This MARAC action is already marked as done.")
    action = _unfinished_action(case, pk)

    def save(data: dict[str, Any]) -> Saved:
        services.complete_action(action, actor=user, request=request, **data)
        return "MARAC action marked as done."

    return _record_page(
        request,
        case,
        forms.ActionDoneForm(posted(request), initial={"completed_on": timezone.localdate()}),
        save,
        heading="Mark the MARAC action as done",
        button="Mark as done",
        intro=f"Due {action.due_on:%-d %B %Y}: {action.description}",
    )


# --- MAPPA and Clare's Law -----------------------------------------------------------------------


@case_page("MAPPA liaison")
@require_http_methods(["GET", "HEAD", "POST"])
def mappa_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)

    def save(data: dict[str, Any]) -> Saved:
        services.record_mappa_liaison(case, actor=user, request=request, **data)
        return "MAPPA liaison recorded."

    return _record_page(
        request,
        case,
        forms.MappaForm(posted(request), initial={"contacted_on": timezone.localdate()}),
        save,
        heading="Record MAPPA liaison",
        button="Record the liaison",
        intro="We have a duty to co-operate with MAPPA about a perpetrator it manages. Share only what MAPPA needs.",
    )


@case_page("Clare's Law application")
@require_http_methods(["GET", "HEAD", "POST"])
def dvds_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)

    def save(data: dict[str, Any]) -> Saved:
        application = services.record_dvds_application(case, actor=user, request=request, **data)
        return f"Clare's Law application recorded. A decision is due by {application.decision_due_on:%-d %B %Y}."

    return _record_page(
        request,
        case,
        forms.DvdsForm(posted(request), initial={"applied_on": timezone.localdate()}),
        save,
        heading="Record a Clare's Law (DVDS) application",
        button="Record the application",
        intro="The police should decide within 28 days.",
    )


@case_page("Clare's Law decision")
@require_http_methods(["GET", "HEAD", "POST"])
def dvds_decision(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = _assessor(request)
    application = get_object_or_404(DvdsApplication, pk=pk, case=case)
    if application.status != DvdsStatus.APPLIED:
        return _already(request, case, "The Clare's Law decision is already recorded.")

    def save(data: dict[str, Any]) -> Saved:
        services.record_dvds_decision(application, actor=user, request=request, **data)
        return "Clare's Law decision recorded."

    return _record_page(
        request,
        case,
        forms.DvdsDecisionForm(
            posted(request),
            initial={"decided_on": timezone.localdate()},
            applied_on=application.applied_on,
        ),
        save,
        heading="Record the Clare's Law decision",
        button="Record the decision",
        intro=f"{application.get_route_display()}, applied {application.applied_on:%-d %B %Y}; decision due {application.decision_due_on:%-d %B %Y}.",
    )


# --- Safeguarding referrals ----------------------------------------------------------------------


def _safeguarding_initial(case: Case, kind: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"referred_on": timezone.localdate()}
    if kind not in SafeguardingReferralKind.values:
        return initial
    initial["kind"] = kind
    decision = services.decision_to_link(case, kind)
    if decision is not None:
        # The decision on the case record already says when and to whom: start from it.
        initial.update(
            agency=decision.referred_to,
            referred_on=decision.referred_on,
            reference=decision.referral_reference,
        )
    return initial


@case_page("safeguarding referral")
@require_http_methods(["GET", "HEAD", "POST"])
def safeguarding_add(request: HttpRequest, case: Case) -> HttpResponse:
    user = _assessor(request)

    def save(data: dict[str, Any]) -> Saved:
        referral = services.record_safeguarding_referral(case, actor=user, request=request, **data)
        return f"{referral.get_kind_display()} referral recorded."

    return _record_page(
        request,
        case,
        forms.SafeguardingReferralForm(
            posted(request), initial=_safeguarding_initial(case, request.GET.get("kind", ""))
        ),
        save,
        heading="Record a safeguarding referral",
        button="Record the referral",
        intro="A referral to children's social care or adult safeguarding. "
        "You can add what came of it later.",
    )


@case_page("safeguarding referral outcome")
@require_http_methods(["GET", "HEAD", "POST"])
def safeguarding_outcome(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    user = _assessor(request)
    referral = get_object_or_404(SafeguardingReferral, pk=pk, case=case)

    def save(data: dict[str, Any]) -> Saved:
        services.record_safeguarding_outcome(referral, actor=user, request=request, **data)
        return "Outcome of the safeguarding referral recorded."

    return _record_page(
        request,
        case,
        forms.SafeguardingOutcomeForm(
            posted(request),
            initial={
                "outcome": referral.outcome,
                "outcome_on": referral.outcome_on or timezone.localdate(),
                "outcome_notes": referral.outcome_notes,
            },
            referred_on=referral.referred_on,
        ),
        save,
        heading="Record what came of the safeguarding referral",
        button="Record the outcome",
        intro=f"{referral.get_kind_display()}: referred to {referral.agency} on "
        f"{referral.referred_on:%-d %B %Y}.",
    )


# --- Work lists ---------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
def overview(request: HttpRequest) -> HttpResponse:
    """A person's risk work: their MARAC actions, reassessments due and Clare's Law decisions
    waiting (the coordinator's: everyone's)."""
    user = _assessor(request)
    today = timezone.localdate()
    cases = case_policies.scope_of(user, held_only=not user.has_perm("cases.view_all_cases"))
    # An officer's own actions on any case they may see: one may be given an action on a
    # teammate's case.
    actions = services.open_actions(case_policies.scope_of(user))
    if not user.has_perm("cases.view_all_cases"):
        actions = actions.filter(owner=user)
    reassess = (
        CaseRisk.objects.filter(
            case_policies.within(cases, "case"),
            case__status__in=_active(),
            reassess_due_on__lte=today + _soon(),
        )
        .select_related("case")
        .order_by("reassess_due_on", "pk")[:100]
    )
    dvds = (
        DvdsApplication.objects.filter(
            case_policies.within(cases, "case"), status=DvdsStatus.APPLIED
        )
        .select_related("case")
        .order_by("decision_due_on", "pk")[:100]
    )
    return render(
        request,
        "risk/overview.html",
        {
            "today": today,
            "actions": [(a, rules.due_state(a.due_on, today)) for a in actions[:100]],
            "reassess": [(r, rules.due_state(r.reassess_due_on, today)) for r in reassess],
            "dvds": [(d, rules.due_state(d.decision_due_on, today)) for d in dvds],
            "level_words": presentation.level_words,
            "level_tones": presentation.LEVEL_TONES,
            "everyone": user.has_perm("cases.view_all_cases"),
        },
    )


def _active() -> list[str]:
    return [s for s in CaseStatus.values if s != CaseStatus.CLOSED]


def _soon() -> dt.timedelta:
    # Reassessments due within the week show beside the overdue ones, to plan for.
    return dt.timedelta(days=7)


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except ValueError:
        return 1


@require_http_methods(["GET", "HEAD"])
def high_risk(request: HttpRequest) -> HttpResponse:
    """Open cases whose current DASH level is high, soonest reassessment first."""
    user = _assessor(request)
    number = _page_number(request)
    start = (number - 1) * PAGE_SIZE
    states = list(
        CaseRisk.objects.filter(
            case_policies.scope_of(user).on("case"),
            level=rules.Level.HIGH,
            case__status__in=_active(),
        )
        .select_related("case", "case__owner")
        .only(
            "case__reference",
            "case__owner__full_name",
            "level",
            "score",
            "assessed_on",
            "reassess_due_on",
        )
        .order_by("reassess_due_on", "pk")[start : start + PAGE_SIZE + 1]
    )
    today = timezone.localdate()
    rows: list[Any] = [(s, rules.due_state(s.reassess_due_on, today)) for s in states[:PAGE_SIZE]]
    page = CasePage(
        object_list=rows,
        number=number,
        more=len(states) > PAGE_SIZE,
    )
    return render(request, "risk/high_risk.html", {"page": page})


@require_http_methods(["GET", "HEAD"])
def marac_overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's MARAC view: open actions on every case, the overdue ones (or all open
    ones) a page at a time, soonest due first, with how many there are; recent meetings."""
    user = signed_in_user(request)
    policies.require_marac_coordinator(user)
    today = timezone.localdate()
    show = "all" if request.GET.get("show") == "all" else "overdue"
    open_actions = services.open_actions(case_policies.scope_of(user))
    counts = open_actions.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today))
    )
    listed = open_actions.filter(due_on__lt=today) if show == "overdue" else open_actions
    page = page_without_total(
        request,
        listed.only("due_on", "case__reference", "owner__full_name"),
    )
    return render(
        request,
        "risk/marac.html",
        {
            "show": show,
            "counts": counts,
            "page": page,
            # The latest twelve chosen first, then only they are counted: counting the cases
            # heard at every meeting ever held, to show twelve, grew with the years.
            "meetings": list(
                MaracMeeting.objects.filter(
                    pk__in=list(
                        MaracMeeting.objects.order_by("-held_on", "-pk").values_list(
                            "pk", flat=True
                        )[:12]
                    )
                )
                .annotate(heard=Count("cases"))
                .order_by("-held_on", "-pk")
            ),
            "today": today,
        },
    )


@require_http_methods(["GET", "HEAD"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """One MARAC meeting: when, where, the cases heard that this person may see, and the
    actions it gave us on them. Of cases they may not see, nothing is said: not a name, not a
    count. Someone who may see none of its cases gets a 404, as for any page not theirs."""
    user = _assessor(request)
    found = services.meeting_for(user, pk)
    if found is None:
        raise Http404("No MARAC meeting")
    services.record_meeting_view(found, actor=user, request=request)
    today = timezone.localdate()
    return render(
        request,
        "risk/meeting.html",
        {
            "meeting": found.meeting,
            "cases": found.cases,
            "levels": found.levels,
            "actions": [
                (a, rules.due_state(a.due_on, today, a.status == ActionStatus.DONE))
                for a in found.actions
            ],
            "may_coordinate": policies.may_coordinate_marac(user),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_add(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    policies.require_marac_coordinator(user)
    form = forms.MeetingForm(
        posted(request), areas=config.marac_areas(), initial={"held_on": timezone.localdate()}
    )

    def save(data: dict[str, Any]) -> Saved:
        wanted = {normalise_reference(r) for r in form.reference_list()}
        found = list(case_policies.cases_visible_to(user).filter(reference__in=wanted))
        missing = sorted(wanted - {c.reference for c in found})
        if missing:
            raise services.Refused(
                {"references": f"No case you can see has the reference {', '.join(missing)}"}
            )
        services.record_meeting(
            area=data["area"], held_on=data["held_on"], cases=found, actor=user, request=request
        )
        return f"MARAC meeting recorded with {len(found)} cases heard."

    response = _saved(request, form, save, lambda: redirect("risk:marac"))
    if response is not None:
        return response
    return render(request, "risk/meeting_add.html", {"form": form}, status=_status(form))
