"""Check the whole access log: `manage.py verify_audit_chain`.

Prints "Access log intact: N events" and the head it reached (keep that line somewhere outside
Haven: it is what shows if the newest events are ever removed), or names the first broken link
and exits with status 1. Also exits 1 if the triggers that keep the log append-only are missing.
Suitable for cron: nothing is printed to stderr when all is well.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.integrity import DEFAULT_BATCH_SIZE
from haven.audit.services import record_chain_check


class Command(BaseCommand):
    help = "Recompute every hash of the access log and check every link; name the first break."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        report = record_chain_check(batch_size=batch_size)
        problems = []
        if not report.intact:
            problems.append(report.summary())
        if not report.protected:
            problems.append(
                "Access log not protected: these database triggers are missing: "
                + ", ".join(sorted(report.missing_triggers))
                + ". Run `manage.py migrate audit`, then re-install them "
                "(haven.audit.protection.install)."
            )
        if problems:
            raise CommandError("\n".join(problems), returncode=1)
        self.stdout.write(report.summary())
        if report.head_sequence:
            self.stdout.write(f"Head: event {report.head_sequence}, hash {report.head_hash}")
