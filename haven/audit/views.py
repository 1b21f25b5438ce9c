"""The access log page, for the domestic abuse coordinator: who did what to which record,
when, from where and why; filtered, newest first; viewing it is itself logged."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from haven.audit.forms import AccessLogFilterForm
from haven.audit.models import AuditEvent, AuditEventLink
from haven.audit.policies import access_log_for
from haven.audit.presentation import (
    action_label,
    link_label,
    linked_to_record,
    record_labels,
    record_labels_for,
    records_matching,
)
from haven.audit.services import latest_chain_check, record_chain_check, record_event

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page:
    events: list[AuditEvent]
    # Sequence numbers for the "newer" and "older" links; None where there is nothing more.
    newer_than: int | None
    older_than: int | None


def _sequence_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_events(events: QuerySet[AuditEvent], data: dict) -> QuerySet[AuditEvent]:
    if data.get("staff"):
        events = events.filter(actor=data["staff"])
    if data.get("action"):
        events = events.filter(action=data["action"])
    if data.get("record"):
        typed = data["record"].strip()
        matches = Q(object_id=typed)
        for object_type, object_id in records_matching(typed):
            matches |= Q(object_type=object_type, object_id=object_id)
            # Events that touched the record without targeting it: the searches that returned
            # it, or matched it out of the searcher's sight. One indexed lookup.
            matches |= Q(
                pk__in=AuditEventLink.objects.filter(
                    object_type=object_type, object_id=object_id
                ).values("event_id")
            )
        events = events.filter(matches)
    if data.get("date_from"):
        events = events.filter(occurred_at__gte=_start_of(data["date_from"]))
    if data.get("date_to") and data["date_to"] < dt.date.max:
        events = events.filter(occurred_at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
    return events


def page_of(events: QuerySet[AuditEvent], *, before: int | None, after: int | None) -> Page:
    """Keyset pages by sequence number: the same cost on page 1 as on page 10,000, and no
    COUNT over millions of events."""
    if after is not None and before is None:
        rows = list(events.filter(sequence__gt=after).order_by("sequence")[: PAGE_SIZE + 1])
        has_newer = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE][::-1]
        return Page(
            events=rows,
            newer_than=rows[0].sequence if rows and has_newer else None,
            older_than=rows[-1].sequence if rows else None,
        )
    if before is not None:
        events = events.filter(sequence__lt=before)
    rows = list(events.order_by("-sequence")[: PAGE_SIZE + 1])
    has_older = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return Page(
        events=rows,
        newer_than=rows[0].sequence if rows and before is not None else None,
        older_than=rows[-1].sequence if rows and has_older else None,
    )


def _link(request: HttpRequest, **sequence: int) -> str:
    query = request.GET.copy()
    query.pop("before", None)
    query.pop("after", None)
    for name, value in sequence.items():
        query[name] = str(value)
    return f"{reverse('audit:log')}?{query.urlencode()}"


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    events = access_log_for(request.user)
    form = AccessLogFilterForm(request.GET or None)
    page = None
    object_type, object_id = "", ""
    if form.is_bound and not form.is_valid():
        detail: dict[str, Any] = {"filters": "not valid"}
    else:
        data = form.cleaned_data if form.is_bound else {}
        page = page_of(
            filtered_events(events, data),
            before=_sequence_param(request, "before"),
            after=_sequence_param(request, "after"),
        )
        detail = {
            "filters": form.filters_used() if form.is_bound else [],
            "shown": len(page.events),
        }
        matches = records_matching(data["record"]) if data.get("record") else []
        if len(matches) == 1:
            # Looking up who saw a particular case is itself something to show on that case.
            object_type, object_id = matches[0]
    record_event(
        "audit.log_viewed",
        request=request,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    labels = record_labels(page.events) if page else {}
    linked = linked_to_record(page.events, object_type, object_id) if page and object_id else {}
    # The record the page is filtered to, named once for every row that only touched it.
    linked_record = record_labels_for(object_type, object_id) if linked else ""
    rows = []
    for event in page.events if page else []:
        who = event.actor.full_name if event.actor else ""
        record = labels.get((event.object_type, event.object_id), "")
        action = action_label(event.action)
        if event.pk in linked:
            # Read from the record's side: "Appeared in a search by Alice Officer".
            action = link_label(event.action, linked[event.pk], who or event.actor_label)
            record = linked_record
        rows.append({"event": event, "action": action, "record": record, "who": who})
    return render(
        request,
        "audit/access_log.html",
        {
            "form": form,
            "rows": rows,
            "page": page,
            "newer_url": _link(request, after=page.newer_than)
            if page and page.newer_than is not None
            else "",
            "older_url": _link(request, before=page.older_than)
            if page and page.older_than is not None
            else "",
            "chain_check": latest_chain_check(),
        },
    )


@login_required
@require_POST
def check_chain(request: HttpRequest) -> HttpResponse:
    access_log_for(request.user)
    report = record_chain_check(actor=request.user, request=request, since_last_complete_check=True)
    if report.intact and report.protected and report.complete:
        messages.success(
            request,
            f"The access log is complete: all {report.events_checked:,} entries are unchanged.",
        )
    elif report.intact and report.protected:
        messages.success(
            request,
            f"The access log is complete: the {report.events_checked:,} entries added since the "
            "last complete check are unchanged and link up with it.",
        )
    elif not report.intact:
        messages.warning(
            request,
            f"The access log check found a problem. {report.summary()}. "
            "Tell your system administrator and data protection officer today.",
        )
    else:
        messages.warning(
            request,
            "The access log's events link up, but the database no longer refuses changes to "
            "them. Tell your system administrator today.",
        )
    return redirect("audit:log")
