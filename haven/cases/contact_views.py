"""Pages for the safe-contact plan, contacts, the chronology and documents of a case.

Thin: each view gets its case through policies (a case out of scope is a 404), parses a form,
calls contact_services and renders. Every page that shows case content writes a view event.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from haven.accounts.models import User
from haven.audit.versioning import Conflict, EditConflict
from haven.cases import chronology as chronology_service
from haven.cases import contact_services, policies
from haven.cases import services as case_services
from haven.cases.contact_forms import (
    CancelPlannedContactForm,
    ChronologyFilterForm,
    CompletePlannedContactForm,
    CorrectionForm,
    DocumentForm,
    IncidentForm,
    NoteForm,
    RecordContactForm,
    SafeContactPlanForm,
    ScheduleContactForm,
)
from haven.cases.models import Case
from haven.cases.models.contact import ContactRecord, ContactStatus
from haven.cases.rules import documents as document_rules
from haven.cases.rules.safe_contact import Rule

CHRONOLOGY_PAGE_SIZE = 50
RECENT_CONTACTS_SHOWN = 20
PLAN_RELATED = ["survivor__safe_contact_plan"]
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


def _case(request: HttpRequest, reference: str) -> Case:
    return policies.get_case_for(
        _user(request), reference, request=request, select_related=PLAN_RELATED
    )


def _render(request: HttpRequest, template: str, case: Case, **context: Any) -> HttpResponse:
    """Render a case page. Showing one (any GET) is a read of the case, and is logged."""
    if request.method == "GET":
        page_name = template.rsplit("/", 1)[-1].removesuffix(".html")
        case_services.record_case_view(
            case, actor=_user(request), request=request, page=f"contact:{page_name}"
        )
    return render(
        request,
        template,
        {"case": case, "plan": contact_services.plan_for(case), **context},
    )


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
    else:
        form.add_error(
            "override_reason",
            "This contact breaks the safe-contact plan. Change it, or give a reason for going "
            "ahead anyway",
        )


def _contact_saved(form: Any, save: Callable[[], object]) -> bool:
    """Run a contact service. A refusal becomes errors on the form, each broken rule of the
    safe-contact plan shown on the answer that breaks it; returns whether it was saved."""
    try:
        save()
    except contact_services.ContactBreachesPlan as exc:
        _breach_errors(form, exc)
        return False
    except contact_services.ContactError as exc:
        form.add_error(None, str(exc))
        return False
    return True


# --- Contact and the safe-contact plan ------------------------------------------------------


@login_required
def contact_overview(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    contacts = ContactRecord.objects.filter(case=case).select_related(
        "recorded_by", "overridden_by"
    )
    planned = list(contacts.filter(status=ContactStatus.PLANNED).order_by("when", "id"))
    recent = list(
        contacts.filter(status=ContactStatus.DONE).order_by("-when", "-id")[:RECENT_CONTACTS_SHOWN]
    )
    return _render(
        request,
        "cases/contact/overview.html",
        case,
        planned=planned,
        recent=recent,
        recent_limit=RECENT_CONTACTS_SHOWN,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_plan(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
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
        case_services.record_case_view(
            case, actor=_user(request), request=request, page="contact:plan_form"
        )
    return render(
        request,
        "cases/contact/plan_form.html",
        {"case": case, "plan": plan, "form": form, "conflicts": conflicts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_contact(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
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
                    override_reason=data["override_reason"],
                    request=request,
                ),
            )
            if saved:
                messages.success(request, "Contact recorded")
                return redirect("cases:contact", reference=case.reference)
    else:
        form = RecordContactForm(initial=RecordContactForm.initial_now())
    return _render(request, "cases/contact/record_form.html", case, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_contact(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
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
    return _render(request, "cases/contact/schedule_form.html", case, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def complete_contact(request: HttpRequest, reference: str, contact_id: int) -> HttpResponse:
    case = _case(request, reference)
    contact = ContactRecord.objects.filter(
        case=case, pk=contact_id, status=ContactStatus.PLANNED
    ).first()
    if contact is None:
        raise Http404("No planned contact")
    if request.method == "POST":
        form = CompletePlannedContactForm(request.POST)
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
                    override_reason=data["override_reason"],
                    request=request,
                ),
            )
            if saved:
                messages.success(request, "Contact recorded")
                return redirect("cases:contact", reference=case.reference)
    else:
        form = CompletePlannedContactForm(initial=RecordContactForm.initial_now())
    return _render(request, "cases/contact/complete_form.html", case, form=form, contact=contact)


@login_required
@require_http_methods(["GET", "POST"])
def cancel_contact(request: HttpRequest, reference: str, contact_id: int) -> HttpResponse:
    case = _case(request, reference)
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
    return _render(request, "cases/contact/cancel_form.html", case, form=form, contact=contact)


@login_required
def plan_overrides(request: HttpRequest) -> HttpResponse:
    """The coordinator's list of contacts that went ahead against a safe-contact plan."""
    policies.require_coordinator(_user(request))
    paginator = Paginator(contact_services.overrides_for_coordinator(), CHRONOLOGY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    from haven.audit.services import record_event

    record_event(
        "contact.overrides_viewed",
        actor=_user(request),
        request=request,
        detail={"page": page.number, "shown": len(page.object_list)},
    )
    return render(request, "cases/contact/overrides.html", {"page": page})


# --- Chronology -----------------------------------------------------------------------------


def chronology_entries(case: Case, kind: str = ""):
    """One page's entries with everything shown beside them, in a fixed number of queries."""
    return chronology_service.entries_for(case, [kind] if kind else [])


@login_required
def chronology(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    filter_form = ChronologyFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["kind"] if filter_form.is_valid() else ""
    paginator = Paginator(chronology_entries(case, kind), CHRONOLOGY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return _render(
        request,
        "cases/contact/chronology.html",
        case,
        page=page,
        filter_form=filter_form,
        kind=kind,
        kinds=chronology_service.kinds_by_key(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_note(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact_services.record_note(
            case, actor=_user(request), text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Note added")
        return redirect("cases:chronology", reference=case.reference)
    return _render(request, "cases/contact/note_form.html", case, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def add_incident(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact_services.record_incident(
            case,
            actor=_user(request),
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            reported_to_police=data["reported_to_police"],
            crime_reference=data["crime_reference"],
            request=request,
        )
        messages.success(request, "Incident recorded")
        return redirect("cases:chronology", reference=case.reference)
    return _render(request, "cases/contact/incident_form.html", case, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def correct_entry(request: HttpRequest, reference: str, entry_id: int) -> HttpResponse:
    case = _case(request, reference)
    entry = chronology_entries(case).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact_services.correct_entry(
            entry, actor=_user(request), text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Correction added. The original entry is marked as corrected")
        return redirect("cases:chronology", reference=case.reference)
    return _render(
        request,
        "cases/contact/correct_form.html",
        case,
        form=form,
        entry=entry,
        kinds=chronology_service.kinds_by_key(),
    )


# --- Documents ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, reference: str) -> HttpResponse:
    case = _case(request, reference)
    limit = contact_services.upload_limit_bytes()
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, max_bytes=limit)
        if form.is_valid():
            try:
                contact_services.store_document(
                    case,
                    actor=_user(request),
                    filename=form.cleaned_data["file"].name,
                    content=form.content,
                    description=form.cleaned_data["description"],
                    request=request,
                )
            except document_rules.UnacceptableDocument as exc:
                form.add_error("file", str(exc))
            else:
                messages.success(request, "Document uploaded")
                return redirect("cases:documents", reference=case.reference)
    else:
        form = DocumentForm(max_bytes=limit)
    paginator = Paginator(
        case.documents.select_related("uploaded_by").order_by("-uploaded_at", "-id"),
        CHRONOLOGY_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    return _render(request, "cases/contact/documents.html", case, form=form, page=page)


@login_required
def download_document(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    case = _case(request, reference)
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document")
    document.case = case
    content = contact_services.read_document(document, actor=_user(request), request=request)
    kind = document_rules.KINDS_BY_KEY[document.kind]
    response = HttpResponse(content, content_type=kind.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{document_rules.safe_download_name(document.original_name, kind)}"'
    )
    response["Content-Length"] = str(len(content))
    # A sandbox in case a browser ever renders it anyway.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
