"""Session rules every staff request passes through."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_LAST_SEEN = "haven_last_seen"
SESSION_EPOCH = "haven_session_epoch"
SESSION_END_REASON = "haven_session_ended"


def _is_public_path(path: str) -> bool:
    return path.startswith(("/static/", "/get-help/", "/favicon.ico", "/robots.txt"))


class SessionSecurityMiddleware:
    """Ends a session that has been idle too long or that was ended elsewhere.

    "Elsewhere" means "sign out of all devices", a password change or deactivation: each raises
    the user's session_epoch, and every session holding an older one is ended on its next request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _is_public_path(request.path):
            now = int(time.time())
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle_limit = settings.HAVEN_IDLE_TIMEOUT_MINUTES * 60
            ended = None
            if now - last_seen > idle_limit:
                ended = "idle"
            elif request.session.get(SESSION_EPOCH, 0) != user.session_epoch:
                ended = "elsewhere"
            if ended:
                from haven.audit.services import record_event

                record_event("auth.session_ended", actor=user, request=request, detail={"why": ended})
                logout(request)
                request.session[SESSION_END_REASON] = ended
                return redirect(reverse("accounts:sign-in"))
            request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


# Paths a signed-in user may reach before completing the second factor.
SECOND_FACTOR_EXEMPT_PREFIXES = (
    "/account/sign-in",
    "/account/sign-out",
    "/account/two-factor",
    "/account/password-reset",
    "/webauthn/",
    "/static/",
    "/get-help/",
)


class RequireSecondFactorMiddleware:
    """A signed-in user who has not passed a second factor reaches nothing but MFA pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES)
        ):
            messages.info(request, "Please finish signing in with your second factor.")
            return redirect(reverse("accounts:two-factor"))
        return self.get_response(request)
