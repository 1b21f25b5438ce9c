"""Reminders of support work due, by e-mail. An e-mail leaves Haven's walls (it may be read on
a shared phone, forwarded, kept by a mail provider), so it carries a case reference and a link
only: never a name, an address, what the action is, or why."""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from haven.accounts.models import User
from haven.accounts.permissions import roles_with
from haven.cases.models import Case
from haven.support import services


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
