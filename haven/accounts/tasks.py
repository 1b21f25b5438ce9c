"""Work done outside the request (Django's tasks API; `manage.py db_worker` runs them).

Sending e-mail from a task keeps the answer to "reset my password" the same length of time
whether or not the address has an account: the request only queues a task, in both cases.
"""

from django.tasks import task

from haven.accounts import emails
from haven.accounts.models import User


@task
def send_password_reset_email(user_id: int | None, base_url: str) -> None:
    # None: the address typed has no active account; queued all the same (see above).
    if user_id is None:
        return
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        emails.send_password_reset(user, base_url)
