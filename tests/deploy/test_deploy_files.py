"""The files an operator copies onto the machine (scripts/): quick checks that run with every
`make test`. The install itself is proven by test_production_install.py (CI stage)."""

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.helpers import env_file_values

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
UNITS = sorted((SCRIPTS / "systemd").glob("*.service"))
ENV_EXAMPLE = SCRIPTS / "haven.env.example"
OWNER_EXAMPLE = SCRIPTS / "owner.env.example"
BASH = shutil.which("bash") or "/bin/bash"
MAKE = shutil.which("make") or "/usr/bin/make"


def unit(path: Path) -> configparser.ConfigParser:
    # systemd repeats keys (ExecStart=, EnvironmentFile=): keep every value, one a line.
    parser = configparser.ConfigParser(
        strict=False, interpolation=None, dict_type=_MultiDict, empty_lines_in_values=False
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


class _MultiDict(dict):
    def __setitem__(self, key: str, value: object) -> None:
        if isinstance(value, list) and key in self:
            self[key].extend(value)
        else:
            super().__setitem__(key, value)


def values(parsed: configparser.ConfigParser, section: str, key: str) -> list[str]:
    raw = parsed.get(section, key, fallback="")
    return [line for line in raw.splitlines() if line]


def manage_check_env(env_file: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own script)
        [str(SCRIPTS / "manage"), "--check-env"],
        env={"PATH": os.environ["PATH"], "HAVEN_ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("template", [ENV_EXAMPLE, OWNER_EXAMPLE], ids=lambda path: path.name)
def test_a_shell_reads_the_templates_exactly_as_the_quoting_rule_says(template: Path) -> None:
    expected = env_file_values(template.read_text())
    script = (
        'set -a; . "$0"; set +a; for name in "$@"; do printf "%s=%s\\0" "$name" "${!name}"; done'
    )
    sourced = subprocess.run(  # noqa: S603 (bash on our own template)
        [BASH, "-c", script, str(template), *expected],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        check=True,
    ).stdout.decode()
    read = dict(item.split("=", 1) for item in sourced.split("\0") if item)
    assert read == expected
    assert manage_check_env(template).returncode == 0
    if template == ENV_EXAMPLE:
        # A value with spaces is in the template, so the rule is exercised, not just stated.
        assert any(" " in value for value in expected.values())


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("HAVEN_LANDLORD_NAME=Example Homes", "put the value in double quotes"),
        ('EMAIL_HOST_PASSWORD="pa$$word"', "may not contain"),
        ('EMAIL_HOST_PASSWORD="back\\slash"', "may not contain"),
        ("export HAVEN_ENV=production", "not NAME=value"),
        ("HAVEN_ENV = production", "not NAME=value"),
    ],
)
def test_scripts_manage_refuses_a_line_the_two_readers_would_read_differently(
    tmp_path: Path, line: str, problem: str
) -> None:
    env_file = tmp_path / "haven.env"
    env_file.write_text(f'HAVEN_ENV="production"\n{line}\n')
    refused = manage_check_env(env_file)
    assert refused.returncode == 2
    assert "line 2" in refused.stderr and problem in refused.stderr
    # The message names the line, never the value (it may be a key or a password).
    assert "word" not in refused.stderr and "slash" not in refused.stderr


def test_every_unit_may_write_where_haven_writes_and_nowhere_else() -> None:
    settings = env_file_values(ENV_EXAMPLE.read_text())
    written = {settings["HAVEN_VAR_DIR"], settings["HAVEN_UPLOAD_DIR"]}
    assert UNITS
    for path in UNITS:
        service = unit(path)
        assert values(service, "Service", "ProtectSystem") == ["strict"], path.name
        allowed = set(" ".join(values(service, "Service", "ReadWritePaths")).split())
        expected = set(written)
        if path.name == "haven-backup.service":
            (command,) = values(service, "Service", "ExecStart")
            output = command.split("--output ", 1)[1].split()[0]
            expected.add(os.path.dirname(output))
        assert allowed == expected, path.name


def test_only_the_statistics_unit_holds_the_owner_role() -> None:
    for path in UNITS:
        service = unit(path)
        assert values(service, "Service", "User") == ["haven"], path.name
        assert values(service, "Service", "WorkingDirectory") == ["/srv/haven/app"], path.name
        files = values(service, "Service", "EnvironmentFile")
        commands = " ".join(values(service, "Service", "ExecStart"))
        if path.name == "haven-statistics.service":
            # Later files override earlier ones: the owner's DATABASE_URL wins, for ANALYZE.
            assert files == ["/etc/haven/haven.env", "/etc/haven/owner.env"]
            assert "refresh_statistics" in commands
        else:
            assert files == ["/etc/haven/haven.env"], path.name
            assert "refresh_statistics" not in commands, path.name


def test_every_timer_starts_a_unit_that_exists() -> None:
    timers = sorted((SCRIPTS / "systemd").glob("*.timer"))
    assert timers
    for timer in timers:
        assert (timer.with_suffix(".service")).exists(), timer.name


def test_make_install_refuses_an_interpreter_that_is_not_python_313(tmp_path: Path) -> None:
    not_313 = tmp_path / "python3"
    not_313.write_text("#!/bin/sh\nexit 1\n")
    not_313.chmod(0o755)
    refused = subprocess.run(  # noqa: S603 (make, on our Makefile, stops at its first check)
        [MAKE, "-f", str(REPO / "Makefile"), "-C", str(tmp_path), "install", f"PYTHON={not_313}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "make install needs Python 3.13" in refused.stdout
    assert f"PYTHON={not_313}" in refused.stdout


def test_make_install_refuses_a_checkout_prepared_for_development(tmp_path: Path) -> None:
    (tmp_path / ".haven-development").write_text("")
    refused = subprocess.run(  # noqa: S603 (make, on our Makefile, stops at its second check)
        [
            MAKE,
            "-f",
            str(REPO / "Makefile"),
            "-C",
            str(tmp_path),
            "install",
            f"PYTHON={sys.executable}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "prepared for development" in refused.stdout
    assert not (tmp_path / ".venv").exists()
