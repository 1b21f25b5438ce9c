"""Sending a call-back request on to the case app's triage queue, within the rate limit."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from haven.audit.services import client_address
from haven.cases.services.web_intake import CallBackRequest, receive_call_back_request
from haven.lib import rate_limits
from haven.public import rules

RATE_LIMIT_SCOPE = "public.call_back"
HOUR = 3600


class CallBackRefused(Exception):
    """Too many requests from one address within the hour: nothing was saved."""


def send_call_back_request(
    answers: dict[str, Any], *, received_at: dt.datetime, request: HttpRequest
) -> None:
    if not rate_limits.take(
        RATE_LIMIT_SCOPE,
        client_address(request.META),
        limit=settings.HAVEN_PUBLIC_CALL_BACKS_PER_HOUR,
        window_seconds=HOUR,
    ):
        raise CallBackRefused
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
