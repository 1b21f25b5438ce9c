"""Reading typed settings from the environment, and the rules a production configuration must meet.

Settings are read through one `EnvReader`, which never raises: a value that cannot be used is
noted as a problem (naming the variable, what is wrong and how to put it right) and a safe
default stands in, so that start-up can report every problem in one message instead of the first
one as a traceback. `haven/settings.py` raises ImproperlyConfigured with all of them at the end.

The rules themselves are plain functions (each returns the problems it finds, as sentences), so
they are tested without starting Django.
"""

import base64
import binascii
import ipaddress
import os
from collections.abc import Mapping
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})

# The marker `make setup` leaves at the root of a checkout used for development (git-ignored).
# Without HAVEN_ENV, only such a checkout runs, in development mode (ADR 0005).
DEVELOPMENT_MARKER = ".haven-development"
ENVIRONMENTS = ("development", "demo", "production")

MIN_SECRET_KEY_LENGTH = 50
MIN_BLIND_INDEX_KEY_BYTES = 32

# Second-level names under which anyone may register a domain: a passkey's relying party must be
# a name one organisation controls, never one of these. Browsers apply the full public-suffix
# list; this short list catches the mistakes a UK landlord could plausibly make.
PUBLIC_SECOND_LEVEL = frozenset(
    {
        "co.uk",
        "org.uk",
        "me.uk",
        "ltd.uk",
        "plc.uk",
        "net.uk",
        "sch.uk",
        "ac.uk",
        "gov.uk",
        "nhs.uk",
        "police.uk",
        "mod.uk",
        "com.au",
        "co.nz",
        "co.za",
    }
)
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"})  # noqa: S104


class EnvReader:
    """Typed values from the environment; problems are collected in `problems`, never raised."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self.problems: list[str] = []

    def problem(self, sentence: str) -> None:
        self.problems.append(sentence)

    def is_set(self, name: str) -> bool:
        return self.environ.get(name, "").strip() != ""

    def text(self, name: str, default: str = "") -> str:
        value = self.environ.get(name, "")
        return value if value.strip() else default

    def switch(self, name: str, default: bool) -> bool:
        value = self.environ.get(name, "").strip().lower()
        if not value:
            return default
        if value in TRUE_WORDS:
            return True
        if value in FALSE_WORDS:
            return False
        self.problem(
            f"{name} is {self.environ[name]!r}, which is neither yes nor no: set it to yes or no "
            "(true/false, on/off and 1/0 work too), or remove it to use the default."
        )
        return default

    def number(self, name: str, default: int, *, minimum: int, maximum: int, unit: str = "") -> int:
        value = self.environ.get(name, "").strip()
        if not value:
            return default
        what = f"a whole number{f' of {unit}' if unit else ''} from {minimum} to {maximum}"
        try:
            number = int(value)
        except ValueError:
            self.problem(
                f"{name} is {self.environ[name]!r}, not a whole number: set it to {what} "
                f"(written in digits), or remove it to use the default of {default}."
            )
            return default
        if not minimum <= number <= maximum:
            self.problem(
                f"{name} is {number}, outside what Haven allows: set it to {what}, or remove "
                f"it to use the default of {default}."
            )
            return default
        return number

    def items(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self.environ.get(name, "")
        if not value.strip():
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]

    def choice(self, name: str, default: str, choices: tuple[str, ...]) -> str:
        value = self.environ.get(name, "").strip()
        if not value:
            return default
        if value not in choices:
            self.problem(
                f"{name} is {value!r}: set it to {_or(choices)}, or remove it to use the "
                f"default ({default})."
            )
            return default
        return value


# --- Rules -------------------------------------------------------------------------------------


def environment_problem(value: str, checkout: Path) -> str | None:
    """None when HAVEN_ENV is usable as given (or, missing, in a development checkout)."""
    if value in ENVIRONMENTS:
        return None
    if value:
        return f"HAVEN_ENV is {value!r}: set it to production (or development or demo)."
    if (checkout / DEVELOPMENT_MARKER).exists():
        return None
    return (
        "HAVEN_ENV is not set: set HAVEN_ENV=production on a real installation (or "
        "development or demo). Only a checkout prepared with `make setup` (which leaves "
        f"{DEVELOPMENT_MARKER} in it) may leave it out, and then runs in development mode."
    )


def secret_key_problems(value: str) -> list[str]:
    if not value:
        return [
            "SECRET_KEY is not set: generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        ]
    if len(value) < MIN_SECRET_KEY_LENGTH:
        return [
            f"SECRET_KEY is {len(value)} characters long; it must be at least "
            f"{MIN_SECRET_KEY_LENGTH}: generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        ]
    return []


def invalid_field_key_positions(keys: list[str]) -> list[int]:
    """Positions (from 1) of the keys that are not Fernet keys."""
    invalid = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            invalid.append(position)
    return invalid


def field_key_problems(keys: list[str], *, required: bool) -> list[str]:
    generate = (
        "generate one with `python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())'`"
    )
    if not keys:
        return [f"HAVEN_FIELD_KEYS is not set: {generate}."] if required else []
    invalid = invalid_field_key_positions(keys)
    if not invalid:
        return []
    numbers = ", ".join(str(position) for position in invalid)
    return [
        f"HAVEN_FIELD_KEYS: key number {numbers} is not a Fernet key (32 url-safe "
        f"base64-encoded bytes): correct it, or {generate} (keep the old keys after a new one)."
    ]


def decoded_key_length(value: str) -> int | None:
    """Bytes in a url-safe base64 key (standard base64 and missing padding tolerated); None if it
    is not base64 at all."""
    text = value.strip().replace("+", "-").replace("/", "_").rstrip("=")
    try:
        return len(base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True))
    except (binascii.Error, ValueError):
        return None


def blind_index_key_problems(value: str) -> list[str]:
    generate = "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
    if not value:
        return [f"HAVEN_BLIND_INDEX_KEY is not set: {generate}."]
    length = decoded_key_length(value)
    if length is None or length < MIN_BLIND_INDEX_KEY_BYTES:
        found = "is not url-safe base64" if length is None else f"holds only {length} bytes"
        return [
            f"HAVEN_BLIND_INDEX_KEY {found}; it must be url-safe base64 of at least "
            f"{MIN_BLIND_INDEX_KEY_BYTES} random bytes: {generate}. (It cannot be changed once "
            "records are stored, so set it right before the first case.)"
        ]
    return []


def allowed_hosts_problems(hosts: list[str]) -> list[str]:
    if not hosts:
        return [
            "ALLOWED_HOSTS is not set: set it to the host name staff use, "
            "e.g. ALLOWED_HOSTS=haven.example-homes.org.uk."
        ]
    if any("*" in host for host in hosts):
        return [
            "ALLOWED_HOSTS contains '*', which lets anyone's host name through (and into links "
            "in e-mails): list the host names staff use instead."
        ]
    return []


def site_host(site_url: str) -> str:
    return (urlsplit(site_url).hostname or "").lower()


def site_url_problems(site_url: str, allowed_hosts: list[str]) -> list[str]:
    example = "e.g. HAVEN_SITE_URL=https://haven.example-homes.org.uk"
    if not site_url:
        return [
            "HAVEN_SITE_URL is not set: set it to the https address staff use, which links in "
            f"e-mails point to ({example})."
        ]
    parts = urlsplit(site_url)
    problems = []
    if parts.scheme != "https" or not parts.hostname:
        problems.append(f"HAVEN_SITE_URL is {site_url!r}, not an https address: {example}.")
    elif parts.path not in {"", "/"} or parts.query or parts.fragment:
        problems.append(
            f"HAVEN_SITE_URL is {site_url!r}: give the address without a path ({example})."
        )
    elif is_loopback_host(parts.hostname):
        problems.append(
            f"HAVEN_SITE_URL is {site_url!r}, an address only this machine can reach: give the "
            f"address staff use ({example})."
        )
    elif allowed_hosts and not host_is_allowed(parts.hostname, allowed_hosts):
        problems.append(
            f"HAVEN_SITE_URL's host {parts.hostname!r} is not in ALLOWED_HOSTS: add it there "
            "(or correct HAVEN_SITE_URL)."
        )
    return problems


def is_loopback_host(host: str) -> bool:
    """Whether only this machine can reach `host` (localhost, 127.0.0.0/8, ::1)."""
    host = host.lower().strip("[]")
    if host in LOOPBACK_HOSTS or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_is_allowed(host: str, allowed_hosts: list[str]) -> bool:
    host = host.lower()
    for pattern in allowed_hosts:
        pattern = pattern.lower()
        if pattern == host or (pattern.startswith(".") and host.endswith(pattern)):
            return True
    return False


def is_registrable_suffix(rp_id: str, host: str) -> bool:
    """Whether a passkey relying-party ID may serve this host: the host itself, or a parent
    domain of it that one organisation can own (not a public suffix such as org.uk)."""
    rp_id, host = rp_id.lower().strip("."), host.lower()
    if rp_id == host:
        return True
    if not host.endswith("." + rp_id):
        return False
    return rp_id.count(".") >= 1 and rp_id not in PUBLIC_SECOND_LEVEL


def webauthn_problems(rp_id: str, origins: list[str], host: str) -> list[str]:
    problems = []
    if host and not is_registrable_suffix(rp_id, host):
        problems.append(
            f"HAVEN_WEBAUTHN_RP_ID is {rp_id!r}, which passkeys cannot use at {host!r}: leave it "
            f"unset (it then is {host!r}) or give a parent domain your organisation owns. "
            "(Changing it later makes every registered passkey stop working.)"
        )
    insecure = [origin for origin in origins if urlsplit(origin).scheme != "https"]
    if insecure:
        problems.append(
            "HAVEN_WEBAUTHN_ORIGINS must all be https addresses, not "
            + ", ".join(repr(origin) for origin in insecure)
            + ": leave it unset to use HAVEN_SITE_URL."
        )
    return problems


def csrf_origin_problems(origins: list[str]) -> list[str]:
    insecure = [origin for origin in origins if urlsplit(origin).scheme != "https"]
    if insecure:
        return [
            "CSRF_TRUSTED_ORIGINS must all be https addresses, not "
            + ", ".join(repr(origin) for origin in insecure)
            + ": leave it unset to use HAVEN_SITE_URL."
        ]
    return []


def database_problems(
    database_url: str, *, sqlite_opt_in: bool, var_dir_set: bool, var_dir: Path, checkout: Path
) -> list[str]:
    if database_url:
        scheme = urlsplit(database_url).scheme
        if scheme in {"postgres", "postgresql", "pgsql", "postgis"}:
            return []
        return [
            f"DATABASE_URL is a {scheme or 'malformed'} address: production runs on "
            "PostgreSQL, e.g. DATABASE_URL=postgres://haven_app:<password>@127.0.0.1:5432/haven."
        ]
    if not sqlite_opt_in:
        return [
            "DATABASE_URL is not set: set it to the PostgreSQL database, e.g. "
            "DATABASE_URL=postgres://haven_app:<password>@127.0.0.1:5432/haven. (A very small "
            "landlord may run on SQLite instead with HAVEN_SQLITE_IN_PRODUCTION=yes; see "
            "docs/configuration.md.)"
        ]
    if not var_dir_set:
        return [
            "HAVEN_SQLITE_IN_PRODUCTION is on but HAVEN_VAR_DIR is not set: set it to the "
            "directory that holds the database, outside the checkout (e.g. /srv/haven/var)."
        ]
    resolved, root = var_dir.resolve(), checkout.resolve()
    if not var_dir.is_absolute() or resolved == root or root in resolved.parents:
        return [
            f"HAVEN_VAR_DIR is {str(var_dir)!r}: with SQLite in production it must be an "
            "absolute path outside the checkout (e.g. /srv/haven/var), so that an upgrade or "
            "a clean checkout can never touch the database."
        ]
    return []


def email_problems(host: str, from_email: str) -> list[str]:
    problems = []
    if not host:
        problems.append(
            "EMAIL_HOST is not set: set it to your SMTP server (Haven e-mails set-password and "
            "password-reset links)."
        )
    _name, address = parseaddr(from_email)
    if not from_email:
        problems.append(
            "DEFAULT_FROM_EMAIL is not set: set it to the address Haven's e-mails come from, "
            "e.g. DEFAULT_FROM_EMAIL=haven@example-homes.org.uk."
        )
    elif not _looks_like_an_address(address):
        problems.append(
            f"DEFAULT_FROM_EMAIL is {from_email!r}, not an e-mail address: "
            "e.g. DEFAULT_FROM_EMAIL=haven@example-homes.org.uk."
        )
    elif address.rpartition("@")[2].lower() in LOOPBACK_HOSTS:
        problems.append(
            f"DEFAULT_FROM_EMAIL is {from_email!r}: mail from @localhost is rejected or lost; "
            "use an address of your organisation's domain."
        )
    return problems


def _looks_like_an_address(address: str) -> bool:
    local, at, domain = address.rpartition("@")
    return bool(at and local and domain and " " not in address and "." in domain) or (
        bool(at and local) and domain.lower() == "localhost"
    )


def _or(choices: tuple[str, ...]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1]


# Kept for anything outside settings that reads one value (no collection of problems there).
def env_str(name: str, default: str = "") -> str:
    return EnvReader().text(name, default)
