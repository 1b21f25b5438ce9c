"""Work done outside the request (Django's tasks API; `manage.py db_worker` runs them)."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from haven.accounts.models import User
from haven.support import reminders


@task
def send_support_reminder(user_id: int, references: list[str], day: str | None = None) -> None:
    """One person's reminder for `day` (ISO date; the day the command ran, so a worker that
    gets to it after midnight still counts it against that day), sent at most once."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    # Someone who has left, or no longer gives support, gets nothing.
    if user is None or not user.has_perm("support.give_support"):
        return
    reminders.send_once(
        user, references, dt.date.fromisoformat(day) if day else timezone.localdate()
    )
