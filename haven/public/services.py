"""Sending a call-back request on to the case app's triage queue, within the rate limit."""

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from haven.audit.services import client_address
from haven.cases.services.web_intake import CallBackRequest, receive_call_back_request
from haven.lib import rate_limits
from haven.public import rules

RATE_LIMIT_SCOPE = "public.call_back"
HOUR = 3600
# The same answers sent again from the same connection within this time are the same request
# (a refresh of the confirmation page re-posts the form; so does a second press of Send).
SAME_REQUEST_SCOPE = "public.call_back_sent"
SAME_REQUEST_SECONDS = 15 * 60


class CallBackRefused(Exception):
    """Too many requests from one address within the hour: nothing was saved."""


def _fingerprint(answers: dict[str, Any], sender: str) -> str:
    # Passed to rate_limits, which keeps only a keyed hash of it: what was typed is never
    # stored in the cache as written.
    return json.dumps([sender, answers], sort_keys=True, default=str)


def send_call_back_request(
    answers: dict[str, Any], *, received_at: dt.datetime, request: HttpRequest
) -> None:
    """Put the request in the triage queue, once: the same answers again from the same
    connection within SAME_REQUEST_SECONDS are taken as already received (nothing saved, and
    the person is told it was sent, as it was). CallBackRefused past the hourly limit."""
    sender = rules.rate_limit_subject(client_address(request.META))
    fingerprint = _fingerprint(answers, sender)
    if not rate_limits.take(
        SAME_REQUEST_SCOPE, fingerprint, limit=1, window_seconds=SAME_REQUEST_SECONDS
    ):
        return
    try:
        if not rate_limits.take(
            RATE_LIMIT_SCOPE,
            sender,
            limit=settings.HAVEN_PUBLIC_CALL_BACKS_PER_HOUR,
            window_seconds=HOUR,
        ):
            raise CallBackRefused
        _receive(answers, received_at=received_at, request=request)
    except BaseException:
        # Not received: sending it again must not be taken for a repeat.
        rate_limits.clear(SAME_REQUEST_SCOPE, fingerprint, limit=1)
        raise


def _receive(answers: dict[str, Any], *, received_at: dt.datetime, request: HttpRequest) -> None:
    ways = answers["contact_ways"]
    receive_call_back_request(
        CallBackRequest(
            received_at=received_at,
            name=answers["name"].strip(),
            phone=answers["phone"] if {"phone", "text"} & set(ways) else "",
            email=answers["email"] if "email" in ways else "",
            channels=tuple(ways),
            safe_times=rules.windows_for(answers["safe_times"]),
            voicemail_allowed=answers["voicemail_allowed"] == "yes",
            may_say_who_we_are=answers["may_say_who_we_are"] == "yes",
            in_danger_now=answers["in_danger_now"] == "yes",
            message=answers["message"].strip(),
        ),
        request=request,
    )
