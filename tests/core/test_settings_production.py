"""Production refuses to start on an unsafe configuration, naming every problem at once (issue 11).

Each test starts Haven in a separate process with a crafted environment, as an operator's
`manage.py` or gunicorn would, and reads what it prints. Several problems share one process to
keep this fast: the message must name each of them, one a line, without a traceback.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

REPO = Path(__file__).resolve().parents[2]
SITE = "https://haven.example-homes.org.uk"
# Everything a production configuration reads, so nothing of the test machine's environment leaks in.
CONFIGURATION = ("HAVEN_", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CSRF_", "EMAIL_")


def valid_production(var_dir: Path) -> dict[str, str]:
    return {
        "HAVEN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "HAVEN_FIELD_KEYS": Fernet.generate_key().decode(),
        "HAVEN_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "haven.example-homes.org.uk",
        "HAVEN_SITE_URL": SITE,
        # Never connected to: `check` without --database does not touch the database.
        "DATABASE_URL": "postgres://haven_app@127.0.0.1:5432/haven_settings_test",
        "EMAIL_HOST": "smtp.example-homes.org.uk",
        "DEFAULT_FROM_EMAIL": "Haven <haven@example-homes.org.uk>",
        "HAVEN_VAR_DIR": str(var_dir),
    }


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(CONFIGURATION)}
    # The test harness's own switches (tests/conftest.py) are not an operator's environment.
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def refusal(result: subprocess.CompletedProcess) -> list[str]:
    """The problems Haven listed, after checking it refused the way an operator should see."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Haven will not start until these settings are put right")
    return [line[2:] for line in result.stderr.splitlines() if line.startswith("- ")]


def named(problems: list[str], variable: str) -> list[str]:
    return [problem for problem in problems if problem.startswith(variable)]


def test_a_complete_production_configuration_starts_and_writes_no_keys(tmp_path):
    result = run("manage.py", "check", env=valid_production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "local-keys.json").exists()


def test_production_defaults_come_from_the_site_address(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.OTP_WEBAUTHN_RP_ID, s.OTP_WEBAUTHN_ALLOWED_ORIGINS, "
        "s.CSRF_TRUSTED_ORIGINS, s.STORAGES['staticfiles']['BACKEND'], s.HAVEN_SITE_URL]))"
    )
    env = {**valid_production(tmp_path), "DJANGO_SETTINGS_MODULE": "haven.settings"}
    env["HAVEN_SITE_URL"] = SITE + "/"
    result = run("-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "haven.example-homes.org.uk",
        [SITE],
        [SITE],
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        SITE,
    ]


def test_nothing_set_names_every_required_variable(tmp_path):
    problems = refusal(run("manage.py", "check", env={"HAVEN_ENV": "production"}))
    for variable in (
        "SECRET_KEY is not set",
        "HAVEN_FIELD_KEYS is not set",
        "HAVEN_BLIND_INDEX_KEY is not set",
        "ALLOWED_HOSTS is not set",
        "HAVEN_SITE_URL is not set",
        "DATABASE_URL is not set",
        "EMAIL_HOST is not set",
        "DEFAULT_FROM_EMAIL is not set",
    ):
        assert any(problem.startswith(variable) for problem in problems), variable
    assert len(problems) == 8


def test_every_malformed_value_is_named_in_one_message(tmp_path):
    env = {
        **valid_production(tmp_path),
        "SECRET_KEY": "s" * 49,
        "HAVEN_FIELD_KEYS": f"{Fernet.generate_key().decode()},not-a-key",
        "HAVEN_BLIND_INDEX_KEY": "x",
        "ALLOWED_HOSTS": "haven.example-homes.org.uk,*",
        "HAVEN_SITE_URL": "http://haven.example-homes.org.uk",
        "DATABASE_URL": "",
        "EMAIL_HOST": "",
        "DEFAULT_FROM_EMAIL": "haven@localhost",
        "HAVEN_IDLE_TIMEOUT_MINUTES": "thirty",
        "HAVEN_SECURE_COOKIES": "perhaps",
        "HAVEN_LOCKOUT_FAILURES": "0",
        "HAVEN_TASKS": "celery",
    }
    problems = refusal(run("manage.py", "check", env=env))
    assert "49 characters long" in named(problems, "SECRET_KEY")[0]
    assert "key number 2 is not a Fernet key" in named(problems, "HAVEN_FIELD_KEYS")[0]
    assert "at least 32 random bytes" in named(problems, "HAVEN_BLIND_INDEX_KEY")[0]
    assert "contains '*'" in named(problems, "ALLOWED_HOSTS")[0]
    assert "not an https address" in named(problems, "HAVEN_SITE_URL")[0]
    assert named(problems, "DATABASE_URL is not set")
    assert named(problems, "EMAIL_HOST is not set")
    assert "@localhost" in named(problems, "DEFAULT_FROM_EMAIL")[0]
    assert "'thirty', not a whole number" in named(problems, "HAVEN_IDLE_TIMEOUT_MINUTES")[0]
    assert "neither yes nor no" in named(problems, "HAVEN_SECURE_COOKIES")[0]
    assert "from 1 to 100" in named(problems, "HAVEN_LOCKOUT_FAILURES")[0]
    assert "database or immediate" in named(problems, "HAVEN_TASKS")[0]
    assert len(problems) == 12


def test_addresses_that_do_not_fit_together_are_named(tmp_path):
    env = {
        **valid_production(tmp_path),
        "HAVEN_SITE_URL": "https://haven.other-homes.org.uk",
        "DATABASE_URL": "mysql://haven@127.0.0.1/haven",
        "DEFAULT_FROM_EMAIL": "Haven's mailbox",
        "CSRF_TRUSTED_ORIGINS": "http://haven.example-homes.org.uk",
    }
    problems = refusal(run("manage.py", "check", env=env))
    assert (
        "'haven.other-homes.org.uk' is not in ALLOWED_HOSTS" in named(problems, "HAVEN_SITE_URL")[0]
    )
    assert "production runs on PostgreSQL" in named(problems, "DATABASE_URL")[0]
    assert "not an e-mail address" in named(problems, "DEFAULT_FROM_EMAIL")[0]
    assert "must all be https" in named(problems, "CSRF_TRUSTED_ORIGINS")[0]
    assert len(problems) == 4


def test_passkey_settings_must_fit_the_site_address(tmp_path):
    env = {
        **valid_production(tmp_path),
        "HAVEN_WEBAUTHN_RP_ID": "org.uk",
        "HAVEN_WEBAUTHN_ORIGINS": f"{SITE},http://haven.example-homes.org.uk",
    }
    problems = refusal(run("manage.py", "check", env=env))
    assert "'org.uk', which passkeys cannot use" in named(problems, "HAVEN_WEBAUTHN_RP_ID")[0]
    assert "'http://haven.example-homes.org.uk'" in named(problems, "HAVEN_WEBAUTHN_ORIGINS")[0]
    assert len(problems) == 2
    # A parent domain the landlord owns is a proper relying party.
    env["HAVEN_WEBAUTHN_RP_ID"] = "example-homes.org.uk"
    env["HAVEN_WEBAUTHN_ORIGINS"] = SITE
    assert run("manage.py", "check", env=env).returncode == 0


def test_sqlite_in_production_needs_the_opt_in_and_a_data_directory_outside_the_checkout(
    tmp_path,
):
    base = {**valid_production(tmp_path), "DATABASE_URL": ""}
    del base["HAVEN_VAR_DIR"]
    problems = refusal(run("manage.py", "check", env={**base, "HAVEN_SQLITE_IN_PRODUCTION": "yes"}))
    assert problems == [
        "HAVEN_SQLITE_IN_PRODUCTION is on but HAVEN_VAR_DIR is not set: set it to the directory "
        "that holds the database, outside the checkout (e.g. /srv/haven/var)."
    ]
    inside = {**base, "HAVEN_SQLITE_IN_PRODUCTION": "yes", "HAVEN_VAR_DIR": str(REPO / "var")}
    assert "outside the checkout" in refusal(run("manage.py", "check", env=inside))[0]
    outside = {**base, "HAVEN_SQLITE_IN_PRODUCTION": "yes", "HAVEN_VAR_DIR": str(tmp_path)}
    result = run("manage.py", "check", env=outside)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "local-keys.json").exists()


def test_gunicorns_entry_point_prints_the_refusal_alone(tmp_path):
    env = {**valid_production(tmp_path), "HAVEN_BLIND_INDEX_KEY": "x"}
    problems = refusal(run("-c", "import haven.wsgi", env=env))
    assert [problem.split(" ")[0] for problem in problems] == ["HAVEN_BLIND_INDEX_KEY"]
