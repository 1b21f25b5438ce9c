"""The public "Get help" pages. Someone may be reading on a phone the abuser checks: every page
carries the Exit this page button, is never cached, sends no referrer, sets no cookie and asks
no other site for anything."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, translate_url
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from haven.accounts.decorators import public_site_page
from haven.directory import services as directory
from haven.directory.forms import FindServicesForm
from haven.public.forms import CallBackForm
from haven.public.services import CallBackRefused, send_call_back_request

# The longest call-back request worth reading: every field's limit, with room to spare.
MAX_REQUEST_BYTES = 20_000


def get_help_page[View: Callable[..., HttpResponse]](view: View) -> View:
    """Open to anyone, outside any staff session, and leaving as little trace as a page can."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # Cache-Control: no-store is on every Haven response (core's middleware).
        response["Referrer-Policy"] = "no-referrer"
        return response

    return public_site_page(wrapped)  # type: ignore[return-value]


def _other_language(request: HttpRequest) -> dict[str, str]:
    """The language switch: this page in the other language."""
    code = "en-gb" if translation.get_language() == "cy" else "cy"
    return {
        "code": code,
        "name": dict(settings.LANGUAGES)[code],
        "url": translate_url(request.path, code),
    }


def _render(
    request: HttpRequest, template: str, context: dict | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"public/{template}",
        {
            "exit_url": settings.HAVEN_PUBLIC_EXIT_URL,
            "page_language": "cy" if translation.get_language() == "cy" else "en-GB",
            "other_language": _other_language(request),
            **(context or {}),
        },
        status=status,
    )


@get_help_page
@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    return _render(request, "home.html")


@get_help_page
@require_http_methods(["GET", "HEAD"])
def what_is_abuse(request: HttpRequest) -> HttpResponse:
    return _render(request, "what_is_abuse.html")


@get_help_page
@require_http_methods(["GET", "HEAD"])
def how_we_help(request: HttpRequest) -> HttpResponse:
    return _render(request, "how_we_help.html")


@get_help_page
@require_http_methods(["GET", "HEAD"])
def staying_safe_online(request: HttpRequest) -> HttpResponse:
    return _render(request, "staying_safe_online.html")


@get_help_page
@require_http_methods(["GET", "HEAD"])
def find_services(request: HttpRequest) -> HttpResponse:
    """The services finder: by area and kind of support, every number a tap-to-call link. The
    choice travels in the address (a GET form), never in a cookie."""
    form = FindServicesForm(request.GET or None, areas=directory.area_names())
    area, needs = "", []
    if form.is_bound and form.is_valid():
        area, needs = form.cleaned_data["area"], form.cleaned_data["needs"]
    return _render(
        request,
        "services.html",
        {"form": form, "services": directory.find_services(area=area, needs=needs), "area": area},
    )


def _sent_from_another_site(request: HttpRequest) -> bool:
    """Whether the browser says another site made it send this post. Browsers name the site a
    post comes from (Origin; Sec-Fetch-Site), with no cookie needed; a post naming none (an old
    browser, a script) is taken, within the rate limit."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    # "null" is what a browser sends for our own form too: these pages ask for no referrer.
    if origin is None or origin == "null":
        return False
    return urlsplit(origin).netloc.lower() != request.get_host().lower()


# No CSRF token: it would need a cookie, and this page must leave nothing in the browser. A
# forged request could only send us a call-back request, which anyone can do anyway; but another
# site could make every visitor's browser send one, each from a new address past the rate limit,
# so a post the browser says came from another site is refused. The rate limit and the honeypot
# answer the rest.
@csrf_exempt
@get_help_page
@require_http_methods(["GET", "HEAD", "POST"])
def call_back(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "call_back.html", {"form": CallBackForm()})
    if _sent_from_another_site(request):
        return _render(request, "call_back.html", {"form": CallBackForm()}, status=403)
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_REQUEST_BYTES:
        return _render(request, "call_back_too_long.html", status=413)
    form = CallBackForm(request.POST)
    if not form.is_valid():
        return _render(request, "call_back.html", {"form": form}, status=400)
    urgent = form.cleaned_data["in_danger_now"] == "yes"
    if not form.is_robot:
        try:
            send_call_back_request(form.cleaned_data, received_at=timezone.now(), request=request)
        except CallBackRefused:
            return _render(request, "call_back_busy.html", {"urgent": urgent}, status=429)
    # Shown in answer to the post, not after a redirect: a "sent" or "sent, urgent" address would
    # stay in the browser's history. Nothing typed is echoed back.
    return _render(request, "call_back_sent.html", {"urgent": urgent})


@csrf_exempt
@get_help_page
@require_http_methods(["GET", "HEAD"])
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """An address under Get help that is no page. One typed without its last slash goes to its
    page, as Django's APPEND_SLASH would do if this catch-all did not match first."""
    if not request.path.endswith("/"):
        with_slash = request.path + "/"
        try:
            match = resolve(with_slash, getattr(request, "urlconf", None))
        except Resolver404:
            match = None
        if match is not None and match.view_name != "public:not-found":
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{with_slash}?{query}" if query else with_slash)
    return _render(request, "not_found.html", status=404)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """ "Page not found" on the public host: a public page, with the way out and 999."""
    return _render(request, "not_found.html", status=404)
