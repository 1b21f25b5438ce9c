"""Pages for the safe-contact plan, contacts, the chronology and documents of a case."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts.models import User
from haven.audit.versioning import Conflict, EditConflict
from haven.cases import policies
from haven.cases.forms.contact import (
    CancelPlannedContactForm,
    CompletePlannedContactForm,
    RecordContactForm,
    SafeContactPlanForm,
    ScheduleContactForm,
)
from haven.cases.models import Case
from haven.cases.models.contact import ContactRecord, ContactStatus
from haven.cases.rules.safe_contact import Rule
from haven.cases.services import contact as contact_services
from haven.cases.views.chronology import CHRONOLOGY_PAGE_SIZE
from haven.cases.views.common import case_page, render_case

RECENT_CONTACTS_SHOWN = 20


BREACH_FIELDS = {
    Rule.CHANNEL_NOT_ALLOWED: ("channel",),
    Rule.OUTSIDE_SAFE_TIMES: ("time",),
    Rule.WITHIN_UNSAFE_TIMES: ("time",),
    Rule.NO_AGREED_DESTINATION: ("destination",),
    Rule.DESTINATION_NOT_AGREED: ("destination",),
    Rule.VOICEMAIL_NOT_ALLOWED: ("leaves_voicemail", "outcome"),
}


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required and the second-factor middleware.
    return request.user  # type: ignore[return-value]


def _breach_errors(form: Any, exc: contact_services.ContactBreachesPlan) -> None:
    """Name each rule the contact breaks, and say how to go ahead if it must."""
    for breach in exc.breaches:
        # Beside the answer that breaks the rule where the form has it, so the error summary
        # links straight to what needs changing.
        candidates = BREACH_FIELDS.get(breach.rule, ())
        target = next((name for name in candidates if name in form.fields), None)
        form.add_error(target, breach.message)
    if exc.reason_too_short:
        form.add_error(
            "override_reason",
            "Explain in a sentence why you must go ahead although the contact breaks the plan",
        )
    elif "breach_response" in form.fields:
        # A contact that has happened: it may have happened this way without anyone deciding
        # to break the plan, and that must be as easy to say as an override.
        form.add_error(
            "breach_response",
            "This contact breaks the safe-contact plan. Change the details if they are wrong, "
            "or say whether it has already happened or you decided to go ahead (and give a "
            "reason for going ahead anyway)",
        )
    else:
        form.add_error(
            "override_reason",
            "This contact breaks the safe-contact plan. Change it, or give a reason for going "
            "ahead anyway",
        )


def _contact_saved(form: Any, save: Callable[[], Any]) -> Any:
    """Run a contact service. A refusal becomes errors on the form, each broken rule of the
    safe-contact plan shown on the answer that breaks it; returns what was saved, or None."""
    try:
        return save()
    except contact_services.ContactBreachesPlan as exc:
        _breach_errors(form, exc)
        return None
    except contact_services.ContactError as exc:
        form.add_error(None, str(exc))
        return None


def _recorded_message(contact: ContactRecord) -> str:
    if contact.breach_already_happened:
        return (
            "Contact recorded. It did not keep to the safe-contact plan, so the coordinator "
            "has been told and will help follow it up"
        )
    return "Contact recorded"


@case_page("contact:contact_overview")
def contact_overview(request: HttpRequest, case: Case) -> HttpResponse:
    contacts = ContactRecord.objects.filter(case=case).select_related(
        "recorded_by", "overridden_by"
    )
    planned = list(contacts.filter(status=ContactStatus.PLANNED).order_by("when", "id"))
    recent = list(
        contacts.filter(status=ContactStatus.DONE).order_by("-when", "-id")[:RECENT_CONTACTS_SHOWN]
    )
    return render_case(
        request,
        "cases/contact/overview.html",
        case,
        {"planned": planned, "recent": recent, "recent_limit": RECENT_CONTACTS_SHOWN},
    )


@require_http_methods(["GET", "POST"])
@case_page("contact:plan_form")
def edit_plan(request: HttpRequest, case: Case) -> HttpResponse:
    plan = contact_services.plan_for(case)
    conflicts: list[Conflict] = []
    if request.method == "POST":
        form = SafeContactPlanForm(request.POST)
        if form.is_valid():
            try:
                saved = contact_services.save_safe_contact_plan(
                    case,
                    actor=_user(request),
                    values=form.plan_values(),
                    expected_version=form.cleaned_data.get("version") or None,
                    request=request,
                )
            except EditConflict as conflict:
                conflicts = conflict.conflicts
                # The plan as it is now with this officer's changes laid over it: the other
                # person's other changes stay (a save cannot revert them), and saving again is
                # a deliberate choice made after seeing their values beside these.
                plan = conflict.current
                merged = conflict.merged()
                form = SafeContactPlanForm(
                    initial={
                        **SafeContactPlanForm.initial_from_plan(merged),
                        "version": conflict.current_version,
                    }
                )
            else:
                messages.success(request, "Safe-contact plan saved")
                if saved.kept_from_others:
                    messages.info(request, saved.kept_message())
                return redirect("cases:contact", reference=case.reference)
    else:
        form = SafeContactPlanForm(initial=SafeContactPlanForm.initial_from_plan(plan))
    return render_case(
        request,
        "cases/contact/plan_form.html",
        case,
        {"plan": plan, "form": form, "conflicts": conflicts},
    )


@require_http_methods(["GET", "POST"])
@case_page("contact:record_contact")
def record_contact(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST":
        form = RecordContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = _contact_saved(
                form,
                partial(
                    contact_services.record_contact,
                    case,
                    actor=_user(request),
                    direction=data["direction"],
                    channel=data["channel"],
                    when=data["when"],
                    outcome=data["outcome"],
                    destination=data["destination"].strip(),
                    notes=data["notes"].strip(),
                    override_reason=form.override_reason_for_service(),
                    already_happened=form.already_happened,
                    request=request,
                ),
            )
            if saved:
                messages.success(request, _recorded_message(saved))
                return redirect("cases:contact", reference=case.reference)
    else:
        form = RecordContactForm(initial=RecordContactForm.initial_now())
    return render_case(request, "cases/contact/record_form.html", case, {"form": form})


@require_http_methods(["GET", "POST"])
@case_page("contact:schedule_contact")
def schedule_contact(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST":
        form = ScheduleContactForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            saved = _contact_saved(
                form,
                partial(
                    contact_services.schedule_contact,
                    case,
                    actor=_user(request),
                    channel=data["channel"],
                    when=data["when"],
                    destination=data["destination"].strip(),
                    leaves_voicemail=data["leaves_voicemail"],
                    notes=data["notes"].strip(),
                    override_reason=data["override_reason"],
                    request=request,
                ),
            )
            if saved:
                messages.success(request, "Contact planned")
                return redirect("cases:contact", reference=case.reference)
    else:
        form = ScheduleContactForm()
    return render_case(request, "cases/contact/schedule_form.html", case, {"form": form})


@require_http_methods(["GET", "POST"])
@case_page("contact:complete_contact")
def complete_contact(request: HttpRequest, case: Case, contact_id: int) -> HttpResponse:
    contact = ContactRecord.objects.filter(
        case=case, pk=contact_id, status=ContactStatus.PLANNED
    ).first()
    if contact is None:
        raise Http404("No planned contact")
    if request.method == "POST":
        form = CompletePlannedContactForm(request.POST, existing_notes=contact.notes)
        if form.is_valid():
            data = form.cleaned_data
            saved = _contact_saved(
                form,
                partial(
                    contact_services.complete_planned_contact,
                    contact,
                    actor=_user(request),
                    outcome=data["outcome"],
                    when=data["when"],
                    notes=data["notes"].strip(),
                    override_reason=form.override_reason_for_service(),
                    already_happened=form.already_happened,
                    request=request,
                ),
            )
            if saved:
                messages.success(request, _recorded_message(saved))
                return redirect("cases:contact", reference=case.reference)
    else:
        form = CompletePlannedContactForm(initial=RecordContactForm.initial_now())
    return render_case(
        request, "cases/contact/complete_form.html", case, {"form": form, "contact": contact}
    )


@require_http_methods(["GET", "POST"])
@case_page("contact:cancel_contact")
def cancel_contact(request: HttpRequest, case: Case, contact_id: int) -> HttpResponse:
    contact = ContactRecord.objects.filter(
        case=case, pk=contact_id, status=ContactStatus.PLANNED
    ).first()
    if contact is None:
        raise Http404("No planned contact")
    form = CancelPlannedContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_services.cancel_planned_contact(
                contact, actor=_user(request), reason=form.cleaned_data["reason"], request=request
            )
        except contact_services.ContactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Planned contact cancelled")
            return redirect("cases:contact", reference=case.reference)
    return render_case(
        request, "cases/contact/cancel_form.html", case, {"form": form, "contact": contact}
    )


OVERRIDE_FILTERS = ("to_follow_up", "all")


def plan_overrides(request: HttpRequest) -> HttpResponse:
    """The coordinator's list of contacts that went against a safe-contact plan: overrides,
    and contacts recorded after they happened. Those not yet followed up come first (and by
    default alone)."""
    policies.require_coordinator(_user(request))
    showing = request.GET.get("show", "to_follow_up")
    if showing not in OVERRIDE_FILTERS:
        showing = "to_follow_up"
    contacts = contact_services.overrides_for_coordinator(
        awaiting_follow_up=showing == "to_follow_up"
    )
    paginator = Paginator(contacts, CHRONOLOGY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    from haven.audit.services import record_event

    record_event(
        "contact.overrides_viewed",
        actor=_user(request),
        request=request,
        detail={"page": page.number, "shown": len(page.object_list), "showing": showing},
    )
    return render(request, "cases/contact/overrides.html", {"page": page, "show": showing})


@require_http_methods(["POST"])
def follow_up_override(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The coordinator marks a contact against the plan as followed up."""
    policies.require_coordinator(_user(request))
    contact = ContactRecord.objects.filter(pk=contact_id, overridden_by__isnull=False).first()
    if contact is None:
        raise Http404("No contact against a plan")
    contact_services.follow_up_plan_breach(contact, actor=_user(request), request=request)
    messages.success(
        request, f"Marked as followed up: the contact on case {contact.case.reference}"
    )
    return redirect("cases:contact-overrides")
