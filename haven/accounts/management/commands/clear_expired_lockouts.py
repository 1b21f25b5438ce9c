"""Delete django-axes failure records whose cool-off has ended (run nightly by the worker).

They hold the sign-in name typed with each failure, which may be an address with no account or
a password typed into the wrong box, so they are kept no longer than the lockout needs them.
"""

from typing import Any

from django.core.management.base import BaseCommand

from haven.accounts.services import clear_expired_lockouts


class Command(BaseCommand):
    help = "Delete failed sign-in records whose lockout cool-off has ended."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = clear_expired_lockouts()
        self.stdout.write(f"Removed {removed} expired failed sign-in record(s).")
