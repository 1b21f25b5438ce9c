"""Home page, static information pages and GOV.UK-styled error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from haven.accounts.decorators import public_page
from haven.core.navigation import navigation_for
from haven.core.worklist import tags_for, work_list_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # A work list first (what is due, most pressing first, each linking to where it is done),
    # then the places this person's role may go.
    places = [item for item in navigation_for(request) if item["href"] != request.path]
    sections = work_list_for(request.user, timezone.now())
    return render(
        request,
        "core/home.html",
        {"places": places, "sections": sections, "tags_for": tags_for},
    )


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@public_page
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Whatever broke may break the full page too (the database, say): fall back to plain text.
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:
        return HttpResponse(
            "Sorry, there is a problem with the service. Try again later. "
            "If someone is in immediate danger, call 999.",
            status=500,
            content_type="text/plain; charset=utf-8",
        )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
