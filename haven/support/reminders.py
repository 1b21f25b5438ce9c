"""Reminders of support work due, by e-mail. An e-mail leaves Haven's walls (it may be read on
a shared phone, forwarded, kept by a mail provider), so it carries a case reference and a link
only: never a name, an address, what the action is, or why."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from haven.accounts.models import User
from haven.accounts.permissions import roles_with
from haven.cases.models import Case
from haven.support import services
from haven.support.models import ReminderSent

# How long the record of who was reminded is kept: only today's is read.
KEEP_SENT_DAYS = 30


def references_due(today: dt.date) -> dict[int, list[str]]:
    """Person id -> the references of cases needing them: for an officer, their cases with a
    review, an action or a court date due (or late); for whoever oversees support, every case
    with a lock change past the clock and still not done."""
    held = Case.objects.filter(owner__isnull=False, owner__is_active=True)
    found: dict[int, set[str]] = defaultdict(set)
    for plan in services.reviews_due(held, today):
        found[plan.case.owner_id].add(plan.case.reference)  # type: ignore[index]
    for action in services.actions_due(held, today):
        found[action.plan.case.owner_id].add(action.plan.case.reference)  # type: ignore[index]
    for court in services.court_dates_due(held, today):
        found[court.case.owner_id].add(court.case.reference)  # type: ignore[index]
    late = [
        item.case.reference
        for item in services.lock_changes(Case.objects.all(), breached_only=True)
        if item.completed_at is None
    ]
    if late:
        overseers = User.objects.filter(
            is_active=True, role__in=roles_with("support.oversee_support")
        )
        for person_id in overseers.values_list("pk", flat=True):
            found[person_id].update(late)
    return {person: sorted(refs) for person, refs in found.items()}


def reminder_body(user: User, references: list[str]) -> str:
    base = settings.HAVEN_SITE_URL.rstrip("/")
    lines = [
        f"{reference}: {base}{reverse('support:case', kwargs={'reference': reference})}"
        for reference in references
    ]
    return (
        f"Dear {user.full_name},\n\n"
        "Support work is due on these cases (a review of the action plan, an action, a court "
        "date, or a lock change past its clock). Sign in to see what:\n\n"
        + "\n".join(lines)
        + f"\n\n{settings.HAVEN_SERVICE_NAME}\n{settings.HAVEN_LANDLORD_NAME}\n"
    )


def send_reminder(user: User, references: list[str]) -> None:
    send_mail(
        f"{settings.HAVEN_SERVICE_NAME}: support work due",
        reminder_body(user, references),
        None,
        [user.email],
    )


def already_reminded(day: dt.date, people: Iterable[int]) -> set[int]:
    """Which of these people were already sent their reminder for `day`."""
    return set(
        ReminderSent.objects.filter(sent_on=day, user_id__in=list(people)).values_list(
            "user_id", flat=True
        )
    )


def send_once(user: User, references: list[str], day: dt.date) -> bool:
    """E-mail `user` their reminder for `day`, unless one was sent already; True if sent now.

    The record and the sending are one transaction, so a failure to send (the exception goes on
    to the task worker, which records the task as failed) leaves no record and the next run
    tries again. Two workers given the same person's reminder (the command run twice before
    either ran) meet at the record's unique key: the second waits for the first, then sends
    nothing."""
    if ReminderSent.objects.filter(user=user, sent_on=day).exists():
        return False
    try:
        # The transaction is open while the mail server answers (at most its 20 s timeout): on
        # SQLite other writers wait that long; reminders go at night, a person at a time.
        with transaction.atomic():
            ReminderSent.objects.create(user=user, sent_on=day)
            send_reminder(user, references)
    except IntegrityError:
        return False
    return True


def forget_old(today: dt.date) -> int:
    """Drop the records of reminders sent more than KEEP_SENT_DAYS ago; how many went."""
    cutoff = today - dt.timedelta(days=KEEP_SENT_DAYS)
    removed, _ = ReminderSent.objects.filter(sent_on__lt=cutoff).delete()
    return removed
