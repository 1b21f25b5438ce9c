"""Demo staff: a fixed cast of invented people, with sign-in secrets derived from a seed.

Only ever used in demo mode (HAVEN_ENV=demo). Everything here is synthetic: the names are
invented, the e-mail addresses use the reserved `.example` domain, and the passwords and TOTP
secrets are derived from the seed so that the same seed always gives the same sign-ins (an
evaluator, the browser tests and the benchmarks can sign in without reading anything back from
the database).
"""

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP

from haven.accounts.models import AuthenticatorDevice, Role, Team, User

DEMO_EMAIL_DOMAIN = "demo.example"
DEMO_DEVICE_NAME = "Demo authenticator"
CREDENTIALS_FILE_NAME = "demo-credentials.json"


class DemoModeRequired(Exception):
    """Raised when anything here is asked to run outside demo mode."""


@dataclass(frozen=True)
class DemoPerson:
    full_name: str
    role: str
    team: str = ""
    job_title: str = ""
    gender: str = ""
    languages: str = ""

    @property
    def email(self) -> str:
        return self.full_name.lower().replace(" ", ".") + "@" + DEMO_EMAIL_DOMAIN


DEMO_STAFF_FILE = Path(__file__).with_name("demo_staff.json")


def _load_cast() -> tuple[DemoPerson, ...]:
    """The invented staff (demo_staff.json): data, like any landlord's own list of people."""
    people = json.loads(DEMO_STAFF_FILE.read_text(encoding="utf-8"))["people"]
    return tuple(DemoPerson(**{**person, "role": Role(person["role"])}) for person in people)


DEMO_CAST: tuple[DemoPerson, ...] = _load_cast()


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise DemoModeRequired(
            "Demo accounts have known passwords and their sign-in secrets are written to a file, "
            "so Haven only creates them in demo mode. Set HAVEN_ENV=demo on a machine that holds "
            f"no real information (this one has HAVEN_ENV={settings.HAVEN_ENV})."
        )


def _derive(seed: int, purpose: str, email: str) -> bytes:
    return hmac.new(
        f"haven-demo:{seed}".encode(), f"{purpose}:{email}".encode(), hashlib.sha256
    ).digest()


def demo_password(seed: int, email: str) -> str:
    # Lower-case letters and digits in groups of four: easy to type from a printed table, long
    # enough for the password validators, and never a common or all-numeric password.
    letters = base64.b32encode(_derive(seed, "password", email)).decode().lower()
    groups = [letters[i : i + 4] for i in range(0, 16, 4)]
    return "demo-" + "-".join(groups)


def demo_totp_key(seed: int, email: str) -> bytes:
    return _derive(seed, "totp", email)[:20]


def base32_secret(key: bytes) -> str:
    return base64.b32encode(key).decode().rstrip("=")


@dataclass(frozen=True)
class DemoSignIn:
    user: User
    password: str
    device: AuthenticatorDevice

    @property
    def totp_secret(self) -> str:
        return base32_secret(self.device.bin_key)

    def as_dict(self) -> dict[str, Any]:
        return {
            "email": self.user.email,
            "password": self.password,
            "full_name": self.user.full_name,
            "role": self.user.role,
            "role_label": self.user.role_label,
            "team": self.user.team.name if self.user.team else "",
            "totp_secret": self.totp_secret,
            "otpauth_uri": self.device.config_url,
        }


@transaction.atomic
def create_demo_staff(seed: int) -> list[DemoSignIn]:
    """Create (or bring back to the seed's state) every demo team, person and TOTP device.

    Safe to run again: people are matched by e-mail, so nobody is ever duplicated.
    """
    require_demo_mode()
    from haven.audit.services import record_event

    teams = {
        name: Team.objects.get_or_create(name=name)[0]
        for name in sorted({person.team for person in DEMO_CAST if person.team})
    }
    sign_ins = []
    for person in DEMO_CAST:
        user = User.objects.filter(email__iexact=person.email).first() or User(email=person.email)
        user.full_name = person.full_name
        user.role = person.role
        user.team = teams.get(person.team)
        user.job_title = person.job_title
        user.gender = person.gender
        user.languages = person.languages
        user.is_active = True
        password = demo_password(seed, person.email)
        user.set_password(password)
        user.save()
        device, _ = AuthenticatorDevice.objects.update_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": demo_totp_key(seed, person.email).hex(), "confirmed": True},
        )
        sign_ins.append(DemoSignIn(user=user, password=password, device=device))
    record_event("demo.staff_seeded", detail={"people": len(sign_ins), "seed": seed})
    return sign_ins


def credentials_path() -> Path:
    return Path(settings.VAR_DIR) / CREDENTIALS_FILE_NAME


def write_credentials_file(sign_ins: list[DemoSignIn], *, seed: int) -> Path:
    """Write every demo sign-in, TOTP secret included, readable by the owner only."""
    require_demo_mode()
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "warning": "Demo accounts with invented data. Never use these on a real system.",
        "seed": seed,
        "users": [sign_in.as_dict() for sign_in in sign_ins],
    }
    # Created 0600 from the start (never briefly world-readable), then moved into place.
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle, indent=2)
        handle.write("\n")
    os.replace(tmp, path)
    os.chmod(path, 0o600)
    return path


def current_code(user: User) -> str:
    """The 6-digit TOTP code a demo user's authenticator app would show now."""
    require_demo_mode()
    if not user.email.lower().endswith("@" + DEMO_EMAIL_DOMAIN):
        raise DemoModeRequired(f"{user.email} is not a demo account.")
    device = AuthenticatorDevice.objects.filter(
        user=user, name=DEMO_DEVICE_NAME, confirmed=True
    ).first()
    if device is None:
        raise DemoModeRequired(f"{user.email} has no demo authenticator: run seed_demo again.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def otpauth_uri(user: User) -> str:
    require_demo_mode()
    device = AuthenticatorDevice.objects.get(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
    return device.config_url


def seconds_left_for_code(step: int = 30, t0: int = 0) -> int:
    import time

    return step - int(time.time() - t0) % step


def sign_in_table(sign_ins: list[DemoSignIn]) -> str:
    rows = [("Role", "Name", "E-mail", "Password")]
    rows += [(s.user.role_label, s.user.full_name, s.user.email, s.password) for s in sign_ins]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
