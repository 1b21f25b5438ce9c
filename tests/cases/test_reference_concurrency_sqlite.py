"""Concurrent intakes on SQLite: separate processes (as gunicorn workers are) recording
disclosures into one database file never share a case reference."""

import pytest

from tests.support.processes import haven_env, run_manage, run_python, start_script

WRITER = """
import django; django.setup()
from django.utils import timezone
from haven.accounts.models import User
from haven.cases.services import record as record_services
officer = User.objects.get(email="intake@example.org")
for n in range(15):
    record_services.record_disclosure(
        record_services.Disclosure(channel="phone", received_at=timezone.now(), given_name=f"P{n}",
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


@pytest.mark.slow
def test_parallel_processes_never_share_a_reference_on_sqlite(tmp_path):
    env = haven_env(tmp_path)
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    assert run_python("-c", SETUP, env=env).returncode == 0
    writers = [start_script(WRITER, env=env) for _ in range(4)]
    for writer in writers:
        _, stderr = writer.communicate(timeout=300)
        assert writer.returncode == 0, stderr
    result = run_python("-c", CHECK, env=env)
    assert result.returncode == 0, result.stderr
    count, distinct, highest = result.stdout.split()
    assert count == distinct == "60"
    assert highest.endswith("-00060")
