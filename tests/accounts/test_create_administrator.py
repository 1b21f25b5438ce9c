"""The first administrator on a fresh install."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from haven.accounts.models import Role, User
from haven.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_sends_a_link_to_choose_a_password(settings):
    out = io.StringIO()
    call_command(
        "create_administrator",
        "--email",
        "IT.Lead@Example.org",
        "--name",
        "Robin Lee",
        "--send-link",
        "--base-url",
        "https://haven.example.org",
        stdout=out,
    )
    admin = User.objects.get(email="it.lead@example.org")
    assert admin.role == Role.ADMINISTRATOR and not admin.has_usable_password()
    assert "https://haven.example.org/account/password-reset/" in mail.outbox[0].body
    assert "e-mailed a link" in out.getvalue()
    assert AuditEvent.objects.filter(action="users.created", object_id=str(admin.pk)).exists()


def test_asks_for_a_password_at_a_terminal(monkeypatch):
    answers = iter(
        ["too short", "too short", "quiet meadow copper kettle", "quiet meadow copper kettle"]
    )
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    err = io.StringIO()
    call_command(
        "create_administrator",
        "--email",
        "a@example.org",
        "--name",
        "A Admin",
        stderr=err,
        stdout=io.StringIO(),
    )
    assert "too short" in err.getvalue()
    assert User.objects.get(email="a@example.org").check_password("quiet meadow copper kettle")


def test_refuses_without_a_terminal_or_link(monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--send-link"):
        call_command("create_administrator", "--email", "a@example.org", "--name", "A Admin")
    assert not User.objects.exists()


def test_refuses_a_duplicate_or_a_bad_address(ada):
    with pytest.raises(CommandError, match="already an account"):
        call_command(
            "create_administrator", "--email", "ADA@example.org", "--name", "Ada", "--send-link"
        )
    with pytest.raises(CommandError, match="not an e-mail address"):
        call_command("create_administrator", "--email", "nope", "--name", "X", "--send-link")


def create(*arguments: str) -> str:
    out = io.StringIO()
    call_command(
        "create_administrator",
        "--email",
        "it@example.org",
        "--name",
        "Sam Smith",
        *arguments,
        stdout=out,
    )
    return out.getvalue()


def test_the_e_mailed_link_uses_the_configured_site_address(settings):
    settings.HAVEN_SITE_URL = "https://haven.example-homes.org.uk"
    create("--send-link")
    assert "https://haven.example-homes.org.uk/account/password-reset/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "base",
    [
        "http://localhost:8000",
        "https://127.0.0.1",
        "https://[::1]:8443",
        "http://haven.example.org",
    ],
)
def test_production_refuses_a_link_the_administrator_could_not_open(settings, base):
    settings.PRODUCTION = True
    settings.HAVEN_SITE_URL = base
    with pytest.raises(CommandError, match="cannot open"):
        create("--send-link")
    with pytest.raises(CommandError, match="cannot open"):
        create("--print-link", "--base-url", base)
    assert not User.objects.exists()
    assert not mail.outbox


def test_without_a_terminal_the_link_can_be_printed_and_works_once(client, settings, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    settings.PRODUCTION = True
    settings.HAVEN_SITE_URL = "https://haven.example-homes.org.uk"

    output = create("--print-link")

    link = output.splitlines()[-1]
    assert link.startswith("https://haven.example-homes.org.uk/account/password-reset/")
    assert not mail.outbox
    admin = User.objects.get(email="it@example.org")
    assert admin.role == Role.ADMINISTRATOR and not admin.has_usable_password()
    page = client.get(link.removeprefix("https://haven.example-homes.org.uk"), follow=True)
    assert page.status_code == 200
    assert b'type="password"' in page.content


def test_only_one_way_of_passing_on_the_link(settings):
    with pytest.raises(CommandError):
        create("--send-link", "--print-link")
