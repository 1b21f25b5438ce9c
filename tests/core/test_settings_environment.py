"""Which environment Haven runs in, and the checks every environment makes (issue 11).

A missing HAVEN_ENV used to mean development: a deployed checkout then served in development
mode and wrote generated keys into var/. Now only a checkout `make setup` prepared may leave it
out (ADR 0005); anywhere else Haven refuses, and generates no keys.
"""

import subprocess

from haven.lib.env import DEVELOPMENT_MARKER, environment_problem
from tests.core.test_settings_production import REPO, refusal, run


def test_a_missing_environment_is_development_only_in_a_prepared_checkout(tmp_path):
    assert "HAVEN_ENV is not set" in environment_problem("", tmp_path)
    (tmp_path / DEVELOPMENT_MARKER).write_text("")
    assert environment_problem("", tmp_path) is None
    # An explicit environment never depends on the marker.
    assert environment_problem("production", tmp_path) is None
    assert "'staging'" in environment_problem("staging", tmp_path)


def test_make_setup_prepares_the_checkout_and_git_ignores_the_marker():
    makefile = (REPO / "Makefile").read_text()
    assert "setup: $(PYTHON_STAMP) $(ASSETS) $(DEVELOPMENT_MARKER)" in makefile
    assert f"DEVELOPMENT_MARKER := {DEVELOPMENT_MARKER}" in makefile
    ignored = subprocess.run(  # noqa: S603
        ["git", "check-ignore", "-q", DEVELOPMENT_MARKER],  # noqa: S607
        cwd=REPO,
        check=False,
    )
    assert ignored.returncode == 0


def test_an_unknown_environment_refuses_and_generates_no_keys(tmp_path):
    problems = refusal(
        run("manage.py", "check", env={"HAVEN_ENV": "staging", "HAVEN_VAR_DIR": str(tmp_path)})
    )
    assert problems == ["HAVEN_ENV is 'staging': set it to production (or development or demo)."]
    assert not (tmp_path / "local-keys.json").exists()


def test_development_reports_unusable_numbers_and_switches_too(tmp_path):
    env = {
        "HAVEN_ENV": "development",
        "HAVEN_VAR_DIR": str(tmp_path),
        "HAVEN_IDLE_TIMEOUT_MINUTES": "thirty",
        "HAVEN_UPLOAD_MAX_MB": "-5",
        "HAVEN_DEBUG": "sometimes",
        "EMAIL_PORT": "smtp",
        "HAVEN_LOG_LEVEL": "LOUD",
    }
    problems = refusal(run("manage.py", "check", env=env))
    assert [problem.split(" ")[0] for problem in problems] == [
        "HAVEN_DEBUG",
        "HAVEN_IDLE_TIMEOUT_MINUTES",
        "EMAIL_PORT",
        "HAVEN_UPLOAD_MAX_MB",
        "HAVEN_LOG_LEVEL",
    ]


def test_development_starts_with_generated_keys(tmp_path):
    result = run(
        "manage.py", "check", env={"HAVEN_ENV": "development", "HAVEN_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "local-keys.json").exists()
