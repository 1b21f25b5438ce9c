"""Concurrent intakes on SQLite: separate processes (as gunicorn workers are) recording
disclosures into one database file never share a case reference."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

WRITER = """
import django; django.setup()
from django.utils import timezone
from haven.accounts.models import User
from haven.cases import services
officer = User.objects.get(email="intake@example.org")
for n in range(15):
    services.record_disclosure(
        services.Disclosure(channel="phone", received_at=timezone.now(), given_name=f"P{n}",
                            summary="Synthetic."),
        actor=officer,
    )
"""

SETUP = """
import django; django.setup()
from haven.accounts.models import User
User.objects.create_user(email="intake@example.org", full_name="Intake Officer", role="case_officer")
"""

CHECK = """
import django; django.setup()
from haven.cases.models import Case
refs = list(Case.objects.values_list("reference", flat=True))
print(len(refs), len(set(refs)), max(refs))
"""


def test_parallel_processes_never_share_a_reference_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(HAVEN_ENV="development", HAVEN_VAR_DIR=str(tmp_path))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603 (our own interpreter and manage.py, fixed arguments)
            [sys.executable, *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert run("manage.py", "migrate", "-v0").returncode == 0
    assert run("-c", SETUP).returncode == 0
    writers = [
        subprocess.Popen(  # noqa: S603 (our own interpreter, fixed script)
            [sys.executable, "-c", WRITER], cwd=REPO, env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    for writer in writers:
        _, stderr = writer.communicate(timeout=300)
        assert writer.returncode == 0, stderr
    result = run("-c", CHECK)
    assert result.returncode == 0, result.stderr
    count, distinct, highest = result.stdout.split()
    assert count == distinct == "60"
    assert highest.endswith("-00060")
