"""Create the first administrator on a fresh install.

    manage.py create_administrator --email it@example.org --name "Sam Smith"
        asks for a password (twice) at the terminal;
    manage.py create_administrator --email it@example.org --name "Sam Smith" --send-link
        e-mails a link to choose one instead (needs working e-mail settings);
    manage.py create_administrator --email it@example.org --name "Sam Smith" --print-link
        prints that link instead, for whoever runs the command to pass on (no terminal needed).

The link is built from HAVEN_SITE_URL (or --base-url); in production an address only this
machine can reach, or one without https, is refused, because the link would not work for the
administrator (and an http link would carry its one-time token in the clear). Either way, the
administrator sets up an authenticator app the first time they sign in.
"""

import getpass
import sys
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db import transaction

from haven.accounts import emails
from haven.accounts.models import User
from haven.accounts.permissions import FIRST_ACCOUNT_ROLE
from haven.audit.services import record_event
from haven.lib.env import is_loopback_host


class Command(BaseCommand):
    help = "Create an administrator account (for the first administrator on a fresh install)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The address they sign in with")
        parser.add_argument("--name", required=True, help="Their full name")
        link = parser.add_mutually_exclusive_group()
        link.add_argument(
            "--send-link",
            action="store_true",
            help="E-mail a link to choose a password instead of asking for one here",
        )
        link.add_argument(
            "--print-link",
            action="store_true",
            help=(
                "Print the one-time link to choose a password (to pass on to the administrator) "
                "instead of asking for one here"
            ),
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Haven's address, for the link (default: HAVEN_SITE_URL)",
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

        by_link = options["send_link"] or options["print_link"]
        base_url = self._base_url(options["base_url"]) if by_link else ""
        password = None
        if not by_link:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Not at a terminal, so there is no one to type a password: use --send-link "
                    "to e-mail the administrator a link to choose one, or --print-link to "
                    "print that link here."
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
            emails.send_invitation(user, base_url)
            self.stdout.write(
                f"Administrator {email} created. We have e-mailed a link to choose a password."
            )
        elif options["print_link"]:
            self.stdout.write(
                f"Administrator {email} created. Give them this link to choose a password "
                "(it works once; do not keep a copy):\n"
                + base_url.rstrip("/")
                + emails.set_password_path(user)
            )
        else:
            self.stdout.write(
                f"Administrator {email} created. Sign in to set up an authenticator app."
            )

    def _base_url(self, given: str) -> str:
        base_url = (given or settings.HAVEN_SITE_URL).strip()
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise CommandError(
                f"{base_url!r} is not a web address: give Haven's address with --base-url "
                "or set HAVEN_SITE_URL."
            )
        if settings.PRODUCTION and (is_loopback_host(parts.hostname) or parts.scheme != "https"):
            raise CommandError(
                f"The link would start {base_url!r}, which the administrator cannot open (or "
                "not over https): give the https address staff use with --base-url, or set "
                "HAVEN_SITE_URL."
            )
        return base_url

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
