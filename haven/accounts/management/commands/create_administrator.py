"""Create the first administrator on a fresh install.

    manage.py create_administrator --email it@example.org --name "Sam Smith"
        asks for a password (twice) at the terminal;
    manage.py create_administrator --email it@example.org --name "Sam Smith" --send-link
        e-mails a link to choose one instead (needs working e-mail settings).

Either way, the administrator sets up an authenticator app the first time they sign in.
"""

import getpass
import sys
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from haven.accounts import emails
from haven.accounts.models import User
from haven.accounts.permissions import FIRST_ACCOUNT_ROLE
from haven.audit.services import record_event


class Command(BaseCommand):
    help = "Create an administrator account (for the first administrator on a fresh install)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The address they sign in with")
        parser.add_argument("--name", required=True, help="Their full name")
        parser.add_argument(
            "--send-link",
            action="store_true",
            help="E-mail a link to choose a password instead of asking for one here",
        )
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="Haven's address, for the link in the e-mail (default http://localhost:8000)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = User.objects.normalize_email(options["email"].strip()).lower()
        name = options["name"].strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        if not name:
            raise CommandError("Give the administrator's full name with --name.")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"There is already an account for {email}.")

        password = None
        if not options["send_link"]:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Not at a terminal, so there is no one to type a password: use --send-link."
                )
            password = self._ask_for_password(User(email=email, full_name=name))

        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, full_name=name, role=FIRST_ACCOUNT_ROLE
            )
            record_event(
                "users.created",
                target=user,
                detail={"role": user.role, "by": "create_administrator"},
            )
        if options["send_link"]:
            emails.send_invitation(user, options["base_url"])
            self.stdout.write(
                f"Administrator {email} created. We have e-mailed a link to choose a password."
            )
        else:
            self.stdout.write(
                f"Administrator {email} created. Sign in to set up an authenticator app."
            )

    def _ask_for_password(self, user: User) -> str:
        for _attempt in range(3):
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password again: ")
            if first != second:
                self.stderr.write("The two passwords do not match. Try again.")
                continue
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return first
        raise CommandError("No password was set. Run the command again.")
