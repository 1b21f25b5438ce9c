"""`manage.py demo_totp EMAIL`: the code a demo user's authenticator app would show now.

Demo mode only. Prints just the six digits on standard output, so a script can read it; how long
the code has left goes to standard error. A code is accepted once: to sign in again as the same
person, wait for the next one.
"""

import io
from typing import Any

import segno
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import User
from haven.core import demo


class Command(BaseCommand):
    help = "Print the current sign-in code (TOTP) of a demo user. Demo mode only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The demo user's e-mail address.")
        parser.add_argument(
            "--qr",
            action="store_true",
            help="Also draw the otpauth:// QR code in the terminal, to add to an authenticator app.",
        )

    def handle(self, *args: Any, email: str, qr: bool = False, **options: Any) -> None:
        try:
            demo.require_demo_mode()
            user = User.objects.filter(email__iexact=email.strip()).first()
            if user is None:
                raise CommandError(
                    f"There is no demo user with the e-mail address {email!r}. "
                    "The demo sign-ins are printed by seed_demo and kept in var/demo-credentials.json."
                )
            code = demo.current_code(user)
        except demo.DemoModeRequired as refusal:
            raise CommandError(str(refusal)) from refusal
        if qr:
            uri = demo.otpauth_uri(user)
            self.stdout.write(f"Scan this with an authenticator app ({uri}):")
            drawing = io.StringIO()
            segno.make(uri, error="m").terminal(out=drawing, compact=True)
            self.stdout.write(drawing.getvalue(), ending="")
        self.stdout.write(code)
        self.stderr.write(
            f"(valid for about {demo.seconds_left_for_code()} more seconds)",
            style_func=lambda text: text,
        )
