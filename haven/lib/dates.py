"""Dates as GOV.UK writes them: 25 November 2026, 2:05pm."""

import datetime as dt

from django.utils import timezone


def format_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def format_time(value: dt.datetime) -> str:
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute == 0:
        return f"{hour}{suffix}"
    return f"{hour}:{value.minute:02d}{suffix}"


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{format_date(value)}, {format_time(value)}"
