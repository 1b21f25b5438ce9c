"""Work done outside the request (Django's tasks API; `manage.py db_worker` runs them)."""

from django.tasks import task

from haven.accounts.models import User
from haven.support import reminders


@task
def send_support_reminder(user_id: int, references: list[str]) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    # Someone who has left, or no longer gives support, gets nothing.
    if user is None or not user.has_perm("support.give_support"):
        return
    reminders.send_reminder(user, references)
