"""Session rules every staff request passes through."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from haven.accounts.decorators import is_open_before_second_factor, leaves_staff_session_alone

SESSION_LAST_SEEN = "haven_last_seen"
SESSION_EPOCH = "haven_session_epoch"
SESSION_STARTED = "haven_session_started"
SESSION_END_REASON = "haven_session_ended"

# Why a session ended, as stored under SESSION_END_REASON and explained on the sign-in page.
ENDED_IDLE = "idle"
ENDED_ELSEWHERE = "elsewhere"
ENDED_LIFETIME = "lifetime"

# The last-seen time is written at most this often: writing it on every request would save the
# session on every page, for an idle limit measured in tens of minutes.
LAST_SEEN_GRANULARITY_SECONDS = 15

# The page script that warns before an idle sign-out asks here how long is left: asking must
# not count as activity, or the question would keep every open tab signed in for ever.
SESSION_STATUS_PATH = "/account/session/"


def mark_session_fresh(request: HttpRequest, user) -> None:
    """Stamp a newly signed-in session: it is current, and it started now."""
    now = int(time.time())
    request.session[SESSION_EPOCH] = user.session_epoch
    request.session[SESSION_LAST_SEEN] = now
    request.session[SESSION_STARTED] = now


def seconds_until_idle_sign_out(session, now: int) -> int:
    last_seen = session.get(SESSION_LAST_SEEN, now)
    started = session.get(SESSION_STARTED, now)
    idle_left = last_seen + settings.HAVEN_IDLE_TIMEOUT_MINUTES * 60 - now
    lifetime_left = started + settings.SESSION_COOKIE_AGE - now
    return max(0, min(idle_left, lifetime_left))


def why_session_must_end(session, user, now: int) -> str | None:
    last_seen = session.get(SESSION_LAST_SEEN, now)
    started = session.get(SESSION_STARTED, now)
    if session.get(SESSION_EPOCH, 0) != user.session_epoch:
        return ENDED_ELSEWHERE
    if now - started > settings.SESSION_COOKIE_AGE:
        return ENDED_LIFETIME
    if now - last_seen > settings.HAVEN_IDLE_TIMEOUT_MINUTES * 60:
        return ENDED_IDLE
    return None


class SessionSecurityMiddleware:
    """Ends a session that has been idle too long, has lasted too long, or was ended elsewhere.

    "Elsewhere" means "sign out of all devices", a password change, a reset second factor or
    deactivation: each raises the user's session_epoch, and every session holding an older one is
    ended on its next request. The absolute lifetime is checked here because Django's own session
    expiry moves forward every time the session is saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], *args: Any
    ) -> HttpResponse | None:
        # Judged by the view's mark, not its path: the public site may live on its own host.
        if leaves_staff_session_alone(view_func):
            return None
        user = request.user
        if user.is_authenticated:
            now = int(time.time())
            ended = why_session_must_end(request.session, user, now)
            if ended:
                from haven.audit.services import record_event

                record_event(
                    "auth.session_ended", actor=user, request=request, detail={"why": ended}
                )
                logout(request)
                # logout() flushed the old session; the reason goes into the new, empty one so
                # the sign-in page can say why, once.
                request.session[SESSION_END_REASON] = ended
                return redirect(reverse("accounts:sign-in"))
            request.session.setdefault(SESSION_STARTED, now)
            if (
                request.path != SESSION_STATUS_PATH
                and now - request.session.get(SESSION_LAST_SEEN, 0) >= LAST_SEEN_GRANULARITY_SECONDS
            ):
                request.session[SESSION_LAST_SEEN] = now
        return None


class RequireSecondFactorMiddleware:
    """A signed-in user who has not passed a second factor reaches nothing but the views marked
    `public_page` or `before_second_factor` (haven.accounts.decorators).

    The two-factor page itself sends a user with no second factor yet on to enrolment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], *args: Any
    ) -> HttpResponse | None:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined,union-attr]
            and not is_open_before_second_factor(view_func)
        ):
            messages.info(request, "Finish signing in to carry on.")
            return redirect(reverse("accounts:two-factor"))
        return None
