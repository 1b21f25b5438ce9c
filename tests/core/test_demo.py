"""seed_demo and demo_totp: deterministic invented staff, sign-ins only in demo mode."""

import importlib.util
import io
import json
import os
import stat
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from haven.accounts.models import AuthenticatorDevice, Role, User
from haven.core import demo
from tests.support.processes import haven_env, run_manage

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_mode(settings, tmp_path):
    settings.HAVEN_ENV = "demo"
    settings.DEMO_MODE = True
    settings.VAR_DIR = tmp_path
    return tmp_path


def seed(seed: int, cases: int = 0) -> dict:
    out = io.StringIO()
    call_command("seed_demo", "--cases", str(cases), "--seed", str(seed), stdout=out)
    return json.loads(demo.credentials_path().read_text())


def by_email(credentials: dict) -> dict[str, dict]:
    return {user["email"]: user for user in credentials["users"]}


def test_the_same_seed_gives_the_same_people_and_sign_ins(demo_mode, db):
    first = seed(5)
    other = seed(9)
    again = seed(5)

    assert again["users"] == first["users"]
    # A different seed gives the same people but different secrets.
    assert [u["email"] for u in other["users"]] == [u["email"] for u in first["users"]]
    for email, user in by_email(other).items():
        assert user["password"] != by_email(first)[email]["password"]
        assert user["totp_secret"] != by_email(first)[email]["totp_secret"]


def test_running_it_again_never_duplicates_anyone(demo_mode, db):
    seed(5)
    people = User.objects.count()
    devices = AuthenticatorDevice.objects.count()
    seed(5)
    assert User.objects.count() == people == len(demo.DEMO_CAST)
    assert AuthenticatorDevice.objects.count() == devices == len(demo.DEMO_CAST)


def test_there_is_a_demo_person_for_every_role_and_officers_differ(demo_mode, db):
    credentials = seed(3)
    roles = {user["role"] for user in credentials["users"]}
    assert roles == {role.value for role in Role}
    officers = User.objects.filter(role=Role.CASE_OFFICER)
    assert officers.count() >= 4
    assert len({officer.gender for officer in officers}) >= 3
    assert len({officer.languages for officer in officers}) == officers.count()
    assert all(officer.team is not None for officer in officers)


def test_the_credentials_file_holds_working_sign_ins_for_its_owner_only(demo_mode, db):
    credentials = seed(11)
    path = demo.credentials_path()
    assert path.parent == demo_mode
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600

    assert credentials["seed"] == 11
    for entry in credentials["users"]:
        user = User.objects.get(email=entry["email"])
        assert user.check_password(entry["password"])
        assert entry["role"] == user.role
        assert entry["full_name"] == user.full_name
        device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
        assert entry["totp_secret"] == demo.base32_secret(device.bin_key)

        uri = urlparse(entry["otpauth_uri"])
        assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
        query = parse_qs(uri.query)
        assert query["secret"] == [entry["totp_secret"]]
        assert entry["email"] in unquote(uri.path)


def test_demo_emails_are_reserved_example_addresses(demo_mode, db):
    credentials = seed(1)
    assert all(u["email"].endswith("@demo.example") for u in credentials["users"])


def test_demo_totp_prints_a_code_the_sign_in_accepts(demo_mode, db):
    seed(21)
    officer = User.objects.filter(role=Role.CASE_OFFICER).first()
    out = io.StringIO()
    call_command("demo_totp", officer.email.upper(), stdout=out, stderr=io.StringIO())
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    device = AuthenticatorDevice.objects.get(user=officer)
    assert device.verify_token(code)


def test_demo_totp_names_an_unknown_address_kindly(demo_mode, db):
    seed(21)
    with pytest.raises(CommandError, match="no demo user"):
        call_command("demo_totp", "nobody@demo.example", stdout=io.StringIO())


def test_demo_totp_will_not_give_codes_for_real_accounts(demo_mode, db):
    seed(21)
    real = User.objects.create_user(
        email="real.person@example.org", password="x" * 20, full_name="R"
    )
    AuthenticatorDevice.objects.create(user=real, name=demo.DEMO_DEVICE_NAME, confirmed=True)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_totp", real.email, stdout=io.StringIO())


@pytest.mark.parametrize("environment", ["development", "production"])
def test_outside_demo_mode_nothing_is_created_or_written(settings, tmp_path, db, environment):
    settings.HAVEN_ENV = environment
    settings.DEMO_MODE = False
    settings.VAR_DIR = tmp_path

    with pytest.raises(CommandError, match="only creates them in demo mode"):
        call_command("seed_demo", "--cases", "0", stdout=io.StringIO())

    assert not User.objects.exists()
    assert not (tmp_path / "demo-credentials.json").exists()
    with pytest.raises(demo.DemoModeRequired):
        demo.write_credentials_file([], seed=1)
    assert not (tmp_path / "demo-credentials.json").exists()
    with pytest.raises(demo.DemoModeRequired):
        demo.create_demo_staff(1)
    assert not User.objects.exists()


def test_demo_totp_refuses_outside_demo_mode(settings, db, alice):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="only creates them in demo mode"):
        call_command("demo_totp", alice.email, stdout=io.StringIO())


def test_negative_case_counts_are_refused(demo_mode, db):
    with pytest.raises(CommandError, match="0 or more"):
        call_command("seed_demo", "--cases", "-1", stdout=io.StringIO())


@pytest.mark.skipif(
    importlib.util.find_spec("haven.cases.demo") is None,
    reason="haven.cases.demo (the cases app's demo data) does not exist yet",
)
def test_cases_are_seeded_once_however_often_it_runs(demo_mode, db):
    from haven.cases.models import Case

    seed(4, cases=6)
    assert Case.objects.count() == 6
    seed(4, cases=6)
    assert Case.objects.count() == 6


def manage_in(
    *arguments: str, var_dir: Path, environment: str = "demo"
) -> subprocess.CompletedProcess:
    return run_manage(*arguments, env=haven_env(var_dir, environment=environment))


@pytest.mark.slow
def test_the_demo_command_line_seeds_reruns_and_resets(tmp_path):
    """What `make demo` runs, end to end on a throwaway SQLite file: seed, run again, reset."""
    migrated = manage_in("migrate", "--noinput", "-v", "0", var_dir=tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    first = manage_in("seed_demo", "--cases", "3", "--seed", "8", var_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "priya.shah@demo.example" in first.stdout
    credentials = json.loads((tmp_path / "demo-credentials.json").read_text())
    password = by_email(credentials)["priya.shah@demo.example"]["password"]
    assert password in first.stdout

    again = manage_in("seed_demo", "--cases", "3", "--seed", "8", var_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert json.loads((tmp_path / "demo-credentials.json").read_text()) == credentials

    reset = manage_in("seed_demo", "--cases", "3", "--seed", "8", "--reset", var_dir=tmp_path)
    assert reset.returncode == 0, reset.stderr
    assert "emptied" in reset.stdout

    code = manage_in("demo_totp", "helen.carter@demo.example", var_dir=tmp_path)
    assert code.returncode == 0, code.stderr
    assert code.stdout.strip().isdigit()

    refused = manage_in("seed_demo", var_dir=tmp_path, environment="development")
    assert refused.returncode != 0
    assert "only creates them in demo mode" in refused.stderr


def test_demo_totp_can_draw_the_qr_code_for_an_authenticator_app(demo_mode, db):
    credentials = seed(21)
    kevin = by_email(credentials)["kevin.doyle@demo.example"]
    out = io.StringIO()
    call_command("demo_totp", kevin["email"], "--qr", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert kevin["otpauth_uri"] in lines[0]
    assert any("█" in line for line in lines[1:-1])
    assert lines[-1].isdigit() and len(lines[-1]) == 6
