"""`manage.py seed_demo --cases N --seed S [--reset]`: invented staff and cases for a demo.

Demo mode only (HAVEN_ENV=demo): the accounts it creates have known passwords, and their sign-in
secrets are written to var/demo-credentials.json. Running it again is safe: people are matched by
e-mail and cases are only seeded into a database that has none, so nothing is duplicated.
"""

import time
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, connections
from django.utils import timezone

from haven.core import demo
from haven.core.maintenance import refresh_planner_statistics
from haven.platform.registries import DemoRun, demo_seeders


class Command(BaseCommand):
    help = (
        "Create invented demo staff, and every app's demo data through its seeder. Demo mode only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=200, help="How many cases to invent.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same people and cases.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Throw away the whole demo database first and start again.",
        )

    def handle(self, *args: Any, cases: int, seed: int, reset: bool, **options: Any) -> None:
        try:
            demo.require_demo_mode()
        except demo.DemoModeRequired as refusal:
            raise CommandError(str(refusal)) from refusal
        if cases < 0:
            raise CommandError("--cases must be 0 or more.")

        started = time.monotonic()
        if reset:
            self._reset_database()

        sign_ins = demo.create_demo_staff(seed)
        self.stdout.write(f"Demo staff ready: {len(sign_ins)} people (seed {seed}).")
        self._seed_cases(sign_ins, count=cases, seed=seed)

        path = demo.write_credentials_file(sign_ins, seed=seed)
        self.stdout.write("")
        self.stdout.write(
            "Demo sign-ins (invented people; the second factor is an authenticator code):"
        )
        self.stdout.write("")
        self.stdout.write(demo.sign_in_table(sign_ins))
        self.stdout.write("")
        self.stdout.write(
            f"Passwords, TOTP secrets and otpauth:// links are in {path} (owner-only)."
        )
        self.stdout.write(
            "Current code for anyone above: HAVEN_ENV=demo .venv/bin/python manage.py demo_totp EMAIL"
        )
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _seed_cases(self, sign_ins: list[demo.DemoSignIn], *, count: int, seed: int) -> None:
        """Every app's registered demo seeder, in order, into a database with no cases yet."""
        case_model = apps.get_model("cases", "Case")
        existing = case_model.objects.count()
        if existing:
            self.stdout.write(
                f"Cases already seeded ({existing}): left as they are. Use --reset to start again."
            )
            return
        if count == 0 or not len(demo_seeders):
            return
        run = DemoRun(cases=count, seed=seed, now=timezone.now(), staff=[s.user for s in sign_ins])
        for seeder in demo_seeders:
            started = time.monotonic()
            made = seeder.seed(run)
            run.made[seeder.key] = made
            self.stdout.write(
                f"{seeder.description}: {made:,} made in {time.monotonic() - started:.1f} s."
            )
        # Fresh bulk data and no planner statistics make SQLite choose slow plans.
        refresh_planner_statistics()

    def _reset_database(self) -> None:
        """Start from an empty database: the access log cannot be emptied row by row (it is
        append-only by design), so the demo database itself is thrown away and migrated again."""
        vendor = connection.vendor
        if vendor == "sqlite":
            name = str(settings.DATABASES["default"]["NAME"])
            if "memory" in name:
                raise CommandError("--reset needs a database file, not an in-memory database.")
            connections.close_all()
            for suffix in ("", "-wal", "-shm"):
                Path(name + suffix).unlink(missing_ok=True)
        elif vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE")
                cursor.execute("CREATE SCHEMA public")
        else:  # pragma: no cover - Haven supports SQLite and PostgreSQL only
            raise CommandError(f"--reset does not know how to empty a {vendor} database.")
        self.stdout.write("Demo database emptied; migrating it again.")
        call_command("migrate", interactive=False, verbosity=0)
