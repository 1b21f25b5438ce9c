"""Queue a reminder e-mail to every officer with support work due (run daily, e.g. by the
haven-worker timer in docs/deployment.md). The e-mails are sent by the task worker."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from haven.audit.services import record_event
from haven.support import reminders
from haven.support.tasks import send_support_reminder


class Command(BaseCommand):
    help = "E-mail each officer the references of their cases with a review or an action due."

    def handle(self, *args: Any, **options: Any) -> None:
        due = reminders.references_due(timezone.localdate())
        for officer_id, references in due.items():
            send_support_reminder.enqueue(officer_id, references)
        cases = sum(len(refs) for refs in due.values())
        record_event("support.reminders_sent", detail={"officers": len(due), "cases": cases})
        self.stdout.write(f"Reminders queued for {len(due)} officers ({cases} cases).")
