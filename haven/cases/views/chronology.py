"""The chronology (notes, incidents, corrections) and the case's documents."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from haven.accounts.models import User
from haven.cases.forms.chronology import (
    ChronologyFilterForm,
    CorrectionForm,
    DocumentForm,
    IncidentForm,
    NoteForm,
)
from haven.cases.models import Case
from haven.cases.rules import documents as document_rules
from haven.cases.services import chronology as chronology_services
from haven.cases.views.common import case_page, render_case

CHRONOLOGY_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    # Every view here is behind login_required and the second-factor middleware.
    return request.user  # type: ignore[return-value]


def chronology_entries(case: Case, kind: str = ""):
    """One page's entries with everything shown beside them, in a fixed number of queries."""
    return chronology_services.entries_for(case, [kind] if kind else [])


@case_page("chronology:chronology")
def chronology(request: HttpRequest, case: Case) -> HttpResponse:
    filter_form = ChronologyFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["kind"] if filter_form.is_valid() else ""
    paginator = Paginator(chronology_entries(case, kind), CHRONOLOGY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render_case(
        request,
        "cases/contact/chronology.html",
        case,
        {
            "page": page,
            "filter_form": filter_form,
            "kind": kind,
            "kinds": chronology_services.kinds_by_key(),
        },
    )


@require_http_methods(["GET", "POST"])
@case_page("chronology:add_note")
def add_note(request: HttpRequest, case: Case) -> HttpResponse:
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chronology_services.record_note(
            case, actor=_user(request), text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Note added")
        return redirect("cases:chronology", reference=case.reference)
    return render_case(request, "cases/contact/note_form.html", case, {"form": form})


@require_http_methods(["GET", "POST"])
@case_page("chronology:add_incident")
def add_incident(request: HttpRequest, case: Case) -> HttpResponse:
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chronology_services.record_incident(
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
    return render_case(request, "cases/contact/incident_form.html", case, {"form": form})


@require_http_methods(["GET", "POST"])
@case_page("chronology:correct_entry")
def correct_entry(request: HttpRequest, case: Case, entry_id: int) -> HttpResponse:
    entry = chronology_entries(case).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such entry")
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chronology_services.correct_entry(
            entry, actor=_user(request), text=form.cleaned_data["text"], request=request
        )
        messages.success(request, "Correction added. The original entry is marked as corrected")
        return redirect("cases:chronology", reference=case.reference)
    return render_case(
        request,
        "cases/contact/correct_form.html",
        case,
        {"form": form, "entry": entry, "kinds": chronology_services.kinds_by_key()},
    )


@require_http_methods(["GET", "POST"])
@case_page("chronology:documents")
def documents(request: HttpRequest, case: Case) -> HttpResponse:
    limit = chronology_services.upload_limit_bytes()
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, max_bytes=limit)
        if form.is_valid():
            try:
                chronology_services.store_document(
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
    return render_case(request, "cases/contact/documents.html", case, {"form": form, "page": page})


# The download itself is logged (document.downloaded), not as a view of a page.
@case_page(None)
def download_document(request: HttpRequest, case: Case, document_id: int) -> HttpResponse:
    document = case.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("No such document")
    document.case = case
    content = chronology_services.read_document(document, actor=_user(request), request=request)
    kind = document_rules.KINDS_BY_KEY[document.kind]
    response = HttpResponse(content, content_type=kind.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{document_rules.safe_download_name(document.original_name, kind)}"'
    )
    response["Content-Length"] = str(len(content))
    # A sandbox in case a browser ever renders it anyway.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
