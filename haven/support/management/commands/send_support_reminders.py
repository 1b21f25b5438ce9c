"""Queue a reminder e-mail to every officer with support work due (run daily, by the
haven-nightly timer in docs/deployment.md). The e-mails are sent by the task worker, at most one
a person a day: run again the same day, it queues nothing for those already reminded."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from haven.audit.services import record_event
from haven.support import reminders
from haven.support.tasks import send_support_reminder


class Command(BaseCommand):
    help = (
        "E-mail each officer the references of their cases with support work due "
        "(at most once a day)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        due = reminders.references_due(today)
        already = reminders.already_reminded(today, due)
        queued = {person: refs for person, refs in due.items() if person not in already}
        for person_id, references in queued.items():
            send_support_reminder.enqueue(person_id, references, today.isoformat())
        cases = sum(len(refs) for refs in queued.values())
        record_event("support.reminders_sent", detail={"officers": len(queued), "cases": cases})
        reminders.forget_old(today)
        self.stdout.write(
            f"Reminders queued for {len(queued)} people ({cases} cases); "
            f"{len(already)} already reminded today."
        )
