"""A call-back request from the public "Get help" site becomes a case waiting in triage.

What the person said about contacting them becomes the case's safe-contact plan at once, so the
service layer refuses the officer's first call if it breaks what they asked for (a number they
did not give, a time they did not choose, a voicemail they said no to). Nobody on the staff
recorded it: the case has no creator, and the access log's event has no actor.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from haven.audit.services import record_event
from haven.cases.models import Case, Channel, SafeContactPlan, Urgency
from haven.cases.rules.safe_contact import TimeWindow
from haven.cases.services import record


@dataclass(frozen=True)
class CallBackRequest:
    """Exactly what the person typed and chose; nothing is inferred or added."""

    received_at: dt.datetime
    name: str
    phone: str
    email: str
    # Safe-contact channels (rules.safe_contact.Channel values): "phone", "text", "email".
    channels: tuple[str, ...]
    # Empty: any time is safe.
    safe_times: tuple[TimeWindow, ...]
    voicemail_allowed: bool
    may_say_who_we_are: bool
    in_danger_now: bool
    message: str


def _plan_notes(request: CallBackRequest) -> str:
    lines = ["From the call-back request on the website."]
    # The form asks for no proof of who sends it: someone who knows her number could send it
    # with "say who you are" and "any time".
    lines.append(
        "Anyone can send this form: before saying who we are or why we are calling, "
        "check you are speaking to the person who asked (ask them what they asked us for)."
    )
    lines.append(
        "We may say who we are when we call."
        if request.may_say_who_we_are
        else "Do not say who we are or why we are calling unless the survivor does first."
    )
    if not request.safe_times:
        lines.append("They did not choose a time: ask when it is safe before going on.")
    return "\n".join(lines)


def receive_call_back_request(
    call_back: CallBackRequest, *, request: HttpRequest | None = None
) -> Case:
    with transaction.atomic():
        disclosure = record.Disclosure(
            channel=Channel.WEB_CALLBACK,
            received_at=call_back.received_at,
            given_name=call_back.name,
            phone=call_back.phone,
            email=call_back.email,
            immediate_danger=call_back.in_danger_now,
            urgency=Urgency.URGENT if call_back.in_danger_now else Urgency.STANDARD,
            summary=call_back.message,
        )
        case = record.create_case(disclosure, actor=None, team=None)
        SafeContactPlan.objects.create(
            survivor=case.survivor,
            allowed_channels=list(call_back.channels),
            phone_numbers=call_back.phone,
            email_address=call_back.email,
            safe_times=[window.as_dict() for window in call_back.safe_times],
            voicemail_allowed=call_back.voicemail_allowed,
            notes=_plan_notes(call_back),
            updated_at=call_back.received_at,
        )
        matches = record.find_possible_matches(disclosure.indexes(), exclude=case)
        if matches:
            record.flag_possible_duplicate(case, matches[0], actor=None, request=request)
        record_event(
            "case.created",
            actor=None,
            request=request,
            target=case,
            detail={
                "channel": case.channel,
                "immediate_danger": case.immediate_danger,
                "possible_matches": len(matches),
                "confirmed_different": 0,
            },
        )
    return case
