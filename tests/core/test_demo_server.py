"""`make demo` serves Haven and runs its background-task worker together (scripts/serve_demo.py):
Ctrl+C stops both, and if either stops by itself the other is stopped too. The demo's e-mail
never leaves the machine."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support.processes import REPO, haven_env, run_manage


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def processes() -> dict[int, tuple[int, str]]:
    """Every process on the machine: pid -> (parent pid, command line)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue  # ended while we looked
        # The command name (in brackets) may hold spaces: the fields after it are fixed.
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            found[int(entry.name)] = (int(fields[1]), cmdline)
    return found


def descendants(pid: int) -> dict[int, str]:
    table = processes()
    found: dict[int, str] = {}
    parents = {pid}
    while True:
        new = {p: cmd for p, (ppid, cmd) in table.items() if ppid in parents and p not in found}
        if not new:
            return found
        found.update(new)
        parents = set(new)


def wait_for(check, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/get-help/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory) -> dict[str, str]:
    """A migrated demo database of its own, as `make demo` leaves it before serving."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    env = haven_env(var_dir, environment="demo", HAVEN_TASKS="database")
    migrated = run_manage("migrate", "--noinput", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    return env


class Demo:
    """scripts/serve_demo.py on a free port; on leaving, whatever is left of it is killed (a
    failed test must not leave a server behind on a shared machine)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.port = free_port()
        self.seen: set[int] = set()

    def __enter__(self) -> "Demo":
        self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
            [
                sys.executable,
                "scripts/serve_demo.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
            ],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            # Its own session, as a terminal would start it: our signals reach it alone.
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        left = set(self.seen)
        if self.process.poll() is None:
            left.update(descendants(self.process.pid))
            self.process.kill()
        for pid in left:
            if self.ours(pid):
                os.kill(pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def ours(self, pid: int) -> bool:
        """Still one of this demo's processes (its own var/), not a later one given its pid."""
        try:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            return False
        return f"HAVEN_VAR_DIR={self.env['HAVEN_VAR_DIR']}".encode() in environ

    def running(self) -> dict[int, str]:
        """The demo's processes, once there are gunicorn's master and its worker, and
        db_worker, and the demo answers."""
        wait_for(lambda: answers(self.port), seconds=60, what="the demo to answer")

        def found() -> dict[int, str]:
            running = descendants(self.process.pid)
            self.seen.update(running)
            web = [cmd for cmd in running.values() if "gunicorn" in cmd]
            tasks = [cmd for cmd in running.values() if "manage.py db_worker" in cmd]
            return running if len(web) >= 2 and len(tasks) == 1 else {}

        return wait_for(found, seconds=60, what="gunicorn and db_worker to start")

    def stderr(self) -> str:
        return self.process.stderr.read() if self.process.stderr else ""


def all_gone(pids) -> bool:
    alive = processes()
    return not any(pid in alive for pid in pids)


@pytest.mark.slow
def test_ctrl_c_stops_the_web_server_and_the_task_worker(demo_env):
    with Demo(demo_env) as demo:
        running = demo.running()
        time.sleep(1)  # the task worker is past start-up, polling the queue
        assert all(pid in processes() for pid in running), "a process died after starting"

        demo.process.send_signal(signal.SIGINT)

        assert demo.process.wait(timeout=30) == 0, demo.stderr()
        assert "Stopping the web server and the task worker" in demo.stderr()
        wait_for(lambda: all_gone(running), seconds=10, what="every process to end")
        assert not answers(demo.port)


@pytest.mark.slow
def test_if_the_task_worker_dies_the_web_server_is_stopped_too(demo_env):
    with Demo(demo_env) as demo:
        running = demo.running()
        worker = next(pid for pid, cmd in running.items() if "db_worker" in cmd)

        os.kill(worker, signal.SIGKILL)

        assert demo.process.wait(timeout=30) == 128 + signal.SIGKILL
        assert "The task worker stopped: stopping the other." in demo.stderr()
        wait_for(lambda: all_gone(running), seconds=10, what="every process to end")


@pytest.mark.slow
def test_killed_outright_it_leaves_neither_behind(demo_env):
    with Demo(demo_env) as demo:
        running = demo.running()

        demo.process.kill()  # no chance to pass anything on

        demo.process.wait(timeout=10)
        wait_for(lambda: all_gone(running), seconds=40, what="every process to end")


def test_make_demo_serves_through_the_script_with_tasks_queued_for_the_worker():
    makefile = (REPO / "Makefile").read_text()
    recipe = makefile.split("\ndemo: setup\n", 1)[1].split("\n\n", 1)[0]
    assert "HAVEN_TASKS=database exec $(VENV_PYTHON) scripts/serve_demo.py" in recipe
    assert "bin/gunicorn" not in recipe  # never gunicorn alone, without the worker


def mail_backend(**env: str) -> str:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.MAILERS['default']['BACKEND']))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HAVEN_", "EMAIL_"))}
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**clean, "DJANGO_SETTINGS_MODULE": "haven.settings", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_writes_email_to_files_even_with_an_smtp_server_set(tmp_path):
    files = "django.core.mail.backends.filebased.EmailBackend"
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    where = {"HAVEN_VAR_DIR": str(tmp_path), "EMAIL_HOST": "smtp.example"}

    assert mail_backend(HAVEN_ENV="demo", **where) == files
    assert mail_backend(HAVEN_ENV="demo", HAVEN_VAR_DIR=str(tmp_path)) == files
    # Development keeps its documented choice: a real server when one is named.
    assert mail_backend(HAVEN_ENV="development", **where) == smtp
